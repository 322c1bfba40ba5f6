import type { Viewer } from '../auth/viewer';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';

/**
 * The tenancy boundary for deals and everything under them, written once: which deals a caller
 * may read. The deal repository and every read model (impact, exposure, reports, audit, CSV,
 * calendar, webhooks, loaders) place this fragment in their SQL, so a nested field can never
 * return another tenant's rows.
 *
 * - administrator: every deal (they run the service; they write only their own)
 * - creator: the deals they logged
 * - brand member: the deals with a brand they belong to
 *
 * `dealAlias` names the `deals` row in the caller's statement.
 */
export function visibleDeals(viewer: Viewer, dealAlias: string): Sql {
  const deal = identifier(dealAlias);
  if (viewer.isAdmin) return sqlText('TRUE');
  if (viewer.role === 'CREATOR') {
    return viewer.creatorId ? sql`${deal}.creator_id = ${viewer.creatorId}` : sqlText('FALSE');
  }
  return viewer.brandIds.length > 0
    ? sql`${deal}.brand_id = ANY(${viewer.brandIds}::uuid[])`
    : sqlText('FALSE');
}
