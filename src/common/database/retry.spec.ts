import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { ErrorCode } from '../errors/app-error';
import { translateDatabaseError } from '../errors/database-errors';
import { retryDelayMs, runTransaction, withRetries } from './retry';

/** What TypeORM throws when PostgreSQL refuses a statement with `sqlState`. */
function queryFailed(sqlState: string, message = 'failed'): QueryFailedError {
  const driverError = Object.assign(new Error(message), { code: sqlState });
  return new QueryFailedError('UPDATE deals SET …', [], driverError);
}

const serializationFailure = () =>
  queryFailed('40001', 'could not serialize access due to concurrent update');
const deadlock = () => queryFailed('40P01', 'deadlock detected');

/** A DataSource whose transaction() runs `work` with a dummy manager, recording isolation levels. */
function fakeDataSource() {
  const isolationLevels: Array<string | undefined> = [];
  const manager = {} as EntityManager;
  const dataSource = {
    transaction: (
      first: string | ((m: EntityManager) => Promise<unknown>),
      second?: (m: EntityManager) => Promise<unknown>,
    ) => {
      isolationLevels.push(typeof first === 'string' ? first : undefined);
      return (typeof first === 'function' ? first : second!)(manager);
    },
  } as unknown as DataSource;
  return { dataSource, isolationLevels };
}

describe('retryDelayMs', () => {
  it('doubles from the base, caps, and jitters between half and all of it', () => {
    const options = { baseDelayMs: 20, maxDelayMs: 100 };
    // random() = 0 → factor 0.5; random() → 1 approaches the full delay.
    expect(retryDelayMs(1, options, () => 0)).toBe(10); // 20 × 2^0 × 0.5
    expect(retryDelayMs(2, options, () => 0)).toBe(20); // 20 × 2^1 × 0.5
    expect(retryDelayMs(3, options, () => 0.999999)).toBe(80); // 20 × 2^2 × ~1
    expect(retryDelayMs(4, options, () => 0.999999)).toBe(100); // 160 capped at 100
    expect(retryDelayMs(10, { baseDelayMs: 20 }, () => 0.999999)).toBe(640); // default cap 32 × 20
  });
});

describe('withRetries', () => {
  const noWait = { sleep: async () => undefined, random: () => 0 };

  it('returns the first success, retrying only what retryOn accepts', async () => {
    let calls = 0;
    const result = await withRetries(
      async (attempt) => {
        calls += 1;
        if (attempt < 3) throw serializationFailure();
        return 'done';
      },
      { attempts: 5, baseDelayMs: 10, retryOn: () => true, ...noWait },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after `attempts` tries and throws the last error unchanged', async () => {
    const errors: Error[] = [];
    const delays: number[] = [];
    const promise = withRetries(
      async (attempt) => {
        const error = new Error(`try ${attempt}`);
        errors.push(error);
        throw error;
      },
      {
        attempts: 3,
        baseDelayMs: 10,
        retryOn: () => true,
        onRetry: (_error, _attempt, delay) => delays.push(delay),
        ...noWait,
      },
    );
    const thrown = await promise.catch((error: unknown) => error);
    expect(errors).toHaveLength(3);
    expect(thrown).toBe(errors[2]);
    expect(delays).toEqual([5, 10]); // 10 × 2^0 × 0.5, 10 × 2^1 × 0.5
  });

  it('throws a non-retryable error at once', async () => {
    let calls = 0;
    const refused = new Error('check violation');
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw refused;
        },
        { attempts: 5, baseDelayMs: 10, retryOn: () => false, ...noWait },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('waits between tries', async () => {
    const started = Date.now();
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('once');
      },
      { attempts: 2, baseDelayMs: 60, retryOn: () => true, random: () => 0 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(25); // 60 × 0.5, less timer slack
  });

  it('refuses a meaningless number of attempts', async () => {
    await expect(
      withRetries(async () => 1, { attempts: 0, baseDelayMs: 1, retryOn: () => true }),
    ).rejects.toThrow(RangeError);
  });
});

describe('runTransaction', () => {
  const noWait = { sleep: async () => undefined };
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warnings.mockRestore());

  it('runs the work again in a new transaction after a serialization failure or a deadlock', async () => {
    const { dataSource, isolationLevels } = fakeDataSource();
    const failures = [serializationFailure(), deadlock()];
    let tries = 0;
    const result = await runTransaction(
      dataSource,
      async () => {
        tries += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'committed';
      },
      { isolationLevel: 'SERIALIZABLE', ...noWait },
    );
    expect(result).toBe('committed');
    expect(tries).toBe(3);
    expect(isolationLevels).toEqual(['SERIALIZABLE', 'SERIALIZABLE', 'SERIALIZABLE']);
    expect(warnings.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(
        /^Transaction rolled back by a serialization failure \(attempt 1\/3\); retrying in \d+ ms$/,
      ),
      expect.stringMatching(
        /^Transaction rolled back by a deadlock \(attempt 2\/3\); retrying in \d+ ms$/,
      ),
    ]);
  });

  it('stops after three tries by default and lets the last failure through', async () => {
    const { dataSource } = fakeDataSource();
    let tries = 0;
    const last = serializationFailure();
    await expect(
      runTransaction(
        dataSource,
        async () => {
          tries += 1;
          throw tries === 3 ? last : serializationFailure();
        },
        noWait,
      ),
    ).rejects.toBe(last);
    expect(tries).toBe(3);
  });

  it('does not retry other database errors: a unique violation is the caller’s answer', async () => {
    const { dataSource, isolationLevels } = fakeDataSource();
    const unique = queryFailed('23505', 'duplicate key value violates unique constraint');
    let tries = 0;
    await expect(
      runTransaction(
        dataSource,
        async () => {
          tries += 1;
          throw unique;
        },
        noWait,
      ),
    ).rejects.toBe(unique);
    expect(tries).toBe(1);
    expect(isolationLevels).toEqual([undefined]);
  });

  it('does not retry a lost connection (whether the commit happened is unknown)', async () => {
    const { dataSource } = fakeDataSource();
    let tries = 0;
    await expect(
      runTransaction(
        dataSource,
        async () => {
          tries += 1;
          throw queryFailed('57P01', 'terminating connection due to administrator command');
        },
        noWait,
      ),
    ).rejects.toThrow('administrator command');
    expect(tries).toBe(1);
  });

  it.each([
    ['a released query runner', () => new QueryRunnerAlreadyReleasedError()],
    [
      'a manager whose query runner was released',
      () => new QueryRunnerProviderAlreadyReleasedError(),
    ],
  ])(
    'retries after %s: the statement (COMMIT included) was never sent, nothing committed',
    async (_what, released) => {
      const { dataSource } = fakeDataSource();
      let tries = 0;
      const result = await runTransaction(
        dataSource,
        async () => {
          tries += 1;
          if (tries === 1) throw released();
          return 'committed';
        },
        noWait,
      );
      expect(result).toBe('committed');
      expect(tries).toBe(2);
      expect(warnings.mock.calls.map(([message]) => message)).toEqual([
        expect.stringMatching(/^Transaction rolled back by a lost connection \(before commit\)/),
      ]);
    },
  );

  it('answers SERVICE_UNAVAILABLE when the connection keeps being lost', async () => {
    const { dataSource } = fakeDataSource();
    let tries = 0;
    const error = await runTransaction(
      dataSource,
      async () => {
        tries += 1;
        throw new QueryRunnerAlreadyReleasedError();
      },
      noWait,
    ).catch((thrown: unknown) => thrown);
    expect(tries).toBe(3);
    expect(translateDatabaseError(error)).toMatchObject({
      code: ErrorCode.SERVICE_UNAVAILABLE,
      details: { reason: 'DATABASE_UNAVAILABLE' },
    });
  });
});
