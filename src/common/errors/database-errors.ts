import { Logger } from '@nestjs/common';
import { AppError, ErrorCode } from './app-error';

const logger = new Logger('Database');

interface PostgresErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
}

/** Readable messages for the constraints a client can trip; others get a generic sentence. */
const CONSTRAINT_MESSAGES: Record<string, { code: ErrorCode; message: string; field?: string }> = {
  users_email_key: {
    code: ErrorCode.CONFLICT,
    message: 'An account with this email already exists',
    field: 'email',
  },
  platforms_slug_key: {
    code: ErrorCode.CONFLICT,
    message: 'A platform with this slug already exists',
    field: 'slug',
  },
  platform_dependencies_pkey: {
    code: ErrorCode.CONFLICT,
    message: 'This dependency already exists',
  },
  outages_source_external_id_key: {
    code: ErrorCode.CONFLICT,
    message: 'An outage with this source and external id already exists',
    field: 'externalId',
  },
  brand_members_pkey: {
    code: ErrorCode.CONFLICT,
    message: 'This user is already a member of the brand',
  },
};

/**
 * The driver's own error: TypeORM wraps it (`driverError`), and GraphQL wraps a thrown value
 * that is not an `Error` of its realm in a `NonErrorThrown` (`thrownValue`), as happens to
 * Node's socket errors under jest's module sandbox.
 */
function driverErrorOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { driverError, thrownValue } = error as { driverError?: unknown; thrownValue?: unknown };
  return driverError ?? thrownValue ?? error;
}

function postgresError(error: unknown): PostgresErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = driverErrorOf(error);
  if (typeof candidate !== 'object' || candidate === null) return null;
  const code = (candidate as PostgresErrorLike).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? candidate : null;
}

/** The SQLSTATE of a PostgreSQL error (raw from `pg` or wrapped by TypeORM), or null. */
export function sqlStateOf(error: unknown): string | null {
  return postgresError(error)?.code ?? null;
}

/** SQLSTATEs after which the work may succeed if simply run again in a new transaction. */
const RETRYABLE_TRANSACTION_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/** A serialization failure or a deadlock: the transaction was rolled back and may be retried. */
export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== null && RETRYABLE_TRANSACTION_STATES.has(state);
}

/** SQLSTATEs that mean the server or the connection went away, not that the request was wrong. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown of the server
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections
]);

/** Socket-level failures from Node while connecting to or talking with the server. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND', // the host name does not resolve (yet), e.g. a container still starting
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * Messages of errors `pg` and `pg-pool` raise without any code when the connection is lost or
 * cannot be made: the server closed the socket (a killed backend after its 57P01 notice), the
 * connect timed out, or the pool is closing during shutdown.
 */
const CONNECTION_LOST_MESSAGES = [
  /^Connection terminated/, // "Connection terminated unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
];

/**
 * Whether `error` says the database cannot be reached or the connection died, rather than that
 * a statement failed: class 08 and the states above, Node socket errors, and pg's code-less
 * "Connection terminated…" errors. Wrappers (see `driverErrorOf`) and Node's AggregateError
 * (one error per address tried) are looked through.
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const candidate = driverErrorOf(error);
  if (typeof candidate !== 'object' || candidate === null) return false;
  const { code, message } = candidate as { code?: unknown; message?: unknown };
  // Before the SQLSTATE test: EPIPE has the shape of one.
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  const state = sqlStateOf(error);
  if (state !== null) return state.startsWith('08') || UNAVAILABLE_STATES.has(state);
  if (typeof message === 'string' && CONNECTION_LOST_MESSAGES.some((re) => re.test(message))) {
    return true;
  }
  const inner = (candidate as { errors?: unknown }).errors;
  return Array.isArray(inner) && inner.some((each) => isConnectionError(each, depth + 1));
}

function databaseUnavailable(error: unknown): AppError {
  // Not the client's fault and not a bug: worth a line in the log, never details to the client.
  const { message } = (driverErrorOf(error) ?? {}) as { message?: unknown };
  logger.warn(
    `Database unavailable during a request: ${typeof message === 'string' ? message : String(error)}`,
  );
  return new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; retry shortly', {
    reason: 'DATABASE_UNAVAILABLE',
  });
}

/**
 * Turns a database error a client could have caused into an AppError; returns null for
 * everything else (which then surfaces as an internal error, logged, without details).
 */
export function translateDatabaseError(error: unknown): AppError | null {
  if (isConnectionError(error)) return databaseUnavailable(error);
  const pg = postgresError(error);
  if (!pg?.code) return null;
  const known = pg.constraint ? CONSTRAINT_MESSAGES[pg.constraint] : undefined;
  const fields = known?.field ? [known.field] : [];
  switch (pg.code) {
    case '23505': // unique_violation
      return new AppError(ErrorCode.CONFLICT, known?.message ?? 'This record already exists', {
        reason: 'UNIQUE_VIOLATION',
        fields,
      });
    case '23503': // foreign_key_violation
      return new AppError(ErrorCode.BAD_USER_INPUT, 'A referenced record does not exist', {
        reason: 'REFERENCE_NOT_FOUND',
        fields,
      });
    case '23514': // check_violation
    case '23502': // not_null_violation
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22P02': // invalid_text_representation
      return new AppError(ErrorCode.BAD_USER_INPUT, 'A value is out of the allowed range', {
        reason: 'INVALID_VALUE',
        fields,
      });
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return new AppError(ErrorCode.CONFLICT, 'The record was changed concurrently; retry', {
        reason: 'CONCURRENT_UPDATE',
      });
    default:
      return null;
  }
}
