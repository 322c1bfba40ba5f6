import { toMoney } from '../common/graphql/money.model';
import { mayReadPrivateNotes, PRIVATE_DEAL_AUDIT_FIELDS } from '../deals/deal-notes';
import type { Viewer } from '../auth/viewer';
import type { AuditEntityType, StoredAuditValue } from '../infrastructure/audit/audit-changes';
import { toDate } from '../platforms/platform.rows';
import type { AuditChange, AuditEntry } from './audit-entry.model';

/** The columns of an entry as every reader selects them (`e` names the `audit_entries` row). */
export const ENTRY_COLUMNS = `e.id, e.seq::text AS seq, e.occurred_at, e.actor_user_id, e.operation, e.entity_type,
  e.entity_id, e.deal_id, e.changes`;

export interface EntryRow {
  id: string;
  seq: string;
  occurred_at: Date | string;
  actor_user_id: string | null;
  operation: string;
  entity_type: AuditEntityType;
  entity_id: string;
  deal_id: string | null;
  changes: Array<{ field: string; before: StoredAuditValue; after: StoredAuditValue }>;
}

/**
 * Whether a deal's private notes are withheld from `viewer` in an entry of that deal (or of one
 * of its deliverables): they are the deal creator's alone.
 */
export function redactsPrivateNotes(
  viewer: Viewer,
  dealId: string | null,
  dealCreatorId: string | null,
): boolean {
  return dealId !== null && !mayReadPrivateNotes(viewer, dealCreatorId);
}

export function toAuditEntry(row: EntryRow, redactPrivateNotes: boolean): AuditEntry {
  const redact = redactPrivateNotes && row.entity_type === 'DEAL';
  return {
    id: row.id,
    occurredAt: toDate(row.occurred_at),
    actorUserId: row.actor_user_id,
    operation: row.operation,
    entityType: row.entity_type,
    entityId: row.entity_id,
    dealId: row.deal_id,
    changes: row.changes.map((change) =>
      redact && PRIVATE_DEAL_AUDIT_FIELDS.has(change.field)
        ? {
            field: change.field,
            before: null,
            after: null,
            beforeMoney: null,
            afterMoney: null,
            redacted: true,
          }
        : toAuditChange(change),
    ),
  };
}

function toAuditChange(change: EntryRow['changes'][number]): AuditChange {
  const text = (value: StoredAuditValue) =>
    value === null ? null : typeof value === 'string' ? value : value.minor;
  const asMoney = (value: StoredAuditValue) =>
    value !== null && typeof value === 'object'
      ? toMoney(BigInt(value.minor), value.currency)
      : null;
  return {
    field: change.field,
    before: text(change.before),
    after: text(change.after),
    beforeMoney: asMoney(change.before),
    afterMoney: asMoney(change.after),
    redacted: false,
  };
}
