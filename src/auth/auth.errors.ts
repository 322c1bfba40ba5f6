import { AppError, badInput, ErrorCode } from '../common/errors/app-error';

/** Stable `extensions.reason` values of sign-up, sign-in and access tokens. */
export enum AuthErrorReason {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  BAD_CREDENTIALS = 'BAD_CREDENTIALS',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  DISPLAY_NAME_REQUIRED = 'DISPLAY_NAME_REQUIRED',
  UNKNOWN_CURRENCY = 'UNKNOWN_CURRENCY',
  UNKNOWN_TIME_ZONE = 'UNKNOWN_TIME_ZONE',
  NOT_FOR_ROLE = 'NOT_FOR_ROLE',
  ADMIN_ONLY = 'ADMIN_ONLY',
}

export const emailTaken = (): AppError =>
  new AppError(ErrorCode.CONFLICT, 'An account with this email already exists', {
    reason: AuthErrorReason.EMAIL_TAKEN,
    fields: ['input.email'],
  });

// The same answer for an unknown email and a wrong password.
export const badCredentials = (): AppError =>
  new AppError(ErrorCode.UNAUTHENTICATED, 'Email or password is incorrect', {
    reason: AuthErrorReason.BAD_CREDENTIALS,
  });

export const signUpInputRefused = (
  message: string,
  field: string,
  reason: AuthErrorReason,
): AppError => badInput(message, [field], reason);
