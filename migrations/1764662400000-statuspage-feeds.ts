import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status-page feeds and how their component names map to platforms. Imported outages themselves
 * live in `outages` (source `statuspage:<feed>`, external id `<incident id>:<platform slug>`).
 * Component names are matched trimmed and case-insensitively, hence the unique index on lower().
 */
export class StatuspageFeeds1764662400000 implements MigrationInterface {
  name = 'StatuspageFeeds1764662400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE statuspage_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        partial_degradation_bps integer CHECK (partial_degradation_bps BETWEEN 1 AND 9999),
        last_imported_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE statuspage_component_mappings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES statuspage_feeds (id) ON DELETE CASCADE,
        component_name text NOT NULL
          CHECK (length(component_name) BETWEEN 1 AND 200 AND component_name = btrim(component_name)),
        platform_id uuid NOT NULL REFERENCES platforms (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE UNIQUE INDEX statuspage_component_mappings_name_key
         ON statuspage_component_mappings (feed_id, lower(component_name))`,
    );
    await db.query(
      `CREATE INDEX statuspage_component_mappings_platform_id_idx ON statuspage_component_mappings (platform_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE statuspage_component_mappings`);
    await db.query(`DROP TABLE statuspage_feeds`);
  }
}
