import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreEmbeddedBackup } from '../database/embedded-backup';
import { IN_MEMORY } from '../database/embedded-postgres';
import { loadScriptConfig } from './cli-config';

/**
 * `npm run restore -- FILE [--data-dir DIR] [--force]`
 *
 * Restores a backup made by `npm run backup` into an embedded data folder (DATA_DIR unless
 * --data-dir), which must be empty or missing unless --force; then opens it and checks every
 * table against the backup's manifest.
 */
const USAGE = `usage: npm run restore -- FILE [--data-dir DIR] [--force]
  Restores FILE (made by npm run backup) into DIR (default: DATA_DIR, ./data), which must be
  empty or missing, and not in use; --force first DELETES what DIR holds. The restored database
  is opened and every table's row count and checksum compared with the backup's.`;

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadScriptConfig();
  if (!config) return 1;
  const dataDir = values['data-dir'] ?? config.DATA_DIR;
  if (dataDir === IN_MEMORY) {
    console.error('Restoring into memory:// would keep nothing; pass --data-dir DIR.');
    return 1;
  }
  try {
    const report = await restoreEmbeddedBackup(readFileSync(positionals[0]), dataDir, {
      force: values.force ?? false,
    });
    const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(`Restored the backup of ${report.manifest.createdAt} into ${report.folder}.`);
    console.log(
      `  Verified: ${report.tables.length} tables, ${rows} rows, every row count and checksum as in the backup; ${report.manifest.migrations.length} migrations applied.`,
    );
    if (report.pending.length > 0) {
      console.log(`  ${report.pending.length} newer migration(s) will be applied by npm start.`);
    }
    if (report.unknown.length > 0) {
      console.log(
        `  Warning: made by a newer release (migrations this build does not know: ${report.unknown.join(', ')}).`,
      );
    }
    console.log(`  Start the service on it: DATA_DIR=${shellQuote(report.folder)} npm start`);
    return 0;
  } catch (error) {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
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
