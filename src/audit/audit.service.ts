import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { keysetSqlPage } from '../common/database/keyset-page';
import { identifier, sql, sqlText } from '../common/database/sql';
import { notFound } from '../common/errors/app-error';
import { isSequenceKey, type Connection, type PageArgs } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { mayReadPrivateNotes } from '../deals/deal-notes';
import type { AuditEntityType } from '../infrastructure/audit/audit-changes';
import type { AuditEntry } from './audit-entry.model';
import { ENTRY_COLUMNS, toAuditEntry, type EntryRow } from './audit-entry.rows';
import { visibleAuditSubjects } from './audit.repository';

interface SubjectRow {
  type: AuditEntityType;
  deal_id: string | null;
  creator_id: string | null;
  /** The creator of the deal the record belongs to (a DEAL or DELIVERABLE subject). */
  deal_creator_id: string | null;
}

/**
 * Reads the audit trail (writes go through `recordAudit`, inside each mutation's transaction).
 * Who may read it follows who may read the record: a deal and its deliverables, the deal's
 * creator, its brand's members and administrators; outages, administrators; a platform account,
 * its creator and administrators. Anyone else gets NOT_FOUND, as for the record itself.
 */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async trail(viewer: Viewer, entityId: string, args: PageArgs): Promise<Connection<AuditEntry>> {
    if (!isUuid(entityId)) throw notFound('Record', entityId);
    const subject = await this.readableSubject(viewer, entityId);
    if (!subject) throw notFound('Record', entityId);
    // A deal's trail includes its deliverables'.
    const column = identifier(subject.type === 'DEAL' ? 'e.deal_id' : 'e.entity_id');
    const count = sql`SELECT count(*)::int AS total FROM audit_entries e WHERE ${column} = ${entityId}`;
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      count.text,
      count.values,
    );
    // A deal's private notes are its creator's: anyone else sees that they changed, not to what.
    const redact =
      subject.deal_id !== null && !mayReadPrivateNotes(viewer, subject.deal_creator_id);
    return keysetSqlPage(
      this.dataSource,
      {
        select: sqlText(ENTRY_COLUMNS),
        from: sqlText('audit_entries e'),
        where: [sql`${column} = ${entityId}`],
        order: {
          columns: [sqlText('e.seq')],
          direction: 'ASC',
          cursorValues: (key) => (isSequenceKey(key) ? [sql`${key[0]}::bigint`] : null),
        },
        cursorOf: (row: EntryRow) => [row.seq, row.id],
      },
      args,
      (row) => toAuditEntry(row, redact),
      total,
    );
  }

  /** What `entityId` is, if the viewer may read its trail. */
  private async readableSubject(viewer: Viewer, entityId: string): Promise<SubjectRow | null> {
    const statement = sql`SELECT s.type, s.deal_id, s.creator_id, d.creator_id AS deal_creator_id
         FROM (
           SELECT 'DEAL' AS type, d.id AS deal_id, NULL::uuid AS creator_id FROM deals d WHERE d.id = ${entityId}
           UNION ALL
           SELECT 'DELIVERABLE', v.deal_id, NULL::uuid FROM deliverables v WHERE v.id = ${entityId}
           UNION ALL
           SELECT 'OUTAGE', NULL::uuid, NULL::uuid FROM outages o WHERE o.id = ${entityId}
           UNION ALL
           SELECT 'PLATFORM_ACCOUNT', NULL::uuid, a.creator_id FROM platform_accounts a WHERE a.id = ${entityId}
         ) s
         LEFT JOIN deals d ON d.id = s.deal_id
        WHERE ${visibleAuditSubjects(viewer, 's', 'd')}`;
    const [subject] = await this.dataSource.query<SubjectRow[]>(statement.text, statement.values);
    return subject ?? null;
  }
}
