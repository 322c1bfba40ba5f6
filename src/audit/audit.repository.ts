import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import { visiblePlatformAccounts } from '../platforms/platform-account.repository';
import { ENTRY_COLUMNS, type EntryRow } from './audit-entry.rows';

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

/** An entry with the creator of its deal (null for entries of no deal), for redaction. */
export interface ReadableEntryRow extends EntryRow {
  deal_creator_id: string | null;
}

/** A deal's trail page row: the entry, its deal's creator and the deal's entry count. */
export interface DealTrailRow extends ReadableEntryRow {
  total: number;
}

/** The user behind an entry, as `AuditEntry.actor` shows it (never their email). */
export interface ActorRow {
  user_id: string;
  deal_id: string | null;
  is_admin: boolean;
  role: 'CREATOR' | 'BRAND';
  creator_name: string | null;
  brand_names: string | null;
}

/**
 * The audit trail's batched reads (the root `auditTrail` reads one record's in AuditService).
 * Every read is scoped by `visibleAuditSubjects`.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<R>(statement: Sql): Promise<R[]> {
    return this.dataSource.query<R[]>(statement.text, statement.values);
  }

  /**
   * One page of each deal's trail (its own entries and its deliverables'), oldest first, for
   * many deals in one windowed statement: the first `limit` entries after `afterSeq` of each
   * deal the caller may read, with the deal's whole entry count. A deal the caller may not read
   * has no rows.
   */
  dealTrails(
    viewer: Viewer,
    dealIds: readonly string[],
    limit: number,
    afterSeq: string | null,
  ): Promise<DealTrailRow[]> {
    const after = afterSeq === null ? sqlText('TRUE') : sql`e.seq > ${afterSeq}::bigint`;
    return this.query<DealTrailRow>(sql`
      SELECT page.* FROM (
        SELECT ${sqlText(ENTRY_COLUMNS)}, e.seq AS seq_number, d.creator_id AS deal_creator_id,
               count(*) OVER (PARTITION BY e.deal_id)::int AS total,
               ${after} AS after_cursor,
               ROW_NUMBER() OVER (PARTITION BY e.deal_id, ${after} ORDER BY e.seq) AS position
          FROM audit_entries e
          JOIN deals d ON d.id = e.deal_id
          CROSS JOIN LATERAL (SELECT 'DEAL'::text AS type, NULL::uuid AS creator_id) s
         WHERE e.deal_id = ANY(${[...dealIds]}::uuid[])
           AND ${visibleAuditSubjects(viewer, 's', 'd')}
      ) page
      WHERE page.after_cursor AND page.position <= ${limit}
      ORDER BY page.deal_id, page.seq_number`);
  }

  /**
   * Entries by id that the caller may read: whose record still exists and whose trail
   * `visibleAuditSubjects` opens to them (a deliverable's entries through its deal, as the
   * deal's trail lists them).
   */
  visibleEntries(viewer: Viewer, ids: readonly string[]): Promise<ReadableEntryRow[]> {
    return this.query<ReadableEntryRow>(sql`
      SELECT ${sqlText(ENTRY_COLUMNS)}, d.creator_id AS deal_creator_id
        FROM audit_entries e
        LEFT JOIN deals d ON d.id = e.deal_id
        LEFT JOIN platform_accounts a ON e.entity_type = 'PLATFORM_ACCOUNT' AND a.id = e.entity_id
        CROSS JOIN LATERAL (SELECT e.entity_type AS type, a.creator_id) s
       WHERE e.id = ANY(${[...ids]}::uuid[])
         AND (d.id IS NOT NULL OR a.id IS NOT NULL
              OR (e.entity_type = 'OUTAGE' AND EXISTS (SELECT 1 FROM outages o WHERE o.id = e.entity_id)))
         AND ${visibleAuditSubjects(viewer, 's', 'd')}`);
  }

  /**
   * The users behind entries, for display: administrator or not, role, creator profile name,
   * and the brand names to show for a brand member: on a deal's entry, the deal's brand while
   * they belong to it (never their other brands, which the reader may not know of); on any other
   * entry, every brand they belong to. One statement for every (user, deal).
   */
  actors(keys: ReadonlyArray<{ userId: string; dealId: string | null }>): Promise<ActorRow[]> {
    return this.query<ActorRow>(sql`
      SELECT k.user_id, k.deal_id, u.is_admin, u.role, c.display_name AS creator_name,
             CASE WHEN k.deal_id IS NOT NULL
               THEN (SELECT b.name FROM brand_members m JOIN brands b ON b.id = m.brand_id
                       JOIN deals deal ON deal.brand_id = b.id
                      WHERE m.user_id = u.id AND deal.id = k.deal_id)
               ELSE (SELECT string_agg(b.name, ', ' ORDER BY b.name)
                       FROM brand_members m JOIN brands b ON b.id = m.brand_id
                      WHERE m.user_id = u.id)
             END AS brand_names
        FROM unnest(${keys.map((key) => key.userId)}::uuid[], ${keys.map((key) => key.dealId)}::uuid[])
             AS k(user_id, deal_id)
        JOIN users u ON u.id = k.user_id
        LEFT JOIN creators c ON c.user_id = u.id`);
  }
}
