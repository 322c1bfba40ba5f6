import type { EntityManager } from 'typeorm';
import type { AuditChange, AuditEntityType } from './audit-changes';

/** One entity's changes by one mutation. */
export interface AuditRecord {
  actorUserId: string | null;
  /** The mutation, e.g. `updateDeal`. */
  operation: string;
  entityType: AuditEntityType;
  entityId: string;
  /** The deal of a DEAL or DELIVERABLE entry; null otherwise. */
  dealId: string | null;
  changes: AuditChange[];
}

/**
 * Appends audit entries through the caller's transaction manager, so they commit or roll back
 * with the change they describe, in the order given. Records without changes are skipped. One
 * statement, its values passed as arrays, so any number of records stays within PostgreSQL's
 * bind-parameter limit (an import audits thousands at once).
 */
export async function recordAudit(manager: EntityManager, records: AuditRecord[]): Promise<void> {
  const kept = records.filter((record) => record.changes.length > 0);
  if (kept.length === 0) return;
  await manager.query(
    `INSERT INTO audit_entries (actor_user_id, operation, entity_type, entity_id, deal_id, changes)
     SELECT r.actor_user_id, r.operation, r.entity_type, r.entity_id, r.deal_id, r.changes::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::text[])
            WITH ORDINALITY AS r(actor_user_id, operation, entity_type, entity_id, deal_id, changes, ord)
      ORDER BY r.ord`,
    [
      kept.map((record) => record.actorUserId),
      kept.map((record) => record.operation),
      kept.map((record) => record.entityType),
      kept.map((record) => record.entityId),
      kept.map((record) => record.dealId),
      kept.map((record) => JSON.stringify(record.changes)),
    ],
  );
}
