import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { diffSnapshots, money, type AuditSnapshot } from '../infrastructure/audit/audit-changes';
import { recordAudit } from '../infrastructure/audit/audit-log';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { joinSql, sql, sqlText } from '../common/database/sql';
import { AppError, badInput, ErrorCode } from '../common/errors/app-error';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type Connection,
  type PageArgs,
  invalidCursor,
} from '../common/graphql/pagination';
import { isKnownCurrency, MoneyInputError, parseMoney } from '../common/money';
import { isUuid } from '../common/validation/uuid';
import { SLUG_PATTERN, type UpsertPlatformAccountInput } from './dto/platform.input';
import { PlatformAccountEntity } from './platform.entity';
import { toPlatformAccount, type PlatformAccount } from './platform-account.model';
import { maySeePlatformIncome, visiblePlatformAccounts } from './platform-account.repository';
import { blank, PlatformErrorReason } from './platform.errors';
import { returnedRows, toDate } from './platform.rows';
import { PlatformsService } from './platforms.service';

interface AccountRow {
  id: string;
  creator_id: string;
  platform_id: string;
  handle: string;
  followers: number;
  daily_earnings: string;
  currency: string;
  created_at: Date | string;
  updated_at: Date | string;
}

// bigint as text: pg and PGlite disagree on how they hand back int8.
const ACCOUNT_COLUMNS = `a.id, a.creator_id, a.platform_id, a.handle, a.followers,
  a.daily_earnings::text AS daily_earnings, a.currency, a.created_at, a.updated_at`;

function accountFromRow(row: AccountRow): PlatformAccountEntity {
  return Object.assign(new PlatformAccountEntity(), {
    id: row.id,
    creatorId: row.creator_id,
    platformId: row.platform_id,
    handle: row.handle,
    followers: Number(row.followers),
    dailyEarnings: BigInt(row.daily_earnings),
    currency: row.currency,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  });
}

/**
 * Creators' own platform accounts. Their earnings are private: a creator reads only their own,
 * an administrator every creator's, and a brand user none.
 */
@Injectable()
export class PlatformAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly platforms: PlatformsService,
  ) {}

  /** Creates or replaces the creator's one account on the platform. */
  async upsert(creatorId: string, input: UpsertPlatformAccountInput): Promise<PlatformAccount> {
    const handle = input.handle.trim();
    if (!handle) throw blank('input.handle', 'handle');
    if (!isKnownCurrency(input.currency)) {
      throw badInput(
        `Unknown currency "${input.currency}"; use an ISO 4217 code such as USD`,
        ['input.currency'],
        PlatformErrorReason.UNKNOWN_CURRENCY,
      );
    }
    let dailyEarnings: bigint;
    try {
      dailyEarnings = parseMoney(input.dailyEarnings, input.currency);
    } catch (error) {
      if (!(error instanceof MoneyInputError)) throw error;
      throw new AppError(ErrorCode.BAD_USER_INPUT, `dailyEarnings: ${error.message}`, {
        reason: PlatformErrorReason.INVALID_AMOUNT,
        fields: ['input.dailyEarnings'],
        amountProblem: error.reason,
      });
    }
    const platform = (
      await this.platforms.resolveSlugs([input.platformSlug], 'input.platformSlug')
    ).get(input.platformSlug)!;
    return runTransaction(this.dataSource, async (manager) => {
      const values = [handle, input.followers, dailyEarnings.toString(), input.currency];
      // Lock the current account (if any) to know what it was; when there is none, two concurrent
      // first upserts cannot both insert (ON CONFLICT), and the loser updates the winner's row.
      let before = await lockAccount(manager, creatorId, platform.id);
      let row: AccountRow | undefined;
      if (!before) {
        [row] = await manager.query<AccountRow[]>(
          `INSERT INTO platform_accounts AS a (creator_id, platform_id, handle, followers, daily_earnings, currency)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (creator_id, platform_id) DO NOTHING
           RETURNING ${ACCOUNT_COLUMNS}`,
          [creatorId, platform.id, ...values],
        );
        if (!row) before = await lockAccount(manager, creatorId, platform.id);
      }
      if (before) {
        [row] = returnedRows<AccountRow>(
          await manager.query(
            `UPDATE platform_accounts AS a
                SET handle = $2, followers = $3, daily_earnings = $4, currency = $5, updated_at = now()
              WHERE a.id = $1
             RETURNING ${ACCOUNT_COLUMNS}`,
            [before.id, ...values],
          ),
        );
      }
      const account = accountFromRow(row!);
      await recordAudit(manager, [
        {
          // Only the creator writes their accounts, so the actor is the creator's user.
          actorUserId: await creatorUserId(manager, creatorId),
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

  /** The accounts the viewer may see, ordered by platform slug then id. */
  async list(viewer: Viewer, args: PageArgs): Promise<Connection<PlatformAccount>> {
    const size = pageSize(args);
    // Brands never see platform income: not even how many accounts exist.
    if (!maySeePlatformIncome(viewer))
      return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    const visible = visiblePlatformAccounts(viewer, 'a');
    const pageFilters = [visible];
    if (args.after) {
      const [slug, id] = decodeCursor(args.after);
      if (!SLUG_PATTERN.test(slug) || !isUuid(id)) throw invalidCursor();
      pageFilters.push(sql`(p.slug, a.id) > (${slug}, ${id}::uuid)`);
    }
    const page = sql`SELECT ${sqlText(ACCOUNT_COLUMNS)}, p.slug AS platform_slug
         FROM platform_accounts a JOIN platforms p ON p.id = a.platform_id
        WHERE ${joinSql(pageFilters)}
        ORDER BY p.slug, a.id
        LIMIT ${size + 1}`;
    const rows = await this.dataSource.query<Array<AccountRow & { platform_slug: string }>>(
      page.text,
      page.values,
    );
    const count = sql`SELECT count(*)::int AS total FROM platform_accounts a WHERE ${visible}`;
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      count.text,
      count.values,
    );
    return toConnection(
      rows,
      size,
      total,
      (row) => [row.platform_slug, row.id],
      (row) => toPlatformAccount(accountFromRow(row)),
    );
  }
}

async function lockAccount(
  manager: EntityManager,
  creatorId: string,
  platformId: string,
): Promise<PlatformAccountEntity | null> {
  const [row] = await manager.query<AccountRow[]>(
    `SELECT ${ACCOUNT_COLUMNS} FROM platform_accounts a
      WHERE a.creator_id = $1 AND a.platform_id = $2
      FOR UPDATE`,
    [creatorId, platformId],
  );
  return row ? accountFromRow(row) : null;
}

async function creatorUserId(manager: EntityManager, creatorId: string): Promise<string | null> {
  const [row] = await manager.query<Array<{ user_id: string }>>(
    `SELECT user_id FROM creators WHERE id = $1`,
    [creatorId],
  );
  return row?.user_id ?? null;
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
