import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed (issue #13): the webhook outbox records every change a caller may see, and the
 * `events` query reads it back.
 *
 * - type: widened to the feed's types. Only the first four (and webhook.test) can be subscribed
 *   to by a webhook; the others are written already fanned out, so the worker never claims them.
 * - deal_id: the deal a deliverable.* or deal.* event belongs to, the feed's visibility key
 *   (backfilled from the deliverables for the rows written before). No foreign key, like
 *   outage_id/deliverable_id: an event outlives what it describes.
 * - actor_user_id: who made the change (null for the worker's risk_changed and for imports run
 *   without a user). Stored for the record; the feed does not show it.
 * - txid: the writing transaction. The feed orders by (txid, seq) and shows a row only once every
 *   transaction that started writing before it has ended, so a poller resuming from its last
 *   cursor never skips a change that committed late (seq alone is allocated at insert, not at
 *   commit).
 */
export class ChangeFeed1765065600000 implements MigrationInterface {
  name = 'ChangeFeed1765065600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check`);
    await db.query(`
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check CHECK (type IN (
        'deliverable.risk_changed', 'deliverable.posted', 'outage.recorded', 'outage.ended',
        'webhook.test', 'deliverable.created', 'deliverable.updated', 'deliverable.moved',
        'deliverable.cancelled', 'deal.status_changed', 'outage.updated'))`);
    await db.query(`
      ALTER TABLE webhook_events
        ADD COLUMN deal_id uuid,
        ADD COLUMN actor_user_id uuid,
        ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await db.query(`
      UPDATE webhook_events e SET deal_id = d.deal_id
        FROM deliverables d
       WHERE d.id = e.deliverable_id AND e.deal_id IS NULL`);
    // The feed's reads: in order, by deal (a creator's or a brand's deals) and by deliverable
    // (Deliverable.riskChangedAt). Instruction rows and test deliveries are never read.
    const feedRows = `reevaluate IS NULL AND type <> 'webhook.test'`;
    await db.query(
      `CREATE INDEX webhook_events_feed_idx ON webhook_events (txid, seq) WHERE ${feedRows}`,
    );
    await db.query(
      `CREATE INDEX webhook_events_feed_deal_idx ON webhook_events (deal_id, txid, seq) WHERE ${feedRows} AND deal_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX webhook_events_feed_deliverable_idx ON webhook_events (deliverable_id, seq) WHERE ${feedRows} AND deliverable_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX webhook_events_feed_deliverable_idx`);
    await db.query(`DROP INDEX webhook_events_feed_deal_idx`);
    await db.query(`DROP INDEX webhook_events_feed_idx`);
    await db.query(`DELETE FROM webhook_events WHERE type NOT IN ('deliverable.risk_changed',
      'deliverable.posted', 'outage.recorded', 'outage.ended', 'webhook.test')`);
    await db.query(
      `ALTER TABLE webhook_events DROP COLUMN txid, DROP COLUMN actor_user_id, DROP COLUMN deal_id`,
    );
    await db.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check`);
    await db.query(`
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check CHECK (type IN (
        'deliverable.risk_changed', 'deliverable.posted', 'outage.recorded', 'outage.ended',
        'webhook.test'))`);
  }
}
