import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { allMigrations } from '../../migrations';

/**
 * A new embedded database, initialised and migrated, kept as PGlite's own data-folder image (a
 * tar file). Creating an engine runs initdb compiled to WASM (about 5 s here) and then the migrations
 * (about 1 s); starting from this image takes about 1 s. Its name holds the PGlite version and a
 * hash of the migrations' names, so code with other migrations never picks it up (and the
 * migration run at start-up still applies anything pending). `npm run build` and the test set-up
 * write it into node_modules/.cache; without it the engine simply starts from scratch.
 */
export const EMBEDDED_EXTENSIONS = { btree_gist, uuid_ossp };

function pglitePackageDir(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const marker = `${sep}node_modules${sep}@electric-sql${sep}pglite${sep}`;
  const at = entry.lastIndexOf(marker);
  return at < 0 ? dirname(dirname(entry)) : entry.slice(0, at + marker.length - 1);
}

export function embeddedTemplatePath(): string {
  const packageDir = pglitePackageDir();
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const migrations = createHash('sha256')
    .update(allMigrations.map((migration) => migration.name).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const nodeModules = dirname(dirname(packageDir));
  return join(nodeModules, '.cache', 'deal-ledger', `pglite-${version}-${migrations}.tar`);
}

/** The image as PGlite's `loadDataDir` takes it, or undefined when none was written. */
export function readEmbeddedTemplate(): Blob | undefined {
  try {
    const path = embeddedTemplatePath();
    return existsSync(path)
      ? new Blob([readFileSync(path)], { type: 'application/x-tar' })
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the image unless it exists (atomically: concurrent writers cannot leave half a file).
 * `migrate` applies the migrations to the new engine (src/database/embedded-image.ts).
 */
export async function ensureEmbeddedTemplate(
  migrate: (pglite: PGlite) => Promise<void>,
): Promise<{ path: string; written: boolean }> {
  const path = embeddedTemplatePath();
  if (existsSync(path)) return { path, written: false };
  const pglite = await PGlite.create({ extensions: EMBEDDED_EXTENSIONS });
  try {
    await migrate(pglite);
    // Uncompressed: ~40 MB on disk, but it loads half a second faster than the gzip one.
    const image = await pglite.dumpDataDir('none');
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
    renameSync(partial, path);
    return { path, written: true };
  } finally {
    await pglite.close();
  }
}
