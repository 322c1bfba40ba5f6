import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { entities } from '../entities';

/**
 * The data source for TypeORM's own CLI, mainly `typeorm migration:generate`, which diffs the
 * entities against a live, fully migrated database. It needs a real server: set DATABASE_URL.
 * (The embedded engine lives in this process only and the CLI would never close it.)
 *
 *   createdb -h 127.0.0.1 -U postgres deal_ledger_dev
 *   export DATABASE_URL=postgres://postgres@127.0.0.1:5432/deal_ledger_dev
 *   npm run build && npm run migration:run
 *   npm run migration:generate -- migrations/add-something
 *
 * then list the new class in migrations/index.ts and run prettier on the new file.
 */
const config = loadAppConfig();
if (!config.DATABASE_URL) {
  throw new Error(
    'DATABASE_URL is not set: migration:generate compares the entities with a real, migrated ' +
      'PostgreSQL database, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/deal_ledger_dev',
  );
}

export default new DataSource({
  ...buildDataSourceOptions({ ...config, DATABASE_POOL_SIZE: 1 }, null, entities),
  migrationsRun: false,
});
