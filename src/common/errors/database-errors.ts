import { Logger } from '@nestjs/common';
import { AppError, ErrorCode } from './app-error';
import { CommonErrorReason } from './common.errors';

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
 * CHECK constraints (named by PostgreSQL: `<table>_<column>_check`, `<table>_check`,
 * `<table>_check1` for table-level ones, in migration order) and the input field each guards, as
 * a path relative to the input object that writes the table (`terms.killFeeBps`). `null`: a rule
 * on the server's own bookkeeping that no input reaches; tripping one is a bug (internal error).
 * A new CHECK in migrations/ belongs here too (test/security/input-edge.e2e-spec.ts lists them).
 */
export const CHECK_CONSTRAINT_FIELDS: Record<string, string | null> = {
  users_email_check: 'email',
  users_role_check: 'role',
  creators_display_name_check: 'displayName',
  brands_name_check: 'brandName',
  platforms_slug_check: 'slug',
  platforms_kind_check: 'kind',
  platform_dependencies_check: 'providerSlug',
  platform_accounts_handle_check: 'handle',
  platform_accounts_followers_check: 'followers',
  platform_accounts_daily_earnings_check: 'dailyEarnings',
  deals_title_check: 'title',
  deals_total_fee_check: 'totalFee',
  deals_status_check: 'status',
  deals_net_payment_days_check: 'terms.netPaymentDays',
  deals_late_penalty_bps_per_day_check: 'terms.latePenaltyBpsPerDay',
  deals_late_penalty_cap_bps_check: 'terms.latePenaltyCapBps',
  deals_kill_after_days_late_check: 'terms.killAfterDaysLate',
  deals_kill_fee_bps_check: 'terms.killFeeBps',
  deals_upfront_share_bps_check: 'terms.upfrontShareBps',
  payments_amount_check: 'amount.amount',
  payments_reference_check: 'reference',
  payments_note_check: 'note',
  payments_receivable_ids_check: 'receivableIds',
  payments_kind_check: null,
  payments_check: null,
  receivable_write_offs_receivable_id_check: 'receivableId',
  receivable_write_offs_reason_check: 'reason',
  reschedule_proposals_state_check: null,
  reschedule_proposals_at_stake_check: null,
  reschedule_proposals_note_check: 'note',
  reschedule_proposals_response_note_check: 'note',
  reschedule_proposals_check: 'dueAt',
  reschedule_proposals_check1: null,
  deals_approval_lead_hours_check: 'terms.approvalLeadHours',
  deliverable_drafts_round_check: null,
  deliverable_drafts_url_check: 'url',
  deliverable_drafts_note_check: 'note',
  deliverable_drafts_review_note_check: 'note',
  deliverable_drafts_state_check: null,
  deliverable_drafts_check: null,
  deals_upfront_due_days_check: 'terms.upfrontDueDays',
  deliverables_title_check: 'deliverables.title',
  deliverables_kind_check: 'deliverables.kind',
  deliverables_duration_minutes_check: 'deliverables.durationMinutes',
  deliverables_fee_check: 'deliverables.fee',
  deliverables_timing_check: 'deliverables.timing',
  deliverables_status_check: 'deliverables.status',
  deliverables_check: 'deliverables.dueAt', // due_at >= scheduled_at
  deliverables_check1: 'deliverables.postedAt', // POSTED ⇔ posted_at set
  outages_title_check: 'title',
  outages_severity_check: 'severity',
  outages_degradation_bps_check: 'degradationBps',
  outages_check: 'endsAt', // ends_at > starts_at
  statuspage_feeds_name_check: 'feed',
  statuspage_feeds_partial_degradation_bps_check: 'partialDegradationBps',
  statuspage_component_mappings_component_name_check: 'component',
  calendar_feeds_alarm_minutes_before_check: 'alarmMinutesBefore',
  calendar_feeds_check: 'brandId', // a creator's feed or a brand's, never both
  webhooks_url_check: 'url',
  webhooks_events_check: 'events',
  webhooks_check: 'brandId', // a creator's endpoint or a brand's, never both
  app_secrets_value_check: null,
  audit_entries_changes_check: null,
  audit_entries_check: null,
  audit_entries_entity_type_check: null,
  audit_entries_operation_check: null,
  calendar_feeds_secret_hash_check: null,
  idempotency_keys_check: null,
  idempotency_keys_key_hash_check: null,
  idempotency_keys_request_hash_check: null,
  webhook_deliveries_attempts_check: null,
  webhook_deliveries_check: null,
  webhook_deliveries_status_check: null,
  webhook_delivery_attempts_attempt_check: null,
  webhook_delivery_attempts_duration_ms_check: null,
  webhook_events_type_check: null,
};

/** Every dotted path to a value in `args` (`input.deliverables.1.title`), objects and lists. */
function argumentPaths(value: unknown, prefix: string, into: string[], depth = 0): string[] {
  if (depth > 8 || typeof value !== 'object' || value === null || value instanceof Date) {
    return into;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    into.push(path);
    argumentPaths(item, path, into, depth + 1);
  }
  return into;
}

/**
 * Where a constraint's field sits in the arguments of the request that tripped it. `field` is
 * relative to the input object, with `deliverables.` for a deliverable, which an operation sends
 * either nested (`createDeal`: `input.deliverables.<n>.title`) or alone (`addDeliverable`:
 * `input.title`). The paths given that fit; the field itself when none does (or no arguments).
 */
export function fieldPathsInArguments(field: string, args?: Record<string, unknown>): string[] {
  const nested = field.startsWith('deliverables.');
  const leaf = nested ? field.slice('deliverables.'.length) : field;
  if (!args) return [leaf];
  const paths = argumentPaths(args, '', []);
  const escaped = leaf.replace(/\./g, '\\.');
  const underList = new RegExp(`(^|\\.)deliverables\\.\\d+\\.${escaped}$`);
  const direct = new RegExp(`^[^.]+\\.${escaped}$|^${escaped}$`);
  const found = nested ? paths.filter((path) => underList.test(path)) : [];
  const chosen = found.length > 0 ? found : paths.filter((path) => direct.test(path));
  return chosen.length > 0 ? chosen : [leaf];
}

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
 * TypeORM's refusal to use a query runner (or an entity manager bound to one) that was released:
 * `pg` reported the connection broken (the backend was terminated between two statements, or
 * the socket closed), and TypeORM let go of it. The statement was never sent, so the
 * transaction it belonged to cannot have committed. Matched by name: jest's module sandbox and
 * duplicate installs make `instanceof` unreliable.
 */
const RELEASED_ERROR_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

export function isQueryRunnerReleasedError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    RELEASED_ERROR_NAMES.has(String((error as { name?: unknown }).name))
  );
}

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
  if (isQueryRunnerReleasedError(candidate)) return true;
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
 * `args`, the resolver's arguments when known, turn a constraint's field into its path there.
 */
export function translateDatabaseError(
  error: unknown,
  args?: Record<string, unknown>,
): AppError | null {
  if (isConnectionError(error)) return databaseUnavailable(error);
  const pg = postgresError(error);
  if (!pg?.code) return null;
  const known = pg.constraint ? CONSTRAINT_MESSAGES[pg.constraint] : undefined;
  const fields = known?.field ? [known.field] : [];
  switch (pg.code) {
    case '23514': {
      // check_violation: the field the constraint guards, or a fault of the server's own.
      const field = pg.constraint ? CHECK_CONSTRAINT_FIELDS[pg.constraint] : undefined;
      if (field === null) return null;
      return new AppError(ErrorCode.BAD_USER_INPUT, 'A value is out of the allowed range', {
        reason: CommonErrorReason.INVALID_VALUE,
        fields: field === undefined ? [] : fieldPathsInArguments(field, args),
      });
    }
    case '22021': // character_not_in_repertoire: a NUL byte in text
    case '22P05': // untranslatable_character: \u0000 in jsonb
      // The input edge refuses these first; this is the backstop for any other way in.
      return new AppError(
        ErrorCode.BAD_USER_INPUT,
        'Text may not contain NUL characters (U+0000) or unpaired surrogates',
        { reason: CommonErrorReason.INVALID_CHARACTER, fields },
      );
    case '23505': // unique_violation
      return new AppError(ErrorCode.CONFLICT, known?.message ?? 'This record already exists', {
        reason: CommonErrorReason.UNIQUE_VIOLATION,
        fields,
      });
    case '23503': // foreign_key_violation
      return new AppError(ErrorCode.BAD_USER_INPUT, 'A referenced record does not exist', {
        reason: CommonErrorReason.REFERENCE_NOT_FOUND,
        fields,
      });
    case '23502': // not_null_violation
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22P02': // invalid_text_representation
      return new AppError(ErrorCode.BAD_USER_INPUT, 'A value is out of the allowed range', {
        reason: CommonErrorReason.INVALID_VALUE,
        fields,
      });
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return new AppError(ErrorCode.CONFLICT, 'The record was changed concurrently; retry', {
        reason: CommonErrorReason.CONCURRENT_UPDATE,
      });
    default:
      return null;
  }
}
