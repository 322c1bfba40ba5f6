import { AppError, ErrorCode } from './app-error';

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

function postgresError(error: unknown): PostgresErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = (error as { driverError?: unknown }).driverError ?? error;
  const code = (candidate as PostgresErrorLike).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? candidate : null;
}

/**
 * Turns a database error a client could have caused into an AppError; returns null for
 * everything else (which then surfaces as an internal error, logged, without details).
 */
export function translateDatabaseError(error: unknown): AppError | null {
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
    case '57P01': // admin_shutdown
    case '57P02':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The database is unavailable; retry shortly',
      );
    default:
      return null;
  }
}
