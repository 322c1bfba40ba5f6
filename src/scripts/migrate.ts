import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { runPendingMigrations, withMigrationLock } from '../database/migration-lock';
import {
  IN_MEMORY,
  describeEmbeddedLocation,
  openEmbeddedPostgres,
} from '../database/embedded-postgres';
import { loadScriptConfig } from './cli-config';

/**
 * `node dist/src/scripts/migrate.js run|revert|show`
 *
 * Uses exactly the app's configuration: DATABASE_URL when set, otherwise the embedded PostgreSQL
 * in DATA_DIR (default ./data). The embedded engine is single-process: stop the app before
 * migrating its data folder.
 */
const COMMANDS = ['run', 'revert', 'show'] as const;
type Command = (typeof COMMANDS)[number];

const USAGE = `usage: node dist/src/scripts/migrate.js <${COMMANDS.join('|')}>
  run     apply every pending migration (all in one transaction)
  revert  undo the most recently applied migration
  show    list migrations, [X] applied, [ ] pending`;

function isCommand(value: string | undefined): value is Command {
  return COMMANDS.includes(value as Command);
}

/** The one positional argument; null for anything else (this command takes no options). */
function readCommand(argv: string[]): Command | null {
  try {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true });
    return positionals.length === 1 && isCommand(positionals[0]) ? positionals[0] : null;
  } catch {
    return null;
  }
}

function describeTarget(config: AppConfig): string {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  }
  return `the embedded PostgreSQL (PGlite) ${describeEmbeddedLocation(config.DATA_DIR)}`;
}

async function execute(command: Command, dataSource: DataSource): Promise<void> {
  const executor = new MigrationExecutor(dataSource);
  switch (command) {
    case 'run': {
      // Under the same lock as the API's start-up, so a run during a rolling deploy is safe.
      const applied = await runPendingMigrations(dataSource);
      if (applied.length === 0) {
        console.log('No pending migrations; the schema is up to date.');
      }
      for (const migration of applied) console.log(`Applied  ${migration.name}`);
      return;
    }
    case 'revert': {
      const executed = await executor.getExecutedMigrations();
      // getExecutedMigrations() sorts by id descending: the first one is the last applied.
      const last = executed[0];
      if (!last) {
        console.log('No applied migrations; nothing to revert.');
        return;
      }
      await withMigrationLock(dataSource, (locked) => locked.undoLastMigration());
      console.log(`Reverted ${last.name}`);
      return;
    }
    case 'show': {
      const executed = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
      const pending = new Set((await executor.getPendingMigrations()).map((m) => m.name));
      for (const migration of dataSource.migrations) {
        const name = migration.name ?? migration.constructor.name;
        console.log(`${executed.has(name) ? '[X]' : '[ ]'} ${name}`);
      }
      // Applied in the database but unknown to this build (e.g. a newer deploy ran it).
      const known = new Set(dataSource.migrations.map((m) => m.name ?? m.constructor.name));
      for (const name of executed) {
        if (!known.has(name)) console.log(`[?] ${name} (applied, but not in this build)`);
      }
      console.log(`${executed.size} applied, ${pending.size} pending.`);
      return;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  const command = readCommand(argv);
  if (!command) {
    console.error(USAGE);
    return 2;
  }

  const config = loadScriptConfig();
  if (!config) return 1;
  if (!config.DATABASE_URL && config.DATA_DIR === IN_MEMORY) {
    console.error('DATA_DIR=memory:// is thrown away on exit; migrating it would do nothing.');
    return 1;
  }

  console.log(`Migrations (${command}) on ${describeTarget(config)}`);
  let embedded: PGlite | null = null;
  let dataSource: DataSource | null = null;
  try {
    embedded = config.DATABASE_URL ? null : await openEmbeddedPostgres(config.DATA_DIR);
    // One connection is plenty for a migration run, whichever database it is.
    dataSource = new DataSource({
      ...buildDataSourceOptions({ ...config, DATABASE_POOL_SIZE: 1 }, embedded),
      migrationsRun: false,
    });
    await dataSource.initialize();
    await execute(command, dataSource);
    return 0;
  } catch (error) {
    console.error(`Migration ${command} failed:`, error);
    return 1;
  } finally {
    // The pool must drain before the embedded engine closes.
    if (dataSource?.isInitialized) await dataSource.destroy();
    if (embedded && !embedded.closed) await embedded.close();
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
