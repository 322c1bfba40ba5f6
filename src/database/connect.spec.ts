import type { DataSource, DataSourceOptions } from 'typeorm';
import {
  connectDelayMs,
  DatabaseUnreachableError,
  describeDatabaseUrl,
  formatDuration,
  initializeWithRetries,
} from './connect';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });

/** Data sources whose initialize() follows `outcomes`, one per try. */
function scripted(outcomes: Array<Error | 'ok'>) {
  const made: Array<{ destroyed: boolean; disconnected: boolean }> = [];
  const createDataSource = () => {
    const outcome = outcomes[made.length];
    const state = { destroyed: false, disconnected: false };
    made.push(state);
    const dataSource = {
      isInitialized: false,
      initialize: async () => {
        if (outcome !== 'ok') throw outcome;
        dataSource.isInitialized = true;
        return dataSource;
      },
      destroy: async () => {
        state.destroyed = true;
      },
      driver: {
        disconnect: async () => {
          state.disconnected = true;
        },
      },
    };
    return dataSource as unknown as DataSource;
  };
  return { createDataSource, made };
}

function recorder() {
  const lines: string[] = [];
  const waits: number[] = [];
  return {
    lines,
    waits,
    logger: {
      log: (line: string) => lines.push(`LOG ${line}`),
      warn: (line: string) => lines.push(`WARN ${line}`),
    },
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

const OPTIONS = { type: 'postgres' } as DataSourceOptions;

describe('connecting at start-up', () => {
  it('doubles the wait after each failed try, up to 16 times the backoff', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => connectDelayMs(n, 1000))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 16_000, 16_000,
    ]);
  });

  it('names durations the way the log lines do', () => {
    expect(formatDuration(50)).toBe('50 ms');
    expect(formatDuration(4000)).toBe('4 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(128_000)).toBe('2 min 8 s');
  });

  it('names the server by host and port only', () => {
    expect(describeDatabaseUrl('postgres://app:s3cret@db.internal:6543/ledger')).toBe(
      'db.internal:6543',
    );
    expect(describeDatabaseUrl('postgresql://app@db.internal/ledger')).toBe('db.internal:5432');
  });

  it('retries an unreachable server, one line per try, and returns once it answers', async () => {
    const { createDataSource, made } = scripted([refused(), refused(), 'ok']);
    const { lines, waits, logger, sleep } = recorder();
    const dataSource = await initializeWithRetries(OPTIONS, {
      attempts: 10,
      backoffMs: 1000,
      target: '10.0.0.5:5432',
      logger,
      sleep,
      createDataSource,
    });
    expect(dataSource.isInitialized).toBe(true);
    expect(lines).toEqual([
      'WARN Database not reachable at 10.0.0.5:5432 (attempt 1/10), retrying in 1 s: connect ECONNREFUSED 10.0.0.5:5432',
      'WARN Database not reachable at 10.0.0.5:5432 (attempt 2/10), retrying in 2 s: connect ECONNREFUSED 10.0.0.5:5432',
      'LOG Database reachable at 10.0.0.5:5432 (attempt 3/10)',
    ]);
    expect(waits).toEqual([1000, 2000]);
    // Each failed try's pool is closed before the next one is made.
    expect(made.slice(0, 2).every((state) => state.disconnected)).toBe(true);
  });

  it('gives up after the last try with a DatabaseUnreachableError that says what to check', async () => {
    const { createDataSource } = scripted([refused(), refused(), refused()]);
    const { lines, waits, logger, sleep } = recorder();
    const failure = await initializeWithRetries(OPTIONS, {
      attempts: 3,
      backoffMs: 2000,
      target: '10.0.0.5:5432',
      logger,
      sleep,
      createDataSource,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseUnreachableError);
    expect((failure as Error).message).toMatch(
      /^Database not reachable at 10\.0\.0\.5:5432 after 3 attempt\(s\) over \d+ ms \(connect ECONNREFUSED 10\.0\.0\.5:5432\)\. Giving up: check DATABASE_URL/,
    );
    expect(lines).toHaveLength(2); // attempt 1/3 and 2/3; the third failure is the error itself
    expect(lines[1]).toContain('(attempt 2/3), retrying in 4 s');
    expect(waits).toEqual([2000, 4000]);
  });

  it('does not retry what waiting cannot fix', async () => {
    const wrongPassword = Object.assign(new Error('password authentication failed'), {
      code: '28P01',
    });
    const { createDataSource, made } = scripted([wrongPassword, 'ok']);
    const { lines, logger, sleep } = recorder();
    await expect(
      initializeWithRetries(OPTIONS, {
        attempts: 10,
        backoffMs: 1000,
        target: 'db:5432',
        logger,
        sleep,
        createDataSource,
      }),
    ).rejects.toBe(wrongPassword);
    expect(made).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  it('runs afterConnect (the migrations) on the initialized source, retrying a lost connection in it', async () => {
    const { createDataSource, made } = scripted(['ok', 'ok']);
    const { lines, logger, sleep } = recorder();
    const seen: boolean[] = [];
    const dataSource = await initializeWithRetries(OPTIONS, {
      attempts: 3,
      backoffMs: 1000,
      target: 'db:5432',
      logger,
      sleep,
      createDataSource,
      afterConnect: async (source) => {
        seen.push(source.isInitialized);
        if (seen.length === 1) throw refused();
      },
    });
    expect(seen).toEqual([true, true]);
    expect(made).toHaveLength(2);
    expect(made[0].destroyed).toBe(true); // the first source is closed before the next try
    expect(dataSource.isInitialized).toBe(true);
    expect(lines[0]).toContain('(attempt 1/3), retrying in 1 s');
  });

  it('throws a failing afterConnect at once and closes the source', async () => {
    const failedMigration = new Error('relation "deals" already exists');
    const { createDataSource, made } = scripted(['ok', 'ok']);
    const { logger, sleep } = recorder();
    await expect(
      initializeWithRetries(OPTIONS, {
        attempts: 3,
        backoffMs: 1000,
        target: 'db:5432',
        logger,
        sleep,
        createDataSource,
        afterConnect: () => Promise.reject(failedMigration),
      }),
    ).rejects.toBe(failedMigration);
    expect(made).toHaveLength(1);
    expect(made[0].destroyed).toBe(true);
  });

  it('tries exactly once with attempts = 1', async () => {
    const { createDataSource, made } = scripted([refused(), 'ok']);
    const { logger, sleep } = recorder();
    await expect(
      initializeWithRetries(OPTIONS, {
        attempts: 1,
        backoffMs: 1000,
        target: 'db:5432',
        logger,
        sleep,
        createDataSource,
      }),
    ).rejects.toBeInstanceOf(DatabaseUnreachableError);
    expect(made).toHaveLength(1);
  });
});
