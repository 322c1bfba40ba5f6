import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_TYPES_BEFORE = `'deliverable.risk_changed', 'deliverable.posted', 'outage.recorded', 'outage.ended',
        'webhook.test', 'deliverable.created', 'deliverable.updated', 'deliverable.moved',
        'deliverable.cancelled', 'deal.status_changed', 'outage.updated'`;

/**
 * Money owed (issue 16).
 * - Deals gain an up-front share (a deposit in basis points, due `upfront_due_days` after the
 *   deal became ACTIVE) and `activated_at`, which a trigger sets the first time a deal is ACTIVE
 *   (or COMPLETED), whoever writes it: the app, the CSV import, the demo or the benchmark loader.
 *   Existing active and completed deals are backfilled with their creation time.
 * - `payments` is an append-only ledger: PAYMENT (received from the brand), REFUND (paid back)
 *   and REVERSAL (cancels one earlier entry). Nothing is ever updated or deleted; a correction is
 *   a new row. A REVERSAL is unique per reversed entry, so reversing twice is refused by the key.
 *   `receivable_ids` names the receivables a payment pays first (deliverable ids, or
 *   `deposit:<deal id>`).
 * - `receivable_write_offs`: the creator gave up on what was open of one receivable.
 * - `receivable_overdue_notices`: one row per receivable and due date found overdue, so the
 *   overdue scan emits `receivable.overdue` once however many instances run it.
 */
export class Receivables1765245600000 implements MigrationInterface {
  name = 'Receivables1765245600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE deals
        ADD COLUMN upfront_share_bps integer NOT NULL DEFAULT 0
          CONSTRAINT deals_upfront_share_bps_check CHECK (upfront_share_bps BETWEEN 0 AND 10000),
        ADD COLUMN upfront_due_days integer NOT NULL DEFAULT 0
          CONSTRAINT deals_upfront_due_days_check CHECK (upfront_due_days BETWEEN 0 AND 365),
        ADD COLUMN activated_at timestamptz`);
    await db.query(`
      UPDATE deals SET activated_at = created_at WHERE status IN ('ACTIVE', 'COMPLETED')`);
    await db.query(`
      CREATE FUNCTION deals_activated_at() RETURNS trigger
      LANGUAGE plpgsql
      AS $$
      BEGIN
        IF NEW.activated_at IS NULL AND NEW.status IN ('ACTIVE', 'COMPLETED') THEN
          NEW.activated_at := now();
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER deals_activated_at
      BEFORE INSERT OR UPDATE OF status, activated_at ON deals
      FOR EACH ROW EXECUTE FUNCTION deals_activated_at()`);

    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('PAYMENT', 'REFUND', 'REVERSAL')),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        received_at timestamptz NOT NULL,
        reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 200),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        receivable_ids text[] NOT NULL DEFAULT '{}' CHECK (cardinality(receivable_ids) <= 200),
        reverses_payment_id uuid UNIQUE REFERENCES payments (id),
        recorded_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((kind = 'REVERSAL') = (reverses_payment_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX payments_deal_id_idx ON payments (deal_id, received_at, id)`);

    await db.query(`
      CREATE TABLE receivable_write_offs (
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        receivable_id text NOT NULL CHECK (length(receivable_id) BETWEEN 1 AND 100),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        written_off_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        written_off_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        PRIMARY KEY (deal_id, receivable_id)
      )`);

    await db.query(`
      CREATE TABLE receivable_overdue_notices (
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        receivable_id text NOT NULL,
        due_at timestamptz NOT NULL,
        noticed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (deal_id, receivable_id, due_at)
      )`);

    await db.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check`);
    await db.query(`
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check CHECK (type IN (
        ${EVENT_TYPES_BEFORE}, 'receivable.overdue', 'payment.recorded'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DELETE FROM webhook_events WHERE type IN ('receivable.overdue', 'payment.recorded')`,
    );
    await db.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check`);
    await db.query(`
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check CHECK (type IN (
        ${EVENT_TYPES_BEFORE}))`);
    await db.query(`DROP TABLE receivable_overdue_notices`);
    await db.query(`DROP TABLE receivable_write_offs`);
    await db.query(`DROP TABLE payments`);
    await db.query(`DROP TRIGGER deals_activated_at ON deals`);
    await db.query(`DROP FUNCTION deals_activated_at()`);
    await db.query(
      `ALTER TABLE deals DROP COLUMN activated_at, DROP COLUMN upfront_due_days, DROP COLUMN upfront_share_bps`,
    );
  }
}
