import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { runTransaction } from '../../common/database/retry';
import type { AppConfig } from '../../config/app-config';
import { DatabaseMetrics } from './database-metrics';
import { Metrics } from './metrics';

function queryFailed(sqlState: string): QueryFailedError {
  return new QueryFailedError(
    'UPDATE deals SET …',
    [],
    Object.assign(new Error('x'), { code: sqlState }),
  );
}

/** A pool as pg's: counts, and connect() in both its callback and promise forms. */
function fakePool() {
  return {
    totalCount: 3,
    idleCount: 1,
    waitingCount: 2,
    options: { max: 7 },
    connect(callback?: (error: Error | undefined, client: unknown, release: unknown) => void) {
      if (callback) {
        setImmediate(() => callback(undefined, 'client', 'release'));
        return undefined;
      }
      return Promise.resolve('client');
    },
  };
}

/** Fails with each of `failures` in turn, then commits. */
function failingDataSource(failures: Error[], pool = fakePool()) {
  let calls = 0;
  return {
    driver: { master: pool },
    transaction: async (work: (manager: EntityManager) => Promise<unknown>) => {
      calls += 1;
      if (calls <= failures.length) throw failures[calls - 1];
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
}

describe('DatabaseMetrics', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  const started: DatabaseMetrics[] = [];
  afterEach(() => {
    for (const one of started.splice(0)) one.onModuleDestroy();
  });

  function start(dataSource: DataSource, embedded = false) {
    const metrics = new Metrics();
    const databaseMetrics = new DatabaseMetrics(metrics, dataSource, {
      usesEmbeddedDatabase: embedded,
    } as AppConfig);
    databaseMetrics.onModuleInit();
    started.push(databaseMetrics);
    return metrics;
  }

  async function value(metrics: Metrics, name: string, labels: Record<string, string>) {
    const metric = await metrics.registry.getSingleMetric(name)!.get();
    return metric.values
      .filter((sample) =>
        Object.entries(labels).every(
          ([key, wanted]) => (sample.labels as Record<string, unknown>)[key] === wanted,
        ),
      )
      .reduce((sum, sample) => sum + sample.value, 0);
  }

  it('counts each retry of runTransaction by its cause, and nothing for a first-time commit', async () => {
    const dataSource = failingDataSource([queryFailed('40001'), queryFailed('40P01')]);
    const metrics = start(dataSource);
    await runTransaction(dataSource, async () => 'done', { sleep: async () => undefined });
    await runTransaction(failingDataSource([]), async () => 'done');
    const retries = 'deal_ledger_transaction_retries_total';
    expect(await value(metrics, retries, { cause: 'serialization' })).toBe(1);
    expect(await value(metrics, retries, { cause: 'deadlock' })).toBe(1);
    expect(await value(metrics, retries, { cause: 'connection' })).toBe(0);
  });

  it('stops counting once the module is destroyed', async () => {
    const dataSource = failingDataSource([queryFailed('40001')]);
    const metrics = start(dataSource);
    started.pop()!.onModuleDestroy();
    await runTransaction(dataSource, async () => 'done', { sleep: async () => undefined });
    expect(
      await value(metrics, 'deal_ledger_transaction_retries_total', { cause: 'serialization' }),
    ).toBe(0);
  });

  it('reads the pool at scrape time and times each connection taken, in both forms', async () => {
    const pool = fakePool();
    const metrics = start(failingDataSource([], pool), true);
    const engine = { engine: 'embedded' };
    expect(await value(metrics, 'deal_ledger_db_pool_connections', engine)).toBe(3);
    expect(await value(metrics, 'deal_ledger_db_pool_idle_connections', engine)).toBe(1);
    expect(await value(metrics, 'deal_ledger_db_pool_waiting_requests', engine)).toBe(2);
    expect(await value(metrics, 'deal_ledger_db_pool_max_connections', engine)).toBe(7);
    pool.waitingCount = 0;
    expect(await value(metrics, 'deal_ledger_db_pool_waiting_requests', engine)).toBe(0);

    const client = await new Promise((resolve) => {
      void pool.connect((_error, connected) => resolve(connected));
    });
    expect(client).toBe('client');
    await expect(pool.connect()).resolves.toBe('client');
    expect(
      await value(metrics, 'deal_ledger_db_pool_acquire_duration_seconds', {
        ...engine,
        le: '+Inf',
      }),
    ).toBe(2);
  });
});
