import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENT_TYPES_BEFORE = `'deliverable.risk_changed', 'deliverable.posted', 'outage.recorded', 'outage.ended',
        'webhook.test', 'deliverable.created', 'deliverable.updated', 'deliverable.moved',
        'deliverable.cancelled', 'deal.status_changed', 'outage.updated', 'receivable.overdue',
        'payment.recorded'`;

/**
 * Brand actions (issue 17): reschedule proposals after an outage, and content approval.
 * - `reschedule_proposals`: a creator's proposed move of one deliverable (slot, deadline,
 *   platform), the outages behind it and the engine's figures for it, answered by the brand. At
 *   most one OPEN proposal per deliverable (a partial unique index); an OPEN proposal past the
 *   deliverable's original deadline is EXPIRED (written so when next touched).
 * - Deals may require approval (`requires_approval`, `approval_lead_hours` before the slot).
 * - `deliverable_drafts`: the creator's drafts (a link, not a file), one row per round, in order;
 *   a new round supersedes the one in review.
 */
export class BrandActions1765332000000 implements MigrationInterface {
  name = 'BrandActions1765332000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reschedule_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deliverable_id uuid NOT NULL REFERENCES deliverables (id) ON DELETE CASCADE,
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'OPEN'
          CHECK (state IN ('OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'EXPIRED')),
        original_platform_id uuid NOT NULL REFERENCES platforms (id),
        original_scheduled_at timestamptz NOT NULL,
        original_due_at timestamptz NOT NULL,
        proposed_platform_id uuid NOT NULL REFERENCES platforms (id),
        proposed_scheduled_at timestamptz NOT NULL,
        proposed_due_at timestamptz NOT NULL,
        outage_ids uuid[] NOT NULL DEFAULT '{}',
        at_stake jsonb NOT NULL CHECK (jsonb_typeof(at_stake) = 'object'),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        response_note text NOT NULL DEFAULT '' CHECK (length(response_note) <= 2000),
        proposed_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        proposed_at timestamptz NOT NULL,
        closed_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK (proposed_due_at >= proposed_scheduled_at),
        CHECK ((state = 'OPEN') = (closed_at IS NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX reschedule_proposals_one_open_idx ON reschedule_proposals (deliverable_id) WHERE state = 'OPEN'`,
    );
    await db.query(
      `CREATE INDEX reschedule_proposals_deal_idx ON reschedule_proposals (deal_id, proposed_at, id)`,
    );
    await db.query(
      `CREATE INDEX reschedule_proposals_deliverable_idx ON reschedule_proposals (deliverable_id, proposed_at, id)`,
    );

    await db.query(`
      ALTER TABLE deals
        ADD COLUMN requires_approval boolean NOT NULL DEFAULT false,
        ADD COLUMN approval_lead_hours integer NOT NULL DEFAULT 48
          CONSTRAINT deals_approval_lead_hours_check CHECK (approval_lead_hours BETWEEN 0 AND 2160)`);

    await db.query(`
      CREATE TABLE deliverable_drafts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deliverable_id uuid NOT NULL REFERENCES deliverables (id) ON DELETE CASCADE,
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        round integer NOT NULL CHECK (round >= 1),
        url text CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2000),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        state text NOT NULL DEFAULT 'IN_REVIEW'
          CHECK (state IN ('IN_REVIEW', 'APPROVED', 'CHANGES_REQUESTED', 'SUPERSEDED')),
        review_note text NOT NULL DEFAULT '' CHECK (length(review_note) <= 2000),
        submitted_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        submitted_at timestamptz NOT NULL,
        reviewed_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        reviewed_at timestamptz,
        UNIQUE (deliverable_id, round),
        CHECK ((state IN ('APPROVED', 'CHANGES_REQUESTED')) = (reviewed_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX deliverable_drafts_deal_idx ON deliverable_drafts (deal_id, submitted_at, id)`,
    );

    await db.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check`);
    await db.query(`
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check CHECK (type IN (
        ${EVENT_TYPES_BEFORE}, 'reschedule.proposed', 'reschedule.accepted',
        'reschedule.declined', 'reschedule.withdrawn', 'draft.submitted', 'draft.reviewed'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM webhook_events WHERE type IN ('reschedule.proposed',
      'reschedule.accepted', 'reschedule.declined', 'reschedule.withdrawn', 'draft.submitted',
      'draft.reviewed')`);
    await db.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_type_check`);
    await db.query(`
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_type_check CHECK (type IN (
        ${EVENT_TYPES_BEFORE}))`);
    await db.query(`DROP TABLE deliverable_drafts`);
    await db.query(
      `ALTER TABLE deals DROP COLUMN approval_lead_hours, DROP COLUMN requires_approval`,
    );
    await db.query(`DROP TABLE reschedule_proposals`);
  }
}
