import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar feeds: secret, revocable iCalendar URLs. Only the SHA-256 of the secret is kept (like
 * access tokens). A feed is a creator's (creator_id) or one brand's (brand_id), never both; what
 * it shows is decided again at every fetch from the user's access at that time.
 */
export class CalendarFeeds1764748800000 implements MigrationInterface {
  name = 'CalendarFeeds1764748800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        creator_id uuid REFERENCES creators (id) ON DELETE CASCADE,
        brand_id uuid REFERENCES brands (id) ON DELETE CASCADE,
        secret_hash text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
        alarm_minutes_before integer NOT NULL CHECK (alarm_minutes_before BETWEEN 0 AND 40320),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CHECK ((creator_id IS NULL) <> (brand_id IS NULL))
      )`);
    await db.query(`CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_feeds`);
  }
}
