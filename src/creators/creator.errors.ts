import { AuthErrorReason } from '../auth/auth.errors';
import { badInput, type AppError } from '../common/errors/app-error';
import { AmountErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values of the creators feature. */
export enum CreatorErrorReason {
  DISPLAY_NAME_REQUIRED = AuthErrorReason.DISPLAY_NAME_REQUIRED,
  UNKNOWN_CURRENCY = AmountErrorReason.UNKNOWN_CURRENCY,
  UNKNOWN_TIME_ZONE = AuthErrorReason.UNKNOWN_TIME_ZONE,
}

// Each shared with sign-up, and described where it is defined (auth, common); a reason of the
// creators' own is described here.
registerUserErrorCodes(CreatorErrorReason, {}, [
  CreatorErrorReason.DISPLAY_NAME_REQUIRED,
  CreatorErrorReason.UNKNOWN_CURRENCY,
  CreatorErrorReason.UNKNOWN_TIME_ZONE,
]);

export const displayNameRequired = (): AppError =>
  badInput(
    'displayName must not be blank',
    ['input.displayName'],
    CreatorErrorReason.DISPLAY_NAME_REQUIRED,
  );

export const unknownCurrency = (currency: string): AppError =>
  badInput(
    `Unknown currency "${currency}"; use an ISO 4217 code such as USD`,
    ['input.homeCurrency'],
    CreatorErrorReason.UNKNOWN_CURRENCY,
  );

export const unknownTimeZone = (timeZone: string): AppError =>
  badInput(
    `Unknown time zone "${timeZone}"; use an IANA name such as Europe/London`,
    ['input.timeZone'],
    CreatorErrorReason.UNKNOWN_TIME_ZONE,
  );
