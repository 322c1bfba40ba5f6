import { badInput, type AppError } from '../common/errors/app-error';
import { CommonErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import { INVALID_CHARACTER } from '../common/validation/text';
import { ImpactErrorReason } from '../impact/impact.errors';
import { PlatformErrorReason } from '../platforms/platform.errors';

/** Stable `extensions.reason` values raised by reports (and their links and files). */
export enum ReportErrorReason {
  UNKNOWN_PLATFORM = PlatformErrorReason.UNKNOWN_PLATFORM,
  INVALID_DATE_TIME = CommonErrorReason.INVALID_DATE_TIME,
  WINDOW_INVALID = ImpactErrorReason.WINDOW_INVALID,
  PERIOD_TOO_LONG = 'PERIOD_TOO_LONG',
  PERIOD_REQUIRED = 'PERIOD_REQUIRED',
  ONE_REPORT = 'ONE_REPORT',
  INVALID_VALUE = CommonErrorReason.INVALID_VALUE,
}

registerUserErrorCodes(
  ReportErrorReason,
  {
    PERIOD_TOO_LONG: 'A period report spans more days than the limit the message gives; shorten it',
    PERIOD_REQUIRED: 'A period report was asked for without both from and to; give both',
    ONE_REPORT: 'Give either outageId or a period (from and to): exactly one of them',
  },
  // Shared, and described where they are defined (platforms, common, impact).
  [
    ReportErrorReason.UNKNOWN_PLATFORM,
    ReportErrorReason.INVALID_DATE_TIME,
    ReportErrorReason.WINDOW_INVALID,
    ReportErrorReason.INVALID_VALUE,
  ],
);

export const unknownPlatform = (slug: string): AppError =>
  badInput(
    `Unknown platform "${slug}"; see the platforms query for slugs`,
    ['platformSlug'],
    ReportErrorReason.UNKNOWN_PLATFORM,
  );

export const invalidInstant = (field: string): AppError =>
  badInput(`${field} must be a valid instant`, [field], ReportErrorReason.INVALID_DATE_TIME);

/** `field` names the `to` of the window, as the caller gave it (`to`, `input.to`). */
export const windowInvalid = (field: string): AppError =>
  badInput('to must be after from', [field], ReportErrorReason.WINDOW_INVALID);

export const periodTooLong = (maxDays: number): AppError =>
  badInput(
    `A period report covers at most ${maxDays} days`,
    ['to'],
    ReportErrorReason.PERIOD_TOO_LONG,
  );

export const periodRequired = (): AppError =>
  badInput('A period report needs from and to', ['from', 'to'], ReportErrorReason.PERIOD_REQUIRED);

/** Both an outage and a period were given. */
export const notBothReports = (): AppError =>
  badInput(
    'Give outageId, or from and to — not both',
    ['input.outageId'],
    ReportErrorReason.ONE_REPORT,
  );

/** Neither an outage nor a whole period was given. */
export const oneReportRequired = (): AppError =>
  badInput(
    'Give outageId, or from and to',
    ['input.from', 'input.to'],
    ReportErrorReason.ONE_REPORT,
  );

/** A query parameter given more than once. */
export const repeatedParameter = (name: string): AppError =>
  badInput(`${name} must be given once`, [name], ReportErrorReason.INVALID_VALUE);

/** A query parameter with characters text may not hold (`textProblem`). */
export const invalidText = (name: string, problem: string): AppError =>
  badInput(`${name} ${problem}`, [name], INVALID_CHARACTER);

/** A cash-flow report's bucket that is neither WEEK nor MONTH. */
export const invalidBucket = (): AppError =>
  badInput('bucket: give WEEK or MONTH', ['bucket'], ReportErrorReason.INVALID_VALUE);
