import { badInput, type AppError } from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import { ImpactErrorReason } from '../impact/impact.errors';

/** Stable `extensions.reason` values raised by the exposure feature. */
export enum ExposureErrorReason {
  WINDOW_INVALID = ImpactErrorReason.WINDOW_INVALID,
  WINDOW_TOO_LONG = 'WINDOW_TOO_LONG',
}

registerUserErrorCodes(
  ExposureErrorReason,
  {
    WINDOW_TOO_LONG:
      'The window from from to to spans more days than the limit the message gives; shorten it',
  },
  [ExposureErrorReason.WINDOW_INVALID], // the impact feature's
);

export function windowNotOrdered(from: Date, to: Date): AppError {
  return badInput(
    `to (${to.toISOString()}) must be after from (${from.toISOString()})`,
    ['to'],
    ExposureErrorReason.WINDOW_INVALID,
  );
}

export function windowTooLong(maxDays: number): AppError {
  return badInput(
    `The window from from to to may span at most ${maxDays} days`,
    ['to'],
    ExposureErrorReason.WINDOW_TOO_LONG,
  );
}
