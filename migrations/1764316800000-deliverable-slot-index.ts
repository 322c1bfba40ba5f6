import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the impact engine find the deliverables an outage overlaps through a GiST index instead of
 * a scan. A slot is [scheduled_at, +duration) or, for a post (duration 0), the instant itself.
 *
 * `timestamptz + interval` is only STABLE in general (days and months depend on the time zone),
 * but adding whole minutes never does, so the wrapper is declared IMMUTABLE and can be indexed.
 */
export class DeliverableSlotIndex1764316800000 implements MigrationInterface {
  name = 'DeliverableSlotIndex1764316800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION deliverable_slot(scheduled_at timestamptz, duration_minutes integer)
      RETURNS tstzrange
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT CASE WHEN duration_minutes = 0
          THEN tstzrange(scheduled_at, scheduled_at, '[]')
          ELSE tstzrange(scheduled_at, scheduled_at + duration_minutes * interval '1 minute', '[)')
        END
      $$`);
    await db.query(
      `CREATE INDEX deliverables_slot_gist ON deliverables USING gist (deliverable_slot(scheduled_at, duration_minutes))`,
    );
    await db.query(
      `CREATE INDEX outages_window_gist ON outages USING gist (tstzrange(starts_at, ends_at, '[)'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outages_window_gist`);
    await db.query(`DROP INDEX deliverables_slot_gist`);
    await db.query(`DROP FUNCTION deliverable_slot(timestamptz, integer)`);
  }
}
