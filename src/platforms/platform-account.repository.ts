import type { Viewer } from '../auth/viewer';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';

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
