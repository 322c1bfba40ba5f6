import type { Viewer } from '../auth/viewer';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import { visiblePlatformAccounts } from '../platforms/platform-account.repository';

/**
 * The access rule for the audit trail, written once: a record's trail is readable by whoever may
 * read the record, through that record's own rule.
 *
 * - a deal and its deliverables: the deal rule (its creator, its brand's members, administrators)
 * - an outage: administrators
 * - a platform account: the platform-account rule (its creator, administrators)
 *
 * `subjectAlias` names a row with `type` (an `AuditEntityType`) and, for a platform account, its
 * `creator_id`; `dealAlias` the `deals` row of a deal or deliverable subject (NULL otherwise).
 */
export function visibleAuditSubjects(viewer: Viewer, subjectAlias: string, dealAlias: string): Sql {
  const subject = identifier(subjectAlias);
  return sql`CASE ${subject}.type
            WHEN 'DEAL' THEN ${visibleDeals(viewer, dealAlias)}
            WHEN 'DELIVERABLE' THEN ${visibleDeals(viewer, dealAlias)}
            WHEN 'OUTAGE' THEN ${sqlText(viewer.isAdmin ? 'TRUE' : 'FALSE')}
            WHEN 'PLATFORM_ACCOUNT' THEN ${visiblePlatformAccounts(viewer, subjectAlias)}
            ELSE FALSE
          END`;
}
