import type { PGlite } from '@electric-sql/pglite';
import type { DataSourceOptions } from 'typeorm';
import { allMigrations } from '../../migrations';
import type { AppConfig } from '../config/app-config';
import { pgliteClientClass } from './embedded-postgres';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How the service names its sessions on the server (`pg_stat_activity.application_name`). */
export const APPLICATION_NAME = 'deal-ledger';

/** Longest wait for one connection to DATABASE_URL, or for a free one in the pool. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One place decides how TypeORM reaches the database: the server named by DATABASE_URL, or the
 * embedded engine through a pool of exactly one connection (PGlite is single-connection).
 * Migrations build the schema in both cases; `synchronize` stays off.
 */
export function buildDataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
  embedded: PGlite | null,
  /** The app's entities (`src/entities.ts`); none for a run that only migrates. */
  entities: NonNullable<DataSourceOptions['entities']> = [],
): DataSourceOptions {
  const shared = {
    type: 'postgres' as const,
    entities,
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    // One transaction for a whole run, holding the migration lock (see migration-lock.ts).
    migrationsTransactionMode: 'all' as const,
    // TypeORM would otherwise send CREATE EXTENSION "uuid-ossp" on every start (the entities have
    // uuid keys): needless DDL that two instances starting together can race on, and that a
    // least-privilege role may not run. The migrations create what the schema needs.
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  };
  if (config.DATABASE_URL) {
    return {
      ...shared,
      url: config.DATABASE_URL,
      extra: {
        max: config.DATABASE_POOL_SIZE,
        application_name: APPLICATION_NAME,
        // Bounds each connection attempt (a firewall that drops packets would otherwise hang it
        // for minutes) and each wait for a free pooled connection.
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        // Lets the kernel notice a server that vanished without closing the socket.
        keepAlive: true,
        // A backend terminated just as it connected can send its FATAL in the same packet as the
        // end of the handshake: pg emits it before TypeORM has put its listener on the fresh
        // client, and an 'error' event nobody listens to ends the process. This listener is
        // always there; the client is marked unusable, and the request using it is answered
        // SERVICE_UNAVAILABLE like any other lost connection.
        onConnect: (client: { on(event: 'error', listener: () => void): unknown }) => {
          client.on('error', () => undefined);
        },
      },
    };
  }
  if (!embedded) {
    throw new Error('No DATABASE_URL and no embedded database was opened');
  }
  return {
    ...shared,
    extra: { max: 1, Client: pgliteClientClass(embedded) },
  };
}
