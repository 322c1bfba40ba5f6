import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { allMigrations } from '../../migrations';
import { acquireDataDirLock, LOCK_FILE } from './data-dir-lock';
import { closeEmbeddedPostgres, openEmbeddedPostgres } from './embedded-postgres';
import { readTar, tarFile, TarFormatError, writeTar } from './tar-archive';
import {
  appliedMigrations,
  checksumDifferences,
  listTables,
  PIN_TEXT_FORMAT,
  tableChecksums,
  type Query,
  type TableChecksum,
} from './table-checksums';

/**
 * A backup of the embedded database is PGlite's own image of its data folder (`dumpDataDir`, a
 * tar), gzipped, with a manifest as its first entry: the applied migrations and each table's
 * row count and checksum, computed at the very moment the image was taken. A restore loads the
 * image into an empty folder, opens it and compares every table with the manifest.
 */
export const MANIFEST_NAME = 'deal-ledger-backup.json';
const FORMAT = 'deal-ledger-embedded-backup';

export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  /** `SELECT version()` of the engine that wrote it. */
  engine: string;
  migrations: string[];
  tables: TableChecksum[];
}

/** A backup or restore that was refused before anything was written; the message says why. */
export class BackupRefusedError extends Error {}

/** The restored folder does not match the backup's manifest. */
export class BackupVerificationError extends Error {}

export function pgliteQuery(pglite: PGlite): Query {
  return async (text, parameters) =>
    (await pglite.query<Record<string, unknown>>(text, parameters)).rows;
}

/** What a data folder's image holds besides the database: our lock file is not the database's. */
function isDatabaseFile(name: string): boolean {
  return name.replace(/^\/+/, '') !== LOCK_FILE && name !== MANIFEST_NAME;
}

/**
 * Takes a consistent backup of `pglite`. `query` must be a connection nobody else can use until
 * this returns: the app's single pooled connection (so no transaction of the app is open and
 * none can start), or the engine itself when no app has it open. The checksums are read in one
 * transaction, then a CHECKPOINT shortens the restore's log replay, then the image is taken:
 * nothing can write in between, so the image holds exactly what the manifest describes.
 */
export async function takeEmbeddedBackup(
  pglite: PGlite,
  query: Query,
  now: Date,
): Promise<{ archive: Buffer; manifest: BackupManifest }> {
  await query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  let manifest: BackupManifest;
  try {
    for (const statement of PIN_TEXT_FORMAT) await query(statement);
    const [{ version }] = await query('SELECT version() AS version');
    const tables = await listTables(query);
    manifest = {
      format: FORMAT,
      version: 1,
      createdAt: now.toISOString(),
      engine: String(version),
      migrations: await appliedMigrations(query),
      tables: await tableChecksums(query, tables),
    };
    await query('COMMIT');
  } catch (error) {
    await query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await query('CHECKPOINT');
  const image = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  const entries = readTar(image).filter((entry) => isDatabaseFile(entry.name));
  const manifestEntry = tarFile(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest)), now);
  const archive = await promisify(gzip)(writeTar([manifestEntry, ...entries]));
  return { archive, manifest };
}

/** The manifest and the data folder's image (without the manifest) of a backup file. */
export async function readBackup(
  file: Buffer,
): Promise<{ manifest: BackupManifest; image: Buffer }> {
  const isGzip = file.length > 2 && file[0] === 0x1f && file[1] === 0x8b;
  let entries;
  try {
    entries = readTar(isGzip ? await promisify(gunzip)(file) : file);
  } catch (error) {
    const reason = error instanceof TarFormatError ? error.message : String(error);
    throw new BackupRefusedError(`Not a Deal Ledger backup: ${reason}`);
  }
  const manifestEntry = entries.find((entry) => entry.name === MANIFEST_NAME);
  let manifest: BackupManifest | undefined;
  try {
    manifest = manifestEntry
      ? (JSON.parse(manifestEntry.data.toString('utf8')) as BackupManifest)
      : undefined;
  } catch {
    manifest = undefined;
  }
  if (manifest?.format !== FORMAT || !Array.isArray(manifest.tables)) {
    throw new BackupRefusedError(
      `Not a Deal Ledger backup: it has no ${MANIFEST_NAME} (make one with npm run backup)`,
    );
  }
  return { manifest, image: writeTar(entries.filter((entry) => isDatabaseFile(entry.name))) };
}

export interface RestoreReport {
  folder: string;
  manifest: BackupManifest;
  tables: TableChecksum[];
  /** Migrations of this build the backup lacks: `npm start` applies them. */
  pending: string[];
  /** Migrations in the backup this build does not know (it was made by a newer release). */
  unknown: string[];
}

/** Reads the checksums of every table of an open engine, as a backup's manifest has them. */
export async function checksumEmbedded(
  pglite: PGlite,
): Promise<{ migrations: string[]; tables: TableChecksum[] }> {
  return pglite.transaction(async (tx) => {
    const query: Query = async (text, parameters) =>
      (await tx.query<Record<string, unknown>>(text, parameters)).rows;
    for (const statement of PIN_TEXT_FORMAT) await query(statement);
    return {
      migrations: await appliedMigrations(query),
      tables: await tableChecksums(query, await listTables(query)),
    };
  });
}

/**
 * Restores a backup into `folder`, which must be empty (or missing) unless `force` is set, and
 * not in use by any process. The restored database is opened and every table compared with the
 * manifest; on a difference a `BackupVerificationError` says which tables.
 */
export async function restoreEmbeddedBackup(
  file: Buffer,
  dataDir: string,
  options: { force: boolean },
): Promise<RestoreReport> {
  const { manifest, image } = await readBackup(file);
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  // Held while the folder is checked and cleared: nobody may be using it.
  const lock = acquireDataDirLock(folder);
  try {
    const present = readdirSync(folder).filter((name) => name !== LOCK_FILE);
    if (present.length > 0 && !options.force) {
      throw new BackupRefusedError(
        `${folder} is not empty (${present.length} entries, e.g. ${present.slice(0, 3).join(', ')}). ` +
          'Restore into a new folder, or add --force to replace what is there.',
      );
    }
    for (const name of present) rmSync(join(folder, name), { recursive: true, force: true });
  } finally {
    lock.release();
  }
  const pglite = await openEmbeddedPostgres(folder, {
    image: new Blob([new Uint8Array(image)], { type: 'application/x-tar' }),
  });
  try {
    if (!existsSync(join(folder, 'PG_VERSION'))) {
      throw new BackupVerificationError(`The backup did not hold a database (no PG_VERSION)`);
    }
    const restored = await checksumEmbedded(pglite);
    const differences = checksumDifferences(manifest.tables, restored.tables);
    if (restored.migrations.join('\n') !== manifest.migrations.join('\n')) {
      differences.unshift('migrations: the applied list differs from the manifest');
    }
    if (differences.length > 0) {
      throw new BackupVerificationError(
        `The restored database in ${folder} does not match the backup:\n  ${differences.join('\n  ')}\n` +
          'Do not start the service on it; delete the folder.',
      );
    }
    const known = allMigrations.map((migration) => migration.name);
    return {
      folder,
      manifest,
      tables: restored.tables,
      pending: known.filter((name) => !restored.migrations.includes(name)),
      unknown: restored.migrations.filter((name) => !known.includes(name)),
    };
  } finally {
    await closeEmbeddedPostgres(pglite);
  }
}
