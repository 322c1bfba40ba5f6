import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks with a durable outbox (issue #7).
 *
 * - webhooks: endpoints. A creator's (creator_id) or a brand's (brand_id, registered by one of
 *   its members). The secret is stored as is: it must be readable to sign every delivery.
 * - webhook_events: the outbox. Producers insert a row in the transaction of the change; the
 *   worker expands it into deliveries (fanned_out_at) under a lease (claim_id, claimed_until),
 *   so several instances never expand the same row at once. Rows with `reevaluate` are
 *   instructions ("compare risks before/after this change") whose children are the events sent.
 * - webhook_deliveries: one per event and endpoint, with its exact body, retried with backoff;
 *   claimed the same way for each attempt.
 * - webhook_delivery_attempts: the log of every attempt.
 *
 * outage_id/deliverable_id have no foreign keys: an event outlives what it describes.
 */
export class Webhooks1764835200000 implements MigrationInterface {
  name = 'Webhooks1764835200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        creator_id uuid REFERENCES creators (id) ON DELETE CASCADE,
        brand_id uuid REFERENCES brands (id) ON DELETE CASCADE,
        url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
        events text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 10),
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (creator_id IS NULL OR brand_id IS NULL)
      )`);
    await db.query(`CREATE INDEX webhooks_owner_idx ON webhooks (owner_user_id)`);
    await db.query(
      `CREATE INDEX webhooks_creator_idx ON webhooks (creator_id) WHERE creator_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX webhooks_brand_idx ON webhooks (brand_id) WHERE brand_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        type text NOT NULL CHECK (type IN ('deliverable.risk_changed', 'deliverable.posted',
          'outage.recorded', 'outage.ended', 'webhook.test')),
        outage_id uuid,
        deliverable_id uuid,
        data jsonb NOT NULL DEFAULT '{}',
        reevaluate jsonb,
        parent_id uuid REFERENCES webhook_events (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        claim_id uuid,
        claimed_until timestamptz,
        fanned_out_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX webhook_events_pending_idx ON webhook_events (seq) WHERE fanned_out_at IS NULL`,
    );
    // Expanding a re-evaluation twice (a lease that ran out) cannot duplicate its children.
    await db.query(
      `CREATE UNIQUE INDEX webhook_events_child_key ON webhook_events (parent_id, deliverable_id) WHERE parent_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz,
        claim_id uuid,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, webhook_id),
        CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await db.query(
      `CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, seq)`,
    );

    await db.query(`
      CREATE TABLE webhook_delivery_attempts (
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL CHECK (attempt >= 1),
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        status_code integer,
        error text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_delivery_attempts`);
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_events`);
    await db.query(`DROP TABLE webhooks`);
  }
}
