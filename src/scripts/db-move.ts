import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { ProgressBar } from '../common/cli/progress-bar';
import { buildDataSourceOptions } from '../database/data-source-options';
import {
  closeEmbeddedPostgres,
  IN_MEMORY,
  openEmbeddedPostgres,
} from '../database/embedded-postgres';
import { runPendingMigrations } from '../database/migration-lock';
import { moveEmbeddedToServer } from '../database/move-to-server';
import { loadScriptConfig } from './cli-config';

/**
 * `npm run db:move -- --to postgres://…`
 *
 * Copies the embedded database in DATA_DIR into an empty PostgreSQL database (schema by the
 * migrations, then every table, then the sequences), checks each table's row count and checksum
 * on both sides, and says which setting to change. The embedded folder is left as it was.
 */
const USAGE = `usage: npm run db:move -- --to postgres://USER[:PASSWORD]@HOST:PORT/DATABASE [--data-dir DIR]
  Copies the embedded database (DATA_DIR, default ./data, or DIR) into the given EMPTY PostgreSQL
  database, in one transaction, and verifies every table. Stop the service first: what it
  writes after the copy would not be moved. The embedded folder is not changed.`;

function masked(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Applies pending migrations to the source, as `npm start` would, so both sides match. */
async function migrateSource(pglite: PGlite): Promise<number> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1 }, pglite),
    migrationsRun: false,
  });
  await dataSource.initialize();
  try {
    return (await runPendingMigrations(dataSource)).length;
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        to: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.to) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  if (!/^postgres(ql)?:\/\//.test(args.to)) {
    console.error('--to must be a postgres:// or postgresql:// URL');
    return 2;
  }
  const config = loadScriptConfig();
  if (!config) return 1;
  const dataDir = args['data-dir'] ?? config.DATA_DIR;
  if (config.DATABASE_URL && !args['data-dir']) {
    console.error(
      'DATABASE_URL is set, so this service already uses a server; db:move copies the embedded ' +
        'database (unset DATABASE_URL, or pass --data-dir).',
    );
    return 1;
  }
  const folder = resolve(dataDir);
  if (dataDir === IN_MEMORY || !existsSync(join(folder, 'PG_VERSION'))) {
    console.error(`There is no embedded database in ${folder} (set DATA_DIR or --data-dir).`);
    return 1;
  }

  const target = masked(args.to);
  console.log(`Moving the embedded database in ${folder} to ${target}`);
  let pglite: PGlite | null = null;
  try {
    // Locks the folder: refused while the service runs on it.
    pglite = await openEmbeddedPostgres(folder);
    const applied = await migrateSource(pglite);
    if (applied > 0) console.log(`  Applied ${applied} pending migration(s) to it first.`);
    const bar = new ProgressBar('Copying rows', 0, { minTotal: 1000 });
    const report = await moveEmbeddedToServer(pglite, args.to, { progress: bar.listener });
    const width = Math.max(...report.tables.map((entry) => entry.table.length));
    console.log(`\n  ${'table'.padEnd(width)}  ${'rows'.padStart(8)}  checksum`);
    for (const entry of report.tables) {
      console.log(
        `  ${entry.table.padEnd(width)}  ${String(entry.rows).padStart(8)}  ${entry.checksum}  same on both sides`,
      );
    }
    const rows = report.tables.reduce((sum, entry) => sum + entry.rows, 0);
    console.log(
      `\nMoved ${report.tables.length} tables (${rows} rows) and ${report.sequences.length} sequences; ` +
        `${report.migrations.length} migrations applied on the server.`,
    );
    console.log(`\nOne setting to change: start the service with\n  DATABASE_URL=${target}`);
    console.log(
      `The embedded folder ${folder} is unchanged (DATA_DIR is ignored once DATABASE_URL is set); keep it until you have checked the server.`,
    );
    return 0;
  } catch (error) {
    console.error(`Move failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (pglite) await closeEmbeddedPostgres(pglite);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
