import type { GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** The `extensions.code` of a key sent again with a different request. */
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/** Stable `extensions.reason` values raised by idempotency keys. */
export enum IdempotencyErrorReason {
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_NEEDS_ONE_FIELD = 'IDEMPOTENCY_KEY_NEEDS_ONE_FIELD',
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENT_REPLAY = 'IDEMPOTENT_REPLAY',
}

registerUserErrorCodes(IdempotencyErrorReason, {
  INVALID_IDEMPOTENCY_KEY:
    'The Idempotency-Key header is not 1–255 visible ASCII characters; send a key such as a UUID',
  IDEMPOTENCY_KEY_NEEDS_ONE_FIELD:
    'A request with an Idempotency-Key holds more than one mutation field; send each in its own request',
  IDEMPOTENCY_KEY_IN_USE:
    'A request with this Idempotency-Key is still being processed; retry shortly with the same key',
  IDEMPOTENCY_KEY_REUSED:
    'The Idempotency-Key was already used for a different request; use a new key for a new request',
  IDEMPOTENT_REPLAY:
    'An identical request with this Idempotency-Key completed first; its response stands, so there is nothing to redo',
});

/*
 * The plugin answers some requests before anything executes, so these are built already
 * formatted, in the shape the error formatter gives every other error.
 */

export function invalidKeyError(): GraphQLFormattedError {
  return {
    message: 'The Idempotency-Key header must be 1–255 visible ASCII characters (no spaces)',
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      reason: IdempotencyErrorReason.INVALID_IDEMPOTENCY_KEY,
      fields: ['Idempotency-Key'],
    },
  };
}

export function oneFieldError(): GraphQLFormattedError {
  return {
    message: 'An Idempotency-Key covers one mutation field; send the others in their own requests',
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      reason: IdempotencyErrorReason.IDEMPOTENCY_KEY_NEEDS_ONE_FIELD,
      fields: ['Idempotency-Key'],
    },
  };
}

export function keyReusedError(): GraphQLFormattedError {
  return {
    message:
      'This Idempotency-Key was already used for a different request (query, variables or operation name); use a new key for a new request',
    extensions: { code: IDEMPOTENCY_KEY_REUSED },
  };
}

export function keyInUseError(): GraphQLFormattedError {
  return {
    message:
      'A request with this Idempotency-Key is still being processed; retry it shortly with the same key',
    extensions: {
      code: ErrorCode.CONFLICT,
      reason: IdempotencyErrorReason.IDEMPOTENCY_KEY_IN_USE,
    },
  };
}

/**
 * Thrown by `claimIdempotencyKey` when an identical request with the key committed first: the
 * caller's transaction rolls back, and the first request's stored response is the answer.
 */
export class IdempotentReplay extends AppError {
  constructor() {
    super(
      ErrorCode.CONFLICT,
      'An identical request with this Idempotency-Key was completed first; its response stands',
      { reason: IdempotencyErrorReason.IDEMPOTENT_REPLAY },
    );
  }
}

/** Thrown by `claimIdempotencyKey` when a request with another body committed the key first. */
export class IdempotencyKeyReused extends AppError {
  constructor() {
    super(ErrorCode.CONFLICT, keyReusedError().message, {
      reason: IdempotencyErrorReason.IDEMPOTENCY_KEY_REUSED,
    });
  }
}
