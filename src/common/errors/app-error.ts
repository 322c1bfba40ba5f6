import { IntrinsicException } from '@nestjs/common';

/** The codes a client can rely on in `extensions.code`. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface AppErrorDetails {
  /** Input fields at fault, as paths such as `input.deliverables.1.fee`. */
  fields?: string[];
  /** A finer, stable reason within the code, e.g. `FEES_DO_NOT_ADD_UP`. */
  reason?: string;
  [extra: string]: unknown;
}

/**
 * An error a client caused or may act on; everything else is reported as an internal error.
 * Intrinsic, so Nest does not log it as a server fault.
 */
export class AppError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * Several refusals of one input, reported together: a mutation's payload lists each as a user
 * error; anywhere else the first's code and every message are reported.
 */
export function inputProblems(problems: readonly AppError[]): AppError {
  if (problems.length === 1) return problems[0];
  const [first] = problems;
  return new AppError(first.code, problems.map((problem) => problem.message).join('; '), {
    fields: [...new Set(problems.flatMap((problem) => problem.details.fields ?? []))],
    reason: first.details.reason,
    refusals: problems,
  });
}

/**
 * Runs one check of an input; a refusal it throws joins `problems` (and undefined is returned)
 * so that the checks after it still run and every problem is reported at once.
 */
export function collectRefusal<T>(problems: AppError[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problems.push(error);
    return undefined;
  }
}

/** {@link collectRefusal} for a check that reads the database. */
export async function collectRefusalAsync<T>(
  problems: AppError[],
  check: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problems.push(error);
    return undefined;
  }
}

export const notFound = (what: string, id?: string): AppError =>
  new AppError(ErrorCode.NOT_FOUND, id ? `${what} ${id} was not found` : `${what} was not found`, {
    reason: `${what.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`,
  });

export const badInput = (message: string, fields: string[], reason?: string): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { fields, reason });

export const conflict = (
  message: string,
  reason?: string,
  extra: Record<string, unknown> = {},
): AppError => new AppError(ErrorCode.CONFLICT, message, { reason, ...extra });

export const forbidden = (message: string): AppError => new AppError(ErrorCode.FORBIDDEN, message);

export const unauthenticated = (
  message = 'Sign in and send Authorization: Bearer <token>',
): AppError => new AppError(ErrorCode.UNAUTHENTICATED, message);

/**
 * The AppError behind `error`, looking through the wrappers GraphQL puts around what a scalar or
 * a plugin threw (`originalError`: a validation or variable-coercion error around a GraphQLError
 * around the AppError); null when there is none.
 */
export function findAppError(error: unknown): AppError | null {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof AppError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}
