import { Logger } from '@nestjs/common';
import { channel } from 'node:diagnostics_channel';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { backoffDelayMs } from '../backoff/backoff';
import {
  isQueryRunnerReleasedError,
  isRetryableTransactionError,
  sqlStateOf,
} from '../errors/database-errors';

const logger = new Logger('Transactions');

export interface RetryOptions {
  /** Tries in all, the first included: 1 means no retry. */
  attempts: number;
  /** Wait before the second try; it doubles for each further one (see `retryDelayMs`). */
  baseDelayMs: number;
  /** Longest wait between two tries. Default: 32 × baseDelayMs. */
  maxDelayMs?: number;
  /** Which errors are worth another try; anything else is thrown at once. */
  retryOn: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log. */
  onRetry?: (error: unknown, failedAttempt: number, delayMs: number) => void;
  /** For tests: how to wait, and the source of jitter in [0, 1). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wait after the `failedAttempt`-th try (1-based), in milliseconds: the common backoff from
 * `baseDelayMs`, capped at `maxDelayMs` (default 32 × baseDelayMs), with jitter so that the
 * transactions that collided do not collide again in lockstep.
 */
export function retryDelayMs(
  failedAttempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  return backoffDelayMs(failedAttempt, {
    baseMs: options.baseDelayMs,
    maxMs: options.maxDelayMs ?? options.baseDelayMs * 32,
    jitter: true,
    random,
  });
}

/**
 * Runs `fn`, and again after a growing wait while it fails with an error `retryOn` accepts,
 * at most `attempts` times in all. The last error is thrown as it is (so the usual error
 * mapping still applies). `fn` must be safe to run more than once.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  if (!Number.isInteger(options.attempts) || options.attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, not ${options.attempts}`);
  }
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.retryOn(error)) throw error;
      const delay = retryDelayMs(attempt, options, options.random);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /** Default 3: the first try and two retries. */
  attempts?: number;
  /** Default 20 ms, doubling, at most 32× that. */
  baseDelayMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
}

export const TRANSACTION_DEFAULTS = { attempts: 3, baseDelayMs: 20 } as const;

/**
 * Whether a failed transaction is worth running again: PostgreSQL rolled it back for a
 * serialization failure (40001) or a deadlock (40P01), or TypeORM refused a statement because
 * `pg` had reported the connection broken (the backend was terminated between two statements):
 * that statement — COMMIT included — was never sent, so nothing of the transaction committed.
 * A connection lost while a statement (or COMMIT) was in flight is not retried: whether it
 * committed is unknown, and the request is answered SERVICE_UNAVAILABLE.
 */
export function isRetryableTransactionFailure(error: unknown): boolean {
  return isRetryableTransactionError(error) || isQueryRunnerReleasedError(error);
}

export type TransactionRetryCause = 'connection' | 'deadlock' | 'serialization';

/** Why a transaction is run again (see `isRetryableTransactionFailure`). */
export function transactionRetryCause(error: unknown): TransactionRetryCause {
  if (isQueryRunnerReleasedError(error)) return 'connection';
  return sqlStateOf(error) === '40P01' ? 'deadlock' : 'serialization';
}

const FAILURE_WORDS: Record<TransactionRetryCause, string> = {
  connection: 'a lost connection (before commit)',
  deadlock: 'a deadlock',
  serialization: 'a serialization failure',
};

/**
 * Each retry of `runTransaction` is published here as `{ cause }`, for whoever counts them (the
 * metrics, in infrastructure/metrics): common imports nothing above it, so it announces instead.
 */
export const transactionRetries = channel('deal-ledger:transaction-retry');

/**
 * `dataSource.transaction(work)`, run again from the start when it failed in a way that says
 * "try again" (see `isRetryableTransactionFailure`); a retry usually succeeds. Every try is a fresh transaction, so `work` must do nothing outside the
 * database that cannot happen twice (no e-mails, no calls to other services): keep such
 * effects after this returns. Any other error, and the last of the retryable ones, is thrown
 * unchanged (a lasting conflict still reaches the client as CONFLICT).
 */
export function runTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const { isolationLevel } = options;
  return withRetries(
    () =>
      isolationLevel ? dataSource.transaction(isolationLevel, work) : dataSource.transaction(work),
    {
      attempts: options.attempts ?? TRANSACTION_DEFAULTS.attempts,
      baseDelayMs: options.baseDelayMs ?? TRANSACTION_DEFAULTS.baseDelayMs,
      retryOn: isRetryableTransactionFailure,
      sleep: options.sleep,
      onRetry: (error, failedAttempt, delay) => {
        const attempts = options.attempts ?? TRANSACTION_DEFAULTS.attempts;
        const cause = transactionRetryCause(error);
        if (transactionRetries.hasSubscribers) transactionRetries.publish({ cause });
        logger.warn(
          `Transaction rolled back by ${FAILURE_WORDS[cause]} (attempt ${failedAttempt}/${attempts}); retrying in ${delay} ms`,
        );
      },
    },
  );
}
