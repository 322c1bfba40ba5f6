import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { catchError, map, of, type Observable } from 'rxjs';
import { type AppError, ErrorCode, findAppError } from '../../common/errors/app-error';
import { isConnectionError, translateDatabaseError } from '../../common/errors/database-errors';
import { PAYLOAD_FIELD, SPREAD } from '../../common/graphql/payload-of.decorator';
import { INVALID_INPUT, isUserErrorCode, type UserError } from '../../common/graphql/user-error';

/** Refusals of the input: listed in the payload. Everything else stays a top-level error. */
const USER_ERROR_CODES = new Set<ErrorCode>([ErrorCode.BAD_USER_INPUT, ErrorCode.CONFLICT]);

/** Races that a plain retry resolves: faults of the moment, not of the input. */
const TRANSIENT_REASONS = new Set(['CONCURRENT_UPDATE', 'CONCURRENT_CHANGE']);

const logger = new Logger('UserErrors');

function toUserError(error: AppError): UserError {
  const [field] = error.details.fields ?? [];
  const reason = error.details.reason;
  if (!isUserErrorCode(reason)) {
    // A reason no feature registered: a programming slip, still answered with a valid code.
    logger.error(`Unregistered user error reason ${String(reason)}: ${error.message}`);
  }
  return {
    field: field ? field.split('.') : null,
    code: isUserErrorCode(reason) ? reason : INVALID_INPUT,
    message: error.message,
  };
}

/** Every problem of a refused input, or null when `error` is not a refusal of the input. */
export function userErrorsOf(error: unknown, args?: Record<string, unknown>): UserError[] | null {
  // Checked first: translating a lost connection logs it, and the exception filter does that.
  if (isConnectionError(error)) return null;
  const appError = findAppError(error) ?? translateDatabaseError(error, args);
  if (!appError || !USER_ERROR_CODES.has(appError.code)) return null;
  if (TRANSIENT_REASONS.has(String(appError.details.reason))) return null;
  const refusals = appError.details.refusals as AppError[] | undefined;
  return refusals?.length ? refusals.map(toUserError) : [toUserError(appError)];
}

/**
 * Mutations marked @PayloadOf answer with a payload: the resolver's result wrapped beside an
 * empty `userErrors`, or, when the input is refused (validation pipe or service), no object and
 * every problem in `userErrors`. Pipes run inside this interceptor, so class-validator's
 * refusals arrive here too. Nothing was written then: services throw before or inside their
 * transaction, which rolls back.
 */
@Injectable()
export class UserErrorsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const field = this.reflector.get<string | typeof SPREAD | undefined>(
      PAYLOAD_FIELD,
      context.getHandler(),
    );
    if (field === undefined) return next.handle();
    return next.handle().pipe(
      map((result: unknown) =>
        field === SPREAD
          ? { ...(result as object), userErrors: [] }
          : { [field]: result, userErrors: [] },
      ),
      catchError((error: unknown) => {
        const args = GqlExecutionContext.create(context).getArgs<Record<string, unknown>>();
        const userErrors = userErrorsOf(error, args);
        if (!userErrors) throw error;
        return of({ userErrors });
      }),
    );
  }
}
