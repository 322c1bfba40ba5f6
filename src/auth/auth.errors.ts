import { AppError, badInput, ErrorCode } from '../common/errors/app-error';
import { AmountErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values of sign-up, sign-in and access tokens. */
export enum AuthErrorReason {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  BAD_CREDENTIALS = 'BAD_CREDENTIALS',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  DISPLAY_NAME_REQUIRED = 'DISPLAY_NAME_REQUIRED',
  UNKNOWN_CURRENCY = AmountErrorReason.UNKNOWN_CURRENCY,
  UNKNOWN_TIME_ZONE = 'UNKNOWN_TIME_ZONE',
  NOT_FOR_ROLE = 'NOT_FOR_ROLE',
  ADMIN_ONLY = 'ADMIN_ONLY',
}

registerUserErrorCodes(
  AuthErrorReason,
  {
    EMAIL_TAKEN:
      'An account with this email already exists; sign in, or sign up with another email',
    PASSWORD_TOO_SHORT:
      'The password is shorter than the minimum the message gives; choose a longer one',
    WEAK_PASSWORD:
      'The password is too easy to guess (common, or the email address itself); choose another',
    DISPLAY_NAME_REQUIRED: 'displayName is blank; give the name to show',
    UNKNOWN_TIME_ZONE: 'A time zone is not a known IANA name; use one such as Europe/London',
    NOT_FOR_ROLE:
      "A field was given that the account's role does not use (e.g. a creator profile for a brand account); omit it",
  },
  // UNKNOWN_CURRENCY: common's; the others never refuse an input (UNAUTHENTICATED, FORBIDDEN).
  [AuthErrorReason.UNKNOWN_CURRENCY, AuthErrorReason.BAD_CREDENTIALS, AuthErrorReason.ADMIN_ONLY],
);

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
