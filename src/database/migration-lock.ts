import { MigrationExecutor, type DataSource, type Migration, type QueryRunner } from 'typeorm';

/**
 * Serialises migration runs across processes. Transaction-scoped (`_xact_`), so it holds on the
 * one server connection PgBouncer lends for the transaction and is released by COMMIT/ROLLBACK
 * (a session lock would outlive the transaction on a pooled connection, or be taken on one and
 * released on another). The key is a 64-bit hash of a fixed name.
 */
export const MIGRATION_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('deal-ledger:migrations', 0))`;

/**
 * Runs `work` with a MigrationExecutor bound to one transaction that first takes the migration
 * lock: a second process (two API instances booting at once, or `migration:run` during a
 * deploy) waits on the lock and then reads the migrations table as the first one committed it,
 * so every migration is applied exactly once. All of a run's migrations commit together or not
 * at all. Works the same on the embedded engine (one connection, no one to wait for).
 */
export async function withMigrationLock<T>(
  dataSource: DataSource,
  /** `queryRunner` is the locked transaction's, for work that must commit with the migrations. */
  work: (executor: MigrationExecutor, queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner('master');
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction();
    await queryRunner.query(MIGRATION_LOCK_SQL);
    const executor = new MigrationExecutor(dataSource, queryRunner);
    // The executor joins the transaction opened here instead of opening its own.
    executor.transaction = 'all';
    const result = await work(executor, queryRunner);
    await queryRunner.commitTransaction();
    return result;
  } catch (error) {
    if (queryRunner.isTransactionActive) {
      // The original error is the one worth reporting.
      await queryRunner.rollbackTransaction().catch(() => undefined);
    }
    throw error;
  } finally {
    await queryRunner.release();
  }
}

/** Applies every pending migration under the lock; returns those this call applied. */
export function runPendingMigrations(dataSource: DataSource): Promise<Migration[]> {
  return withMigrationLock(dataSource, (executor) => executor.executePendingMigrations());
}
