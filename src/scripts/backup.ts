import 'reflect-metadata';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirHolder } from '../database/data-dir-lock';
import {
  pgliteQuery,
  readBackup,
  takeEmbeddedBackup,
  type BackupManifest,
} from '../database/embedded-backup';
import {
  closeEmbeddedPostgres,
  IN_MEMORY,
  openEmbeddedPostgres,
} from '../database/embedded-postgres';
import { loadScriptConfig } from './cli-config';

/**
 * `npm run backup -- --out FILE [--url URL --token-file FILE]`
 *
 * A consistent backup of the embedded database in DATA_DIR. While the service runs (it holds the
 * folder's lock), the backup is taken by the service itself through `POST /admin/backup` with an
 * administrator's token; when nothing runs on the folder, it is opened and backed up here.
 */
const USAGE = `usage: npm run backup -- --out FILE [--url URL] [--token-file FILE]
  Backs up the embedded database in DATA_DIR (default ./data) to FILE (a .tar.gz).
  While the service runs on that folder, the service takes the backup (POST /admin/backup):
    --token-file FILE  a file holding an administrator's API token (createAccessToken)
    --url URL          where the service listens (default http://127.0.0.1:PORT)
  When it does not run, the folder is opened and backed up directly.
  For a PostgreSQL server (DATABASE_URL) use pg_dump: docs/security-and-operations.md.`;

function summary(manifest: BackupManifest, file: string, bytes: number, how: string): string {
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  return [
    `Wrote ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB), ${how}.`,
    `  ${manifest.tables.length} tables, ${rows} rows, ${manifest.migrations.length} migrations applied, taken at ${manifest.createdAt}.`,
    `  Restore with: npm run restore -- ${file} --data-dir NEW_FOLDER`,
  ].join('\n');
}

async function fromService(url: string, tokenFile: string): Promise<Buffer> {
  const token = readFileSync(tokenFile, 'utf8').trim();
  const response = await fetch(new URL('/admin/backup', url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    const body = await response.text();
    throw new Error(`The service answered ${response.status}: ${body.slice(0, 500)}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

async function directly(folder: string, now: Date): Promise<Buffer> {
  const pglite = await openEmbeddedPostgres(folder);
  try {
    return (await takeEmbeddedBackup(pglite, pgliteQuery(pglite), now)).archive;
  } finally {
    await closeEmbeddedPostgres(pglite);
  }
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        url: { type: 'string' },
        'token-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.out) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  const config = loadScriptConfig();
  if (!config) return 1;
  if (config.DATABASE_URL) {
    console.error(
      'DATABASE_URL is set: back a PostgreSQL server up with pg_dump (docs/security-and-operations.md).',
    );
    return 1;
  }
  if (config.DATA_DIR === IN_MEMORY) {
    console.error('DATA_DIR=memory:// keeps nothing to back up.');
    return 1;
  }
  const folder = resolve(config.DATA_DIR);
  const out = resolve(args.out);
  if (existsSync(out)) {
    console.error(`${out} exists already; choose another name (a backup never overwrites one).`);
    return 1;
  }
  if (!existsSync(join(folder, 'PG_VERSION'))) {
    console.error(`There is no embedded database in ${folder} (set DATA_DIR).`);
    return 1;
  }

  try {
    const holder = dataDirHolder(folder);
    let archive: Buffer;
    let how: string;
    if (holder) {
      if (!args['token-file']) {
        console.error(
          `The service (pid ${holder.pid}) has ${folder} open, so it takes the backup itself: ` +
            "pass --token-file with an administrator's API token (see docs/security-and-operations.md).",
        );
        return 1;
      }
      const url = args.url ?? `http://127.0.0.1:${config.PORT}`;
      archive = await fromService(url, args['token-file']);
      how = `taken by the running service (pid ${holder.pid}) at ${url}`;
    } else {
      archive = await directly(folder, new Date());
      how = `taken from ${folder} (no service was running on it)`;
    }
    // Checked before it is kept: a truncated download must not pass for a backup.
    const { manifest } = await readBackup(archive);
    const partial = `${out}.${process.pid}.partial`;
    writeFileSync(partial, archive);
    renameSync(partial, out);
    console.log(summary(manifest, out, archive.length, how));
    return 0;
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
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
