import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { tokenLimitError } from '../../security/document-limits';
import { findLimitError, type LimitError } from '../../security/limit-error';
import { type AppError, ErrorCode, findAppError } from '../../common/errors/app-error';
import { translateDatabaseError } from '../../common/errors/database-errors';

const logger = new Logger('GraphQL');

/** Apollo's own request-level codes that are safe and useful to pass through unchanged. */
const APOLLO_PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

// graphql-js appends "Did you mean …?" to validation and variable errors, naming fields,
// arguments, types and enum values the client did not ask about.
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** Abuse refusals: raised as LimitError, or the parser's token limit (a plain syntax error). */
function toLimitError(formatted: GraphQLFormattedError, error: unknown): LimitError | null {
  const limit = findLimitError(error);
  if (limit) return limit;
  return formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED'
    ? tokenLimitError(formatted.message)
    : null;
}

function toAppError(error: unknown): AppError | null {
  // Also an AppError a scalar or a plugin threw, inside GraphQL's validation or coercion errors.
  return findAppError(error) ?? translateDatabaseError(error);
}

/**
 * Apollo's own refusals of a malformed request that carry an HTTP 4xx status but no code, such
 * as "provided sha does not match query" (an automatic persisted query whose hash is not the
 * query's) or an unsupported persisted-query version: the client's mistake, answered as
 * BAD_REQUEST (Apollo keeps the status), not as an internal error.
 */
function isApolloClientError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || error.originalError) return false;
  const { code, http } = error.extensions as { code?: unknown; http?: { status?: unknown } };
  const status = http?.status;
  return code === undefined && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * The one mapper from anything a resolver threw to what a client sees: a stable
 * `extensions.code`, a message a person can act on, and never a stack trace or SQL
 * outside development.
 */
export function createGraphqlErrorFormatter(options: {
  includeStackTraces: boolean;
  /** Production: strip schema hints ("Did you mean …?") from the messages passed through. */
  hideSchemaDetails?: boolean;
}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const limit = toLimitError(formatted, error);
    if (limit) {
      // A refusal, not a fault: no stack trace even in development.
      return {
        message: limit.message,
        locations: formatted.locations,
        extensions: limit.extensions,
      };
    }
    const original = unwrapResolverError(error);
    const appError = toAppError(original);
    const stack =
      options.includeStackTraces && original instanceof Error
        ? { stacktrace: original.stack?.split('\n') }
        : {};
    if (appError) {
      // refusals: the same problems one by one, for payloads; the message already lists them.
      const { fields, reason, refusals: _refusals, ...extra } = appError.details;
      return {
        message: appError.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: appError.code,
          ...(reason ? { reason } : {}),
          ...(fields && fields.length > 0 ? { fields } : {}),
          ...extra,
          ...stack,
        },
      };
    }
    if (isApolloClientError(original)) {
      return {
        message: original.message,
        locations: formatted.locations,
        extensions: { code: 'BAD_REQUEST', ...stack },
      };
    }
    const apolloCode = formatted.extensions?.code;
    if (typeof apolloCode === 'string' && APOLLO_PASS_THROUGH.has(apolloCode)) {
      const { stacktrace: _omit, ...rest } = formatted.extensions ?? {};
      const message = options.hideSchemaDetails
        ? formatted.message.replace(SUGGESTION, '')
        : formatted.message;
      return { ...formatted, message, extensions: { ...rest, ...stack } };
    }
    logger.error(
      original instanceof Error ? (original.stack ?? original.message) : String(original),
    );
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...stack },
    };
  };
}
