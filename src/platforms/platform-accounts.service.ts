import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { diffSnapshots, money, type AuditSnapshot } from '../infrastructure/audit/audit-changes';
import { recordAudit } from '../infrastructure/audit/audit-log';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { AppError, badInput, ErrorCode, inputProblems } from '../common/errors/app-error';
import { mapNodes, pageWindow, type Connection, type PageArgs } from '../common/graphql/pagination';
import { isKnownCurrency, MoneyInputError, parseMoney } from '../common/money';
import type { UpsertPlatformAccountInput } from './dto/platform.input';
import { PlatformAccountEntity, type PlatformEntity } from './platform.entity';
import { toPlatformAccount, type PlatformAccount } from './platform-account.model';
import {
  maySeePlatformIncome,
  PlatformAccountRepository,
  type AccountValues,
} from './platform-account.repository';
import { blank, PlatformErrorReason } from './platform.errors';
import { PlatformsService } from './platforms.service';

/**
 * Creators' own platform accounts. Their earnings are private: a creator reads only their own,
 * an administrator every creator's, and a brand user none.
 */
@Injectable()
export class PlatformAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly platforms: PlatformsService,
    private readonly accounts: PlatformAccountRepository,
  ) {}

  /** Creates or replaces the creator's one account on the platform. */
  async upsert(creatorId: string, input: UpsertPlatformAccountInput): Promise<PlatformAccount> {
    // Every problem at once, so a form can show them all.
    const problems: AppError[] = [];
    const handle = input.handle.trim();
    if (!handle) problems.push(blank('input.handle', 'handle'));
    const { amount, currency } = input.dailyEarnings;
    let dailyEarnings = 0n;
    if (!isKnownCurrency(currency)) {
      problems.push(
        badInput(
          `Unknown currency "${currency}"; use an ISO 4217 code such as USD`,
          ['input.dailyEarnings.currency'],
          PlatformErrorReason.UNKNOWN_CURRENCY,
        ),
      );
    } else {
      try {
        dailyEarnings = parseMoney(amount, currency);
      } catch (error) {
        if (!(error instanceof MoneyInputError)) throw error;
        problems.push(
          new AppError(ErrorCode.BAD_USER_INPUT, `dailyEarnings.amount: ${error.message}`, {
            reason: PlatformErrorReason.INVALID_AMOUNT,
            fields: ['input.dailyEarnings.amount'],
            amountProblem: error.reason,
          }),
        );
      }
    }
    let platform: PlatformEntity | undefined;
    try {
      platform = (
        await this.platforms.resolveSlugs([input.platformSlug], 'input.platformSlug')
      ).get(input.platformSlug)!;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(error);
    }
    if (problems.length > 0 || !platform) throw inputProblems(problems);
    return runTransaction(this.dataSource, async (manager) => {
      const values: AccountValues = {
        handle,
        followers: input.followers,
        dailyEarnings,
        currency,
      };
      // Lock the current account (if any) to know what it was; when there is none, two concurrent
      // first upserts cannot both insert (ON CONFLICT), and the loser updates the winner's row.
      let before = await this.accounts.lock(manager, creatorId, platform.id);
      let account: PlatformAccountEntity | null = null;
      if (!before) {
        account = await this.accounts.insertIfNew(manager, creatorId, platform.id, values);
        if (!account) before = await this.accounts.lock(manager, creatorId, platform.id);
      }
      if (before) account = await this.accounts.update(manager, before.id, values);
      if (!account) throw new Error('upsertPlatformAccount: neither inserted nor updated');
      await recordAudit(manager, [
        {
          // Only the creator writes their accounts, so the actor is the creator's user.
          actorUserId: await this.accounts.creatorUserId(manager, creatorId),
          operation: 'upsertPlatformAccount',
          entityType: 'PLATFORM_ACCOUNT',
          entityId: account.id,
          dealId: null,
          changes: diffSnapshots(
            before && accountSnapshot(before, platform.slug),
            accountSnapshot(account, platform.slug),
          ),
        },
      ]);
      return toPlatformAccount(account);
    });
  }

  /** The accounts the viewer may see, ordered by platform slug then id, paged either way. */
  async list(viewer: Viewer, args: PageArgs): Promise<Connection<PlatformAccount>> {
    // Refused arguments are refused for everyone, brands included.
    pageWindow(args);
    // Brands never see platform income: not even how many accounts exist.
    if (!maySeePlatformIncome(viewer))
      return {
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null },
        totalCount: 0,
      };
    return mapNodes(await this.accounts.page(viewer, args), (row) =>
      toPlatformAccount(row.account),
    );
  }
}

/** An account's audited fields; earnings in the account's currency. */
function accountSnapshot(account: PlatformAccountEntity, platformSlug: string): AuditSnapshot {
  return {
    platform: platformSlug,
    handle: account.handle,
    followers: account.followers,
    currency: account.currency,
    dailyEarnings: money(account.dailyEarnings, account.currency),
  };
}
