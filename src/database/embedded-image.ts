import type { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { ensureEmbeddedTemplate } from './embedded-template';
import { runPendingMigrations } from './migration-lock';

/** The migrations, applied to a new engine exactly as the service applies them at start-up. */
async function migrate(pglite: PGlite): Promise<void> {
  const dataSource = new DataSource(
    buildDataSourceOptions({ DATABASE_URL: undefined, DATABASE_POOL_SIZE: 1 }, pglite),
  );
  await dataSource.initialize();
  try {
    await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Writes the embedded engine's ready-made image if it is missing (see embedded-template.ts). */
export function ensureEmbeddedImage(): Promise<{ path: string; written: boolean }> {
  return ensureEmbeddedTemplate(migrate);
}
