import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { IN_MEMORY, openEmbeddedPostgres } from '../database/embedded-postgres';
import { candidateSql } from '../impact/impact.repository';
import { entities } from '../entities';

/**
 * `npm run explain:impact [-- --deliverables 300000]`
 *
 * Builds a scratch database (a new one on the DATABASE_URL server, dropped afterwards, or an
 * in-memory embedded engine), fills it with deliverables spread over two years across every
 * platform, and prints EXPLAIN (ANALYZE, BUFFERS) of the impact engine's candidate query for a
 * six-hour Meta outage: the GiST index on the slot should do the work, not a scan.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { deliverables: { type: 'string', default: '300000' } },
  });
  const count = Number(values.deliverables);
  if (!Number.isInteger(count) || count < 1)
    throw new Error('--deliverables takes a positive whole number');
  const config = loadAppConfig();

  let databaseUrl: string | undefined;
  let drop = async () => undefined as void;
  if (config.DATABASE_URL) {
    const name = `deal_ledger_explain_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: config.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(config.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = async () => {
      const client = new Client({ connectionString: config.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const embedded = databaseUrl ? null : await openEmbeddedPostgres(IN_MEMORY);
  const dataSource = new DataSource(
    buildDataSourceOptions(
      { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 2 },
      embedded,
      entities,
    ),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const engine = databaseUrl ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)';
    const [{ server_version: version }] =
      await dataSource.query<Array<{ server_version: string }>>(`SHOW server_version`);
    console.log(
      `Engine: ${engine} ${version}; generating ${count.toLocaleString('en')} deliverables…`,
    );
    const started = Date.now();
    const [{ id: userId }] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO users (email, password_hash, role) VALUES ('explain@example.com', 'x', 'CREATOR') RETURNING id`,
    );
    const [{ id: creatorId }] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO creators (user_id, display_name, home_currency, time_zone) VALUES ($1, 'Explain', 'USD', 'UTC') RETURNING id`,
      [userId],
    );
    const [{ id: brandId }] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO brands (name) VALUES ('Explain brand') RETURNING id`,
    );
    const [{ id: dealId }] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO deals (creator_id, brand_id, title, currency, total_fee, status) VALUES ($1, $2, 'Explain', 'USD', 0, 'ACTIVE') RETURNING id`,
      [creatorId, brandId],
    );
    // Two years of slots, evenly spread, every platform in turn; one in seven is a one-hour live.
    await dataSource.query(
      `INSERT INTO deliverables (deal_id, platform_id, kind, title, scheduled_at, duration_minutes, due_at, fee, timing, status)
       SELECT $1, platform_ids[1 + i % array_length(platform_ids, 1)], 'POST', 'Generated', slot,
              CASE WHEN i % 7 = 0 THEN 60 ELSE 0 END, slot + interval '1 day', 1000, 'FLEXIBLE', 'PLANNED'
         FROM (SELECT array_agg(id ORDER BY slug) AS platform_ids FROM platforms) AS p,
              generate_series(1, $2::int) AS i,
              LATERAL (SELECT timestamptz '2023-01-01T00:00:00Z' + i * (interval '730 days' / $2::int) AS slot) AS s`,
      [dealId, count],
    );
    await dataSource.query(`ANALYZE deliverables`);
    console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);

    const [meta] = await dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM platforms WHERE slug = 'meta'`,
    );
    const parameters = [
      [meta.id],
      new Date('2024-03-05T15:00:00Z'),
      new Date('2024-03-05T21:00:00Z'),
    ];
    const sql = candidateSql('TRUE');
    const plan = await dataSource.query<Array<{ 'QUERY PLAN': string }>>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
      parameters,
    );
    const rows = await dataSource.query<unknown[]>(sql, parameters);
    console.log(
      `Candidate query for a six-hour Meta outage (2024-03-05 15:00–21:00 UTC): ${rows.length} rows`,
    );
    console.log(plan.map((line) => line['QUERY PLAN']).join('\n'));
    const usesIndex = plan.some((line) => line['QUERY PLAN'].includes('deliverables_slot_gist'));
    console.log(
      `\n${usesIndex ? 'OK: the GiST slot index is used.' : 'WARNING: the GiST slot index is NOT used.'}`,
    );
    if (!usesIndex) process.exitCode = 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (embedded) await embedded.close();
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
