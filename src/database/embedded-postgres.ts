import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import { Client } from 'pg';

export const IN_MEMORY = 'memory://';

/** Opens (creating if needed) the embedded PostgreSQL in `dataDir`, or in memory for `memory://`. */
export async function openEmbeddedPostgres(dataDir: string): Promise<PGlite> {
  const extensions = { btree_gist, uuid_ossp };
  if (dataDir === IN_MEMORY) {
    return PGlite.create({ extensions });
  }
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  return PGlite.create(folder, { extensions });
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
