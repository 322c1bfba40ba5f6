import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';
import { keysetSqlPage } from '../common/database/keyset-page';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { SLUG_PATTERN } from './dto/platform.input';
import { PlatformAccountEntity } from './platform.entity';
import { returnedRows, toDate } from './platform.rows';

/**
 * Whether the caller may see platform income at all (rule 5): administrators and creators do,
 * brand users never (not even how many accounts exist).
 */
export function maySeePlatformIncome(viewer: Viewer): boolean {
  return viewer.isAdmin || viewer.role === 'CREATOR';
}

/**
 * The access rule for platform accounts and the income they carry, written once: which accounts
 * a caller may read. Every statement that reads `platform_accounts` (the account list, impact's
 * platform income, reports, the audit trail of an account) places this fragment in its SQL.
 *
 * - administrator: every creator's accounts
 * - creator: their own
 * - brand user: none
 *
 * `accountAlias` names a row with a `creator_id` column (the `platform_accounts` row).
 */
export function visiblePlatformAccounts(viewer: Viewer, accountAlias: string): Sql {
  const account = identifier(accountAlias);
  if (viewer.isAdmin) return sqlText('TRUE');
  if (viewer.role === 'CREATOR' && viewer.creatorId) {
    return sql`${account}.creator_id = ${viewer.creatorId}`;
  }
  return sqlText('FALSE');
}

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
const ACCOUNT_COLUMNS = sqlText(`a.id, a.creator_id, a.platform_id, a.handle, a.followers,
  a.daily_earnings::text AS daily_earnings, a.currency, a.created_at, a.updated_at`);

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

/** What an upsert writes on an account. */
export interface AccountValues {
  handle: string;
  followers: number;
  dailyEarnings: bigint;
  currency: string;
}

/** All SQL for platform accounts; reads apply `visiblePlatformAccounts`. */
@Injectable()
export class PlatformAccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The creator's account on the platform, locked for the upsert; null when there is none. */
  async lock(
    manager: EntityManager,
    creatorId: string,
    platformId: string,
  ): Promise<PlatformAccountEntity | null> {
    const statement = sql`SELECT ${ACCOUNT_COLUMNS} FROM platform_accounts a
      WHERE a.creator_id = ${creatorId} AND a.platform_id = ${platformId}
      FOR UPDATE`;
    const [row] = await manager.query<AccountRow[]>(statement.text, statement.values);
    return row ? accountFromRow(row) : null;
  }

  /** Inserts the account unless a concurrent upsert got there first (then null). */
  async insertIfNew(
    manager: EntityManager,
    creatorId: string,
    platformId: string,
    values: AccountValues,
  ): Promise<PlatformAccountEntity | null> {
    const statement = sql`
      INSERT INTO platform_accounts AS a (creator_id, platform_id, handle, followers, daily_earnings, currency)
      VALUES (${creatorId}, ${platformId}, ${values.handle}, ${values.followers},
              ${values.dailyEarnings.toString()}, ${values.currency})
      ON CONFLICT (creator_id, platform_id) DO NOTHING
      RETURNING ${ACCOUNT_COLUMNS}`;
    const [row] = await manager.query<AccountRow[]>(statement.text, statement.values);
    return row ? accountFromRow(row) : null;
  }

  async update(
    manager: EntityManager,
    accountId: string,
    values: AccountValues,
  ): Promise<PlatformAccountEntity> {
    const statement = sql`
      UPDATE platform_accounts AS a
         SET handle = ${values.handle}, followers = ${values.followers},
             daily_earnings = ${values.dailyEarnings.toString()}, currency = ${values.currency},
             updated_at = now()
       WHERE a.id = ${accountId}
      RETURNING ${ACCOUNT_COLUMNS}`;
    const [row] = returnedRows<AccountRow>(await manager.query(statement.text, statement.values));
    return accountFromRow(row);
  }

  /** The user behind a creator profile (the actor of the creator's own writes). */
  async creatorUserId(manager: EntityManager, creatorId: string): Promise<string | null> {
    const statement = sql`SELECT user_id FROM creators WHERE id = ${creatorId}`;
    const [row] = await manager.query<Array<{ user_id: string }>>(statement.text, statement.values);
    return row?.user_id ?? null;
  }

  /**
   * One page of the accounts the viewer may see, by platform slug then id, forward or backward,
   * and their total: two statements.
   */
  async page(
    viewer: Viewer,
    paging: PageRequest,
  ): Promise<Connection<{ account: PlatformAccountEntity; platformSlug: string }>> {
    const visible = visiblePlatformAccounts(viewer, 'a');
    const count = sql`SELECT count(*)::int AS total FROM platform_accounts a WHERE ${visible}`;
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      count.text,
      count.values,
    );
    return keysetSqlPage(
      this.dataSource,
      {
        select: sql`${ACCOUNT_COLUMNS}, p.slug AS platform_slug`,
        from: sqlText('platform_accounts a JOIN platforms p ON p.id = a.platform_id'),
        where: [visible],
        order: {
          columns: [sqlText('p.slug'), sqlText('a.id')],
          direction: 'ASC',
          cursorValues: ([slug, id]) =>
            SLUG_PATTERN.test(slug) && isUuid(id) ? [sql`${slug}`, sql`${id}::uuid`] : null,
        },
        cursorOf: (row: AccountRow & { platform_slug: string }) => [row.platform_slug, row.id],
      },
      paging,
      (row) => ({ account: accountFromRow(row), platformSlug: row.platform_slug }),
      total,
    );
  }
}
