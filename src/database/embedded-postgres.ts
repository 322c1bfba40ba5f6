import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import { Client } from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { EMBEDDED_EXTENSIONS, readEmbeddedTemplate } from './embedded-template';

export const IN_MEMORY = 'memory://';

/** The data-folder lock of each open engine, released by `closeEmbeddedPostgres`. */
const locks = new WeakMap<PGlite, DataDirLock>();

/**
 * Opens (creating if needed) the embedded PostgreSQL in `dataDir`, or in memory for `memory://`.
 * A folder is locked for this process first (see `acquireDataDirLock`): a second process on
 * the same folder is refused with a `DataDirInUseError` instead of corrupting it.
 */
export async function openEmbeddedPostgres(
  dataDir: string,
  /** `image`: what a new folder starts from (a restored backup) instead of the migrated template. */
  options: { image?: Blob } = {},
): Promise<PGlite> {
  const extensions = EMBEDDED_EXTENSIONS;
  if (dataDir === IN_MEMORY) {
    return PGlite.create({ extensions, loadDataDir: readEmbeddedTemplate() });
  }
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const lock = acquireDataDirLock(folder);
  if (lock.tookOver) {
    const { pid, startedAt } = lock.tookOver;
    const holder =
      pid > 0
        ? `a process that is gone (pid ${pid}${startedAt ? `, started ${startedAt}` : ''})`
        : 'a process that died while creating it (the lock file was unreadable)';
    new Logger('Database').warn(
      `Took over the lock on ${folder} from ${holder}; ` +
        'the engine replays its write-ahead log to recover what that process committed',
    );
  }
  try {
    // A new folder starts from the initialised image when there is one; an existing database
    // (PG_VERSION present) is opened as it is.
    const fresh = !existsSync(join(folder, 'PG_VERSION'));
    const pglite = await PGlite.create(folder, {
      extensions,
      loadDataDir: fresh ? (options.image ?? readEmbeddedTemplate()) : undefined,
    });
    locks.set(pglite, lock);
    return pglite;
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Closes the engine (flushing it to disk) and then gives up its folder's lock. */
export async function closeEmbeddedPostgres(pglite: PGlite): Promise<void> {
  try {
    if (!pglite.closed) await pglite.close();
  } finally {
    locks.get(pglite)?.release();
    locks.delete(pglite);
  }
}

/**
 * A node-postgres client class whose every instance talks to the given PGlite through PGlite's
 * own protocol adapter. Each client gets a fresh adapter connection, so the pool can replace a
 * client that errored without reusing a closed connection.
 */
export function pgliteClientClass(pglite: PGlite): typeof Client {
  return class PgliteClient extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      const base = typeof config === 'object' && config !== null ? config : {};
      // pg's typings omit the `connection` option its constructor honours.
      super({ ...base, connection: new PglitePgConnection({ pglite }) } as never);
    }
  };
}

export function describeEmbeddedLocation(dataDir: string): string {
  return dataDir === IN_MEMORY ? 'in memory (nothing is kept)' : resolve(dataDir);
}
