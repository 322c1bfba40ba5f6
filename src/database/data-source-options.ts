import type { PGlite } from '@electric-sql/pglite';
import type { DataSourceOptions } from 'typeorm';
import { allMigrations } from '../../migrations';
import type { AppConfig } from '../config/app-config';
import { entities } from './entities';
import { pgliteClientClass } from './embedded-postgres';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One place decides how TypeORM reaches the database: the server named by DATABASE_URL, or the
 * embedded engine through a pool of exactly one connection (PGlite is single-connection).
 * Migrations build the schema in both cases; `synchronize` stays off.
 */
export function buildDataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
  embedded: PGlite | null,
): DataSourceOptions {
  const shared = {
    type: 'postgres' as const,
    entities,
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  };
  if (config.DATABASE_URL) {
    return {
      ...shared,
      url: config.DATABASE_URL,
      extra: { max: config.DATABASE_POOL_SIZE, application_name: 'deal-ledger' },
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
