import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, brands, the platform graph, deals, deliverables and outages.
 * Money is bigint minor units beside an ISO 4217 code; rates are basis points; times timestamptz.
 */
export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('CREATOR', 'BRAND')),
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await db.query(`
      CREATE TABLE access_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(
      `CREATE UNIQUE INDEX access_tokens_token_hash_key ON access_tokens (token_hash)`,
    );
    await db.query(`CREATE INDEX access_tokens_user_id_idx ON access_tokens (user_id)`);

    await db.query(`
      CREATE TABLE creators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        home_currency char(3) NOT NULL,
        time_zone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE brands (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_by_creator_id uuid REFERENCES creators (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX brands_lower_name_idx ON brands (lower(name))`);

    await db.query(`
      CREATE TABLE brand_members (
        brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (brand_id, user_id)
      )`);
    await db.query(`CREATE INDEX brand_members_user_id_idx ON brand_members (user_id)`);

    await db.query(`
      CREATE TABLE brand_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
        code_hash text NOT NULL UNIQUE,
        email text,
        invited_by_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL
      )`);

    await db.query(`
      CREATE TABLE platforms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('INFRASTRUCTURE', 'SOCIAL', 'MESSAGING', 'VIDEO', 'EMAIL', 'WEB')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE platform_dependencies (
        platform_id uuid NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
        provider_id uuid NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
        PRIMARY KEY (platform_id, provider_id),
        CHECK (platform_id <> provider_id)
      )`);
    await db.query(
      `CREATE INDEX platform_dependencies_provider_id_idx ON platform_dependencies (provider_id)`,
    );

    await db.query(`
      CREATE TABLE platform_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        creator_id uuid NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
        platform_id uuid NOT NULL REFERENCES platforms (id),
        handle text NOT NULL CHECK (length(handle) BETWEEN 1 AND 200),
        followers integer NOT NULL DEFAULT 0 CHECK (followers >= 0),
        daily_earnings bigint NOT NULL DEFAULT 0 CHECK (daily_earnings >= 0),
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (creator_id, platform_id)
      )`);

    await db.query(`
      CREATE TABLE deals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        creator_id uuid NOT NULL REFERENCES creators (id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brands (id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        currency char(3) NOT NULL,
        total_fee bigint NOT NULL CHECK (total_fee >= 0),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED')),
        signed_on date,
        net_payment_days integer NOT NULL DEFAULT 30 CHECK (net_payment_days BETWEEN 0 AND 365),
        late_penalty_bps_per_day integer NOT NULL DEFAULT 0 CHECK (late_penalty_bps_per_day BETWEEN 0 AND 10000),
        late_penalty_cap_bps integer NOT NULL DEFAULT 0 CHECK (late_penalty_cap_bps BETWEEN 0 AND 10000),
        kill_after_days_late integer CHECK (kill_after_days_late >= 0),
        kill_fee_bps integer NOT NULL DEFAULT 0 CHECK (kill_fee_bps BETWEEN 0 AND 10000),
        force_majeure boolean NOT NULL DEFAULT false,
        notes text NOT NULL DEFAULT '',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX deals_creator_id_idx ON deals (creator_id, created_at DESC, id DESC)`,
    );
    await db.query(`CREATE INDEX deals_brand_id_idx ON deals (brand_id, created_at DESC, id DESC)`);

    await db.query(`
      CREATE TABLE deal_alternate_platforms (
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        platform_id uuid NOT NULL REFERENCES platforms (id),
        position integer NOT NULL,
        PRIMARY KEY (deal_id, platform_id),
        UNIQUE (deal_id, position)
      )`);

    await db.query(`
      CREATE TABLE deliverables (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        platform_id uuid NOT NULL REFERENCES platforms (id),
        kind text NOT NULL CHECK (kind IN ('POST', 'REEL', 'STORY', 'SHORT', 'VIDEO', 'LIVE', 'NEWSLETTER', 'OTHER')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        scheduled_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes BETWEEN 0 AND 10080),
        due_at timestamptz NOT NULL,
        fee bigint NOT NULL CHECK (fee >= 0),
        timing text NOT NULL DEFAULT 'FLEXIBLE' CHECK (timing IN ('FLEXIBLE', 'FIXED')),
        status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED', 'POSTED', 'CANCELLED')),
        posted_at timestamptz,
        post_url text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (due_at >= scheduled_at),
        CHECK ((status = 'POSTED') = (posted_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX deliverables_deal_id_idx ON deliverables (deal_id, scheduled_at, id)`,
    );
    await db.query(`CREATE INDEX deliverables_platform_id_idx ON deliverables (platform_id)`);

    await db.query(`
      CREATE TABLE outages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        severity text NOT NULL CHECK (severity IN ('FULL', 'PARTIAL')),
        degradation_bps integer NOT NULL DEFAULT 10000 CHECK (degradation_bps BETWEEN 1 AND 10000),
        source text NOT NULL DEFAULT 'MANUAL',
        external_id text,
        version integer NOT NULL DEFAULT 1,
        created_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at IS NULL OR ends_at > starts_at),
        UNIQUE (source, external_id)
      )`);
    await db.query(`CREATE INDEX outages_starts_at_idx ON outages (starts_at DESC, id DESC)`);

    await db.query(`
      CREATE TABLE outage_platforms (
        outage_id uuid NOT NULL REFERENCES outages (id) ON DELETE CASCADE,
        platform_id uuid NOT NULL REFERENCES platforms (id),
        PRIMARY KEY (outage_id, platform_id)
      )`);
    await db.query(
      `CREATE INDEX outage_platforms_platform_id_idx ON outage_platforms (platform_id)`,
    );

    await this.seedPlatforms(db);
  }

  private async seedPlatforms(db: QueryRunner): Promise<void> {
    const platforms: Array<[slug: string, name: string, kind: string, provider: string | null]> = [
      ['meta', 'Meta infrastructure', 'INFRASTRUCTURE', null],
      ['facebook', 'Facebook', 'SOCIAL', 'meta'],
      ['instagram', 'Instagram', 'SOCIAL', 'meta'],
      ['whatsapp', 'WhatsApp', 'MESSAGING', 'meta'],
      ['messenger', 'Messenger', 'MESSAGING', 'meta'],
      ['threads', 'Threads', 'SOCIAL', 'meta'],
      ['google', 'Google infrastructure', 'INFRASTRUCTURE', null],
      ['youtube', 'YouTube', 'VIDEO', 'google'],
      ['bytedance', 'ByteDance infrastructure', 'INFRASTRUCTURE', null],
      ['tiktok', 'TikTok', 'VIDEO', 'bytedance'],
      ['x', 'X', 'SOCIAL', null],
      ['snapchat', 'Snapchat', 'SOCIAL', null],
      ['twitch', 'Twitch', 'VIDEO', null],
      ['linkedin', 'LinkedIn', 'SOCIAL', null],
      ['email', 'Email newsletter', 'EMAIL', null],
      ['website', 'Website', 'WEB', null],
    ];
    for (const [slug, name, kind] of platforms) {
      await db.query(`INSERT INTO platforms (slug, name, kind) VALUES ($1, $2, $3)`, [
        slug,
        name,
        kind,
      ]);
    }
    for (const [slug, , , provider] of platforms) {
      if (provider) {
        await db.query(
          `INSERT INTO platform_dependencies (platform_id, provider_id)
           SELECT p.id, q.id FROM platforms p, platforms q WHERE p.slug = $1 AND q.slug = $2`,
          [slug, provider],
        );
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'outage_platforms',
      'outages',
      'deliverables',
      'deal_alternate_platforms',
      'deals',
      'platform_accounts',
      'platform_dependencies',
      'platforms',
      'brand_invitations',
      'brand_members',
      'brands',
      'creators',
      'access_tokens',
      'users',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
