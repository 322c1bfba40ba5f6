import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ProgressBar } from '../../src/common/cli/progress-bar';
import { entities } from '../../src/entities';

/**
 * The benchmark data set: built once per size in its own database, with the application's
 * migrations, by set-based SQL only (`INSERT … SELECT … generate_series`, in chunks so that each
 * step can show progress). Every id is derived from an ordinal (`md5('deal' || k)::uuid`), so the
 * steps join by arithmetic instead of lookups, and two runs of the same size build the same data.
 *
 * Layout of the deliverables (all times UTC):
 *
 * - **Launch day**, 2024-03-05 12:00–24:00: a FIXED number of deliverables (`LAUNCH_DELIVERABLES`,
 *   40 000) whatever the size, three in four on Meta's platforms. The benchmark outage
 *   (`BENCH_OUTAGE`, Meta-wide, 15:00–21:00 that day) falls in it.
 * - **The rest of the campaign week** (4 and 6–10 March): 9 % of the total, evenly spread.
 * - **Background**: everything else, evenly spread over 2023-01-01 … 2025-01-01 minus that week.
 *
 * So at 1 000 000 deliverables the campaign week holds 40 000 + 90 000 = 13 % of them, and the
 * number of hits does not depend on the size: nothing but the launch block is ever placed on
 * 5 March, and every attribute that decides a hit (slot, platform, deliverable status, deal
 * status) is a function of the launch row's own ordinal j, never of the total. Launch row j goes to
 * a deal whose ordinal k has (k − 1) mod 20 = j mod 20, and deal terms, status, currency and
 * alternates are functions of (k − 1) mod 20, so they do not move either. The price: small data
 * sets are launch-heavy (at 100 000, 49 % of the deliverables are in that week).
 */
export const LAUNCH_DELIVERABLES = 40_000;
const LAUNCH_START = Date.parse('2024-03-05T12:00:00Z');
const LAUNCH_HOURS = 12;
const WEEK_START = Date.parse('2024-03-04T00:00:00Z');
const RANGE_START = Date.parse('2023-01-01T00:00:00Z');
const RANGE_END = Date.parse('2025-01-01T00:00:00Z');
const WEEK_SHARE = 0.09;
const OUTAGES = 500;
const CHUNK = 50_000;
const DAY_SECONDS = 86_400;

/** The smallest data set: the launch day plus a thousand background deliverables. */
export const MIN_DELIVERABLES = Math.ceil((LAUNCH_DELIVERABLES + 1000) / (1 - WEEK_SHARE));

/** The outage the bench measures: Meta and everything on it, six hours in the launch day. */
export const BENCH_OUTAGE = {
  title: 'Bench: Meta-wide outage',
  platformSlug: 'meta',
  startsAt: new Date('2024-03-05T15:00:00Z'),
  endsAt: new Date('2024-03-05T21:00:00Z'),
};

/**
 * The administrator (user 1, also creator 1), for the later GraphQL-over-HTTP scenarios.
 * Every generated user shares this password: its scrypt hash (N = 2^17, r = 8, p = 1, the
 * production cost, fixed salt) was computed once and is stored as is; no row is hashed.
 */
export const BENCH_ADMIN = { email: 'admin@bench.example', password: 'bench admin password' };
const BENCH_PASSWORD_HASH =
  'scrypt$131072$8$1$ZGVhbC1sZWRnZXItYmVuY2g=$MI5w0Har+gH4NcPHSOPjPET2872s+OdO1Qs3NUWyFSQvLXJIvdNvDx2//a7EQ/UyJAYiTK1XrVbTjsd5plokJg==';

export interface DatasetSizes {
  deliverables: number;
  creators: number;
  brands: number;
  /** A multiple of 20, so that a launch row's deal can be chosen by its class (k − 1) mod 20. */
  deals: number;
  outages: number;
  launch: number;
  restOfWeek: number;
  background: number;
}

/**
 * Full size is 1 000 000 deliverables: 10 000 creators, 2 000 brands, 100 000 deals. Creators and
 * brands (and so the creators' platform accounts) stay at those numbers at every size, and deals
 * scale with the deliverables: comparing two sizes then changes what is stored, not what an outage
 * touches (the same hits, the same accounts losing platform income).
 */
export const CREATORS = 10_000;
export const BRANDS = 2_000;
export function datasetSizes(deliverables: number): DatasetSizes {
  const restOfWeek = Math.round(deliverables * WEEK_SHARE);
  const background = deliverables - LAUNCH_DELIVERABLES - restOfWeek;
  if (background < 1000) {
    throw new Error(
      `--deliverables must be at least ${MIN_DELIVERABLES.toLocaleString('en')}: ` +
        `the launch day alone holds ${LAUNCH_DELIVERABLES.toLocaleString('en')} (so the hit count is the same at every size)`,
    );
  }
  return {
    deliverables,
    creators: CREATORS,
    brands: BRANDS,
    deals: Math.max(20, Math.round(deliverables / 200) * 20),
    outages: OUTAGES,
    launch: LAUNCH_DELIVERABLES,
    restOfWeek,
    background,
  };
}

export function databaseName(deliverables: number): string {
  return `deal_ledger_bench_${deliverables}`;
}

/** The URL of `database` on the same server as `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface DatasetInfo {
  database: string;
  url: string;
  sizes: DatasetSizes;
  reused: boolean;
  generationSeconds: number;
  generatedAt: string;
}

interface Marker {
  generated_at: Date;
  generation_seconds: string;
  sizes: DatasetSizes;
}

/**
 * Finds the complete data set of this size or builds it. A data set is complete once its marker
 * row exists (written last); a database without one is a crashed run and is rebuilt.
 */
export async function ensureDataset(
  serverUrl: string,
  deliverables: number,
  options: { reuse: boolean; fresh: boolean },
): Promise<DatasetInfo> {
  const sizes = datasetSizes(deliverables);
  const database = databaseName(deliverables);
  const url = databaseUrl(serverUrl, database);
  const server = new Client({ connectionString: serverUrl });
  await server.connect();
  try {
    const exists =
      (
        await server.query<{ exists: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists`,
          [database],
        )
      ).rows[0]?.exists ?? false;
    if (exists && !options.fresh) {
      const found = await readMarker(url);
      // A set built with other proportions (an earlier version of this file) is rebuilt.
      const sameSizes = (Object.keys(sizes) as Array<keyof DatasetSizes>).every(
        (key) => Number(found?.sizes[key]) === sizes[key],
      );
      const marker = found && sameSizes ? found : null;
      if (found && !marker)
        process.stderr.write(`${database} has other proportions; rebuilding…\n`);
      if (marker) {
        return {
          database,
          url,
          sizes: marker.sizes,
          reused: true,
          generationSeconds: Number(marker.generation_seconds),
          generatedAt: marker.generated_at.toISOString(),
        };
      }
      if (options.reuse) {
        throw new Error(`${database} exists but is incomplete (no marker); run without --reuse`);
      }
    } else if (!exists && options.reuse) {
      throw new Error(`No data set ${database} to reuse; run without --reuse to generate it`);
    }
    if (exists) {
      process.stderr.write(
        `Dropping ${exists && options.fresh ? '' : 'incomplete '}${database}…\n`,
      );
      await server.query(`DROP DATABASE ${database} WITH (FORCE)`);
    }
    await server.query(`CREATE DATABASE ${database}`);
  } finally {
    await server.end();
  }

  const started = Date.now();
  await migrate(url);
  const client = new Client({ connectionString: url, application_name: 'deal-ledger-bench' });
  await client.connect();
  try {
    // A scratch data set: losing the last commits on a crash only means generating it again.
    await client.query(`SET synchronous_commit = off`);
    await generate(client, sizes);
    const generationSeconds = Math.round((Date.now() - started) / 100) / 10;
    const { rows } = await client.query<{ generated_at: Date }>(
      `INSERT INTO bench_dataset (sizes, generation_seconds) VALUES ($1, $2) RETURNING generated_at`,
      [JSON.stringify(sizes), generationSeconds],
    );
    return {
      database,
      url,
      sizes,
      reused: false,
      generationSeconds,
      generatedAt: rows[0].generated_at.toISOString(),
    };
  } finally {
    await client.end();
  }
}

async function readMarker(url: string): Promise<Marker | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Marker>(
      `SELECT generated_at, generation_seconds::text AS generation_seconds, sizes
         FROM bench_dataset`,
    );
    return rows[0] ?? null;
  } catch {
    return null; // no marker table: the run that created the database did not finish
  } finally {
    await client.end();
  }
}

/** A bar per generation step, labels aligned, drawn at 0 % before the step's first statement. */
function startBar(label: string, total: number): ProgressBar {
  const bar = new ProgressBar(label, total, { labelWidth: 24 });
  bar.update(0);
  return bar;
}

/** The schema, exactly as the service builds it: the app's own migrations through TypeORM. */
async function migrate(url: string): Promise<void> {
  const bar = startBar('migrations', 1);
  const dataSource = new DataSource(
    buildDataSourceOptions({ DATABASE_URL: url, DATABASE_POOL_SIZE: 1 }, null, entities),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  bar.finish();
}

/** Runs `sql` over [1, total] in chunks of `chunk` ordinals ($1 = first, $2 = last), with a bar. */
async function inChunks(
  client: Client,
  label: string,
  total: number,
  sql: string,
  parameters: unknown[] = [],
  chunk = CHUNK,
): Promise<void> {
  const bar = startBar(label, total);
  for (let first = 1; first <= total; first += chunk) {
    const last = Math.min(total, first + chunk - 1);
    await client.query(sql, [first, last, ...parameters]);
    bar.update(last);
  }
  bar.finish();
}

const epoch = (ms: number) => ms / 1000;

async function generate(client: Client, sizes: DatasetSizes): Promise<void> {
  await client.query(`
    CREATE TABLE bench_dataset (
      generated_at timestamptz NOT NULL DEFAULT now(),
      generation_seconds numeric NOT NULL,
      sizes jsonb NOT NULL
    )`);

  // Users 1…creators are creators (user 1, the administrator, too); then one user per brand.
  await inChunks(
    client,
    'users (creators)',
    sizes.creators,
    `INSERT INTO users (id, email, password_hash, role, is_admin, created_at)
     SELECT md5('user' || c)::uuid,
            CASE WHEN c = 1 THEN $3 ELSE 'creator-' || c || '@bench.example' END,
            $4, 'CREATOR', c = 1, timestamptz '2022-12-01T00:00:00Z' + c * interval '1 minute'
       FROM generate_series($1::int, $2::int) AS c`,
    [BENCH_ADMIN.email, BENCH_PASSWORD_HASH],
  );
  await inChunks(
    client,
    'creators',
    sizes.creators,
    `INSERT INTO creators (id, user_id, display_name, home_currency, time_zone)
     SELECT md5('creator' || c)::uuid, md5('user' || c)::uuid,
            CASE WHEN c = 1 THEN 'Bench Admin' ELSE 'Bench creator ' || c END,
            (ARRAY['USD', 'EUR', 'GBP', 'JPY'])[1 + c % 4],
            (ARRAY['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo'])[1 + c % 4]
       FROM generate_series($1::int, $2::int) AS c`,
  );
  await inChunks(
    client,
    'platform accounts',
    sizes.creators,
    `INSERT INTO platform_accounts (creator_id, platform_id, handle, followers, daily_earnings, currency)
     SELECT md5('creator' || c)::uuid, p.id, 'bench_' || c || '_' || p.slug,
            1000 + (c::bigint * 7919) % 2000000, 1000 + (c::bigint * 104729) % 50000,
            (ARRAY['USD', 'EUR', 'GBP', 'JPY'])[1 + c % 4]
       FROM generate_series($1::int, $2::int) AS c
       JOIN platforms p ON p.slug IN ('instagram', 'youtube', 'tiktok')
                        OR (p.slug = 'facebook' AND c % 2 = 0)`,
  );
  await inChunks(
    client,
    'brands',
    sizes.brands,
    `INSERT INTO brands (id, name, created_by_creator_id)
     SELECT md5('brand' || b)::uuid, 'Bench brand ' || b,
            CASE WHEN b % 2 = 0 THEN md5('creator' || (1 + b % $3::int))::uuid END
       FROM generate_series($1::int, $2::int) AS b`,
    [sizes.creators],
  );
  // One member per claimed (odd) brand; the even ones stay unclaimed, named by a creator.
  await inChunks(
    client,
    'brand members',
    sizes.brands,
    `WITH members AS (
       INSERT INTO users (id, email, password_hash, role)
       SELECT md5('brand-user' || b)::uuid, 'brand-' || b || '@bench.example', $3, 'BRAND'
         FROM generate_series($1::int, $2::int) AS b WHERE b % 2 = 1
       RETURNING id, email)
     INSERT INTO brand_members (brand_id, user_id)
     SELECT md5('brand' || substring(email FROM 'brand-(\\d+)@'))::uuid, id FROM members`,
    [BENCH_PASSWORD_HASH],
  );

  // Deal k: status, currency, terms and alternates depend on (k - 1) % 20 only (see the top).
  await inChunks(
    client,
    'deals',
    sizes.deals,
    `INSERT INTO deals (id, creator_id, brand_id, title, currency, total_fee, status, signed_on,
                        net_payment_days, late_penalty_bps_per_day, late_penalty_cap_bps,
                        kill_after_days_late, kill_fee_bps, force_majeure, created_at, updated_at)
     SELECT md5('deal' || k)::uuid,
            md5('creator' || (1 + (k - 1) % $3::int))::uuid,
            md5('brand' || (1 + ((k - 1) * 7 + (k - 1) / $3::int) % $4::int))::uuid,
            'Bench deal ' || k,
            (ARRAY['USD', 'EUR', 'GBP', 'JPY'])[1 + c % 4],
            0,
            CASE WHEN c < 16 THEN 'ACTIVE' WHEN c < 18 THEN 'COMPLETED'
                 WHEN c = 18 THEN 'DRAFT' ELSE 'CANCELLED' END,
            date '2022-12-01' + (k % 700),
            (ARRAY[0, 15, 30, 45, 60])[1 + c % 5],
            (ARRAY[0, 250, 500])[1 + c % 3],
            CASE WHEN c % 3 = 0 THEN 0 ELSE 1500 END,
            CASE WHEN c % 4 = 0 THEN NULL ELSE 3 + c % 5 END,
            CASE WHEN c % 2 = 0 THEN 2500 ELSE 0 END,
            c % 2 = 0,
            timestamptz '2022-12-01T00:00:00Z' + (k % 700) * interval '1 day',
            timestamptz '2022-12-01T00:00:00Z' + (k % 700) * interval '1 day'
       FROM generate_series($1::int, $2::int) AS k, LATERAL (SELECT (k - 1) % 20 AS c) AS class`,
    [sizes.creators, sizes.brands],
  );
  // One deal in five may move to YouTube, one in ten also to TikTok.
  await inChunks(
    client,
    'alternate platforms',
    sizes.deals,
    `INSERT INTO deal_alternate_platforms (deal_id, platform_id, position)
     SELECT md5('deal' || k)::uuid, p.id, CASE p.slug WHEN 'youtube' THEN 0 ELSE 1 END
       FROM generate_series($1::int, $2::int) AS k
       JOIN platforms p ON (p.slug = 'youtube' AND (k - 1) % 5 = 0)
                        OR (p.slug = 'tiktok' AND (k - 1) % 10 = 0)`,
  );

  await insertDeliverables(
    client,
    'deliverables: background',
    sizes.background,
    // Evenly over the two years without the campaign week.
    `to_timestamp($3::float8 + (i - 1) * $4::float8
                  + CASE WHEN $3::float8 + (i - 1) * $4::float8 >= $5::float8 THEN 7 * ${DAY_SECONDS} ELSE 0 END)`,
    `1 + (i - 1) % $6::int`,
    `(ARRAY['instagram', 'facebook', 'threads', 'whatsapp', 'messenger', 'youtube', 'tiktok',
            'x', 'snapchat', 'twitch', 'linkedin', 'email', 'website'])[1 + i % 13]`,
    [
      epoch(RANGE_START),
      (epoch(RANGE_END) - epoch(RANGE_START) - 7 * DAY_SECONDS) / sizes.background,
      epoch(WEEK_START),
      sizes.deals,
    ],
  );
  await insertDeliverables(
    client,
    'deliverables: campaign',
    sizes.restOfWeek,
    // Evenly over the week's six other days: 4 March, then 6–10 March.
    `to_timestamp($3::float8 + (i - 1) * $4::float8
                  + CASE WHEN (i - 1) * $4::float8 >= ${DAY_SECONDS} THEN ${DAY_SECONDS} ELSE 0 END)`,
    `1 + ((i - 1) * 13) % $5::int`,
    `(ARRAY['instagram', 'instagram', 'facebook', 'tiktok', 'youtube', 'threads', 'x',
            'instagram', 'snapchat', 'messenger'])[1 + i % 10]`,
    [epoch(WEEK_START), (6 * DAY_SECONDS) / sizes.restOfWeek, sizes.deals],
  );
  await insertDeliverables(
    client,
    'deliverables: launch day',
    sizes.launch,
    // Fixed count over 12:00–24:00 on 5 March; deal k with (k - 1) % 20 = i % 20.
    `to_timestamp($3::float8 + (i - 1) * $4::float8)`,
    `20 * (i % ($5::int / 20)) + i % 20 + 1`,
    `(ARRAY['instagram', 'instagram', 'facebook', 'tiktok', 'instagram', 'threads', 'youtube',
            'facebook', 'whatsapp', 'messenger', 'x', 'instagram'])[1 + i % 12]`,
    [epoch(LAUNCH_START), (LAUNCH_HOURS * 3600) / sizes.launch, sizes.deals],
  );

  const totals = startBar('deal totals', 1);
  await client.query(`
    UPDATE deals SET total_fee = s.total
      FROM (SELECT deal_id, sum(fee) AS total FROM deliverables GROUP BY deal_id) AS s
     WHERE deals.id = s.deal_id`);
  totals.finish();

  await insertOutages(client, sizes);

  const analyze = startBar('ANALYZE', 1);
  await client.query(`ANALYZE`);
  analyze.finish();
}

/**
 * One block of deliverables: `slot`, `deal` (ordinal k) and `platform` (slug) are expressions of
 * the block-local ordinal i; everything else is shared. Fees are minor units in the deal's
 * currency (whole yen for JPY). Live streams are FIXED and last 30–90 minutes; one post in 11
 * is FIXED too (launch-day posts); one deliverable in 25 is POSTED and one in 25 CANCELLED.
 */
async function insertDeliverables(
  client: Client,
  label: string,
  count: number,
  slot: string,
  deal: string,
  platform: string,
  parameters: unknown[],
): Promise<void> {
  await inChunks(
    client,
    label,
    count,
    `INSERT INTO deliverables (deal_id, platform_id, kind, title, scheduled_at, duration_minutes,
                               due_at, fee, timing, status, posted_at)
     SELECT md5('deal' || g.k)::uuid, p.id, v.kind, initcap(v.kind) || ' ' || g.i, g.slot, v.duration,
            CASE WHEN v.timing = 'FIXED' THEN g.slot + v.duration * interval '1 minute'
                 ELSE g.slot + (1 + g.i % 48) * interval '1 hour' END,
            CASE WHEN (g.k - 1) % 4 = 3 THEN 20000 + (g.i % 50) * 1000
                 ELSE 10000 + (g.i % 200) * 500 END,
            v.timing,
            CASE g.i % 25 WHEN 0 THEN 'CANCELLED' WHEN 1 THEN 'POSTED' ELSE 'PLANNED' END,
            CASE WHEN g.i % 25 = 1 THEN g.slot END
       FROM (SELECT i, ${slot} AS slot, ${deal} AS k, ${platform} AS slug
               FROM generate_series($1::int, $2::int) AS i) AS g
       JOIN platforms p ON p.slug = g.slug
       CROSS JOIN LATERAL (
         SELECT kind,
                CASE WHEN kind = 'LIVE' THEN 30 + 30 * (g.i % 3) ELSE 0 END AS duration,
                CASE WHEN kind = 'LIVE' OR g.i % 11 = 0 THEN 'FIXED' ELSE 'FLEXIBLE' END AS timing
           FROM (SELECT CASE g.slug
                          WHEN 'email' THEN 'NEWSLETTER'
                          WHEN 'website' THEN 'OTHER'
                          WHEN 'twitch' THEN 'LIVE'
                          ELSE (ARRAY['POST', 'REEL', 'STORY', 'SHORT', 'VIDEO', 'POST', 'LIVE'])[1 + g.i % 7]
                        END AS kind) AS k
       ) AS v`,
    parameters,
  );
}

/** 499 outages spread over the two years, plus the benchmark's Meta-wide one. */
async function insertOutages(client: Client, sizes: DatasetSizes): Promise<void> {
  const bar = startBar('outages', sizes.outages);
  const spread = sizes.outages - 1;
  await client.query(
    `WITH made AS (
       INSERT INTO outages (id, title, starts_at, ends_at, severity, degradation_bps, created_by_user_id)
       SELECT md5('outage' || o)::uuid, 'Bench outage ' || o, s.starts_at,
              s.starts_at + (30 + (o * 53) % 480) * interval '1 minute',
              CASE WHEN o % 3 = 0 THEN 'PARTIAL' ELSE 'FULL' END,
              CASE WHEN o % 3 = 0 THEN 5000 ELSE 10000 END,
              md5('user1')::uuid
         FROM generate_series(1, $1::int) AS o,
              LATERAL (SELECT to_timestamp($2::float8 + (o - 1) * $3::float8 + ((o * 37) % 24) * 3600) AS starts_at) AS s
       RETURNING id, title)
     INSERT INTO outage_platforms (outage_id, platform_id)
     SELECT made.id, p.id
       FROM made JOIN platforms p
         ON p.slug = (ARRAY['meta', 'instagram', 'facebook', 'whatsapp', 'google', 'youtube', 'bytedance',
                            'tiktok', 'x', 'snapchat', 'twitch', 'linkedin', 'email', 'website'])
                     [1 + substring(made.title FROM '\\d+$')::int % 14]`,
    [spread, epoch(RANGE_START), (epoch(RANGE_END) - epoch(RANGE_START)) / spread],
  );
  bar.update(spread);
  await client.query(
    `WITH made AS (
       INSERT INTO outages (id, title, starts_at, ends_at, severity, created_by_user_id)
       VALUES (md5('outage-bench')::uuid, $4, $1, $2, 'FULL', md5('user1')::uuid)
       RETURNING id)
     INSERT INTO outage_platforms (outage_id, platform_id)
     SELECT made.id, p.id FROM made JOIN platforms p ON p.slug = $3`,
    [BENCH_OUTAGE.startsAt, BENCH_OUTAGE.endsAt, BENCH_OUTAGE.platformSlug, BENCH_OUTAGE.title],
  );
  bar.finish();
}
