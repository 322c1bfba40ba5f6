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
 * with the change they describe. Records without changes are skipped. One statement.
 */
export async function recordAudit(manager: EntityManager, records: AuditRecord[]): Promise<void> {
  const kept = records.filter((record) => record.changes.length > 0);
  if (kept.length === 0) return;
  const params: unknown[] = [];
  const rows = kept.map((record) => {
    const first = params.length + 1;
    params.push(
      record.actorUserId,
      record.operation,
      record.entityType,
      record.entityId,
      record.dealId,
      JSON.stringify(record.changes),
    );
    return `($${first}::uuid, $${first + 1}, $${first + 2}, $${first + 3}::uuid, $${first + 4}::uuid, $${first + 5}::jsonb)`;
  });
  await manager.query(
    `INSERT INTO audit_entries (actor_user_id, operation, entity_type, entity_id, deal_id, changes)
     VALUES ${rows.join(', ')}`,
    params,
  );
}
