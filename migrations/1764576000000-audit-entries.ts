import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per changed entity per mutation, written in the mutation's own
 * transaction. Append-only in the database too: a statement trigger refuses UPDATE, DELETE and
 * TRUNCATE for every role the application connects as (a superuser can still disable it; this
 * guards against the application, not against whoever administers the server).
 *
 * No foreign keys on purpose: an entry outlives what it describes, and a cascading delete would
 * be refused by the trigger anyway.
 */
export class AuditEntries1764576000000 implements MigrationInterface {
  name = 'AuditEntries1764576000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        operation text NOT NULL CHECK (length(operation) BETWEEN 1 AND 100),
        entity_type text NOT NULL CHECK (entity_type IN ('DEAL', 'DELIVERABLE', 'OUTAGE', 'PLATFORM_ACCOUNT')),
        entity_id uuid NOT NULL,
        deal_id uuid,
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array'),
        CHECK ((entity_type IN ('DEAL', 'DELIVERABLE')) = (deal_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX audit_entries_entity_idx ON audit_entries (entity_id, seq)`);
    await db.query(
      `CREATE INDEX audit_entries_deal_idx ON audit_entries (deal_id, seq) WHERE deal_id IS NOT NULL`,
    );
    await db.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger
      LANGUAGE plpgsql
      AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER audit_entries_append_only
      BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_entries`);
    await db.query(`DROP FUNCTION audit_entries_append_only()`);
  }
}
