import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { backoffDelayMs } from '../common/backoff/backoff';
import { isConnectionError } from '../common/errors/database-errors';
import { StartupError } from './startup-error';

export class DatabaseUnreachableError extends StartupError {}

export interface ConnectPolicy {
  /** Tries in all (≥ 1). */
  attempts: number;
  /** Wait after the first failed try; it doubles after each further one, up to 16× this. */
  backoffMs: number;
  /** What the log lines call the database, e.g. `db.internal:5432`. Never holds credentials. */
  target: string;
  logger?: Pick<Logger, 'log' | 'warn'>;
  /** For tests: how to wait, and how to build each try's data source. */
  sleep?: (ms: number) => Promise<void>;
  createDataSource?: (options: DataSourceOptions) => DataSource;
  /**
   * Runs once the data source is initialized, as part of the same try (e.g. the migrations): a
   * lost connection in it is retried like a failed connect, any other error is thrown at once.
   */
  afterConnect?: (dataSource: DataSource) => Promise<unknown>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wait after the `failedAttempt`-th try: backoff × 2^(n−1), at most 16 × backoff, no jitter. */
export function connectDelayMs(failedAttempt: number, backoffMs: number): number {
  return backoffDelayMs(failedAttempt, { baseMs: backoffMs, maxMs: 16 * backoffMs });
}

/** `250 ms`, `4 s`, `1.5 s`, `1 min`, `2 min 8 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** `host:port` of a postgres:// URL (port 5432 when omitted), without user or password. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(reasonOf).join('; ');
  }
  const inner = (error as { driverError?: unknown }).driverError ?? error;
  return inner instanceof Error ? inner.message || inner.name : String(inner);
}

async function discard(dataSource: DataSource): Promise<void> {
  try {
    // initialize() cleans up after a failure past the connect step; a failure inside it
    // (e.g. the server went away mid-handshake) can leave a pool behind.
    if (dataSource.isInitialized) await dataSource.destroy();
    else await dataSource.driver.disconnect();
  } catch {
    // There was nothing to close.
  }
}

/**
 * Creates and initializes the data source (connect, then `afterConnect`: the migrations),
 * trying again with a growing wait while the database cannot be reached: a server that is
 * still starting or a host name that does not resolve yet is normal when everything boots
 * together. Each failed try logs one line; after the last, a `DatabaseUnreachableError` says
 * what was tried for how long. Errors that waiting cannot fix (a wrong password, a missing
 * database, a failing migration) are thrown at once.
 */
export async function initializeWithRetries(
  options: DataSourceOptions,
  policy: ConnectPolicy,
): Promise<DataSource> {
  const logger = policy.logger ?? new Logger('Database');
  const sleep = policy.sleep ?? sleepFor;
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const dataSource = policy.createDataSource?.(options) ?? new DataSource(options);
    try {
      await dataSource.initialize();
      await policy.afterConnect?.(dataSource);
      if (attempt > 1) {
        logger.log(
          `Database reachable at ${policy.target} (attempt ${attempt}/${policy.attempts})`,
        );
      }
      return dataSource;
    } catch (error) {
      await discard(dataSource);
      if (!isConnectionError(error)) throw error;
      if (attempt >= policy.attempts) {
        throw new DatabaseUnreachableError(
          `Database not reachable at ${policy.target} after ${policy.attempts} attempt(s) over ` +
            `${formatDuration(Date.now() - started)} (${reasonOf(error)}). Giving up: check ` +
            'DATABASE_URL and that the server accepts connections (DATABASE_CONNECT_ATTEMPTS and ' +
            'DATABASE_CONNECT_BACKOFF_MS set how long to wait).',
        );
      }
      const delay = connectDelayMs(attempt, policy.backoffMs);
      logger.warn(
        `Database not reachable at ${policy.target} (attempt ${attempt}/${policy.attempts}), ` +
          `retrying in ${formatDuration(delay)}: ${reasonOf(error)}`,
      );
      await sleep(delay);
    }
  }
}
