import { AppError, badInput, conflict, ErrorCode } from '../common/errors/app-error';
import { CommonErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import { PlatformErrorReason } from '../platforms/platform.errors';

/** Stable `extensions.reason` values raised by the outages feature. */
export enum OutageErrorReason {
  ENDS_BEFORE_START = 'ENDS_BEFORE_START',
  DEGRADATION_REQUIRED = 'DEGRADATION_REQUIRED',
  DEGRADATION_OUT_OF_RANGE = 'DEGRADATION_OUT_OF_RANGE',
  DUPLICATE_EXTERNAL_ID = 'DUPLICATE_EXTERNAL_ID',
  STALE_VERSION = CommonErrorReason.STALE_VERSION,
  ALREADY_ENDED = 'ALREADY_ENDED',
  EMPTY_WINDOW = 'EMPTY_WINDOW',
  BLANK_VALUE = PlatformErrorReason.BLANK_VALUE,
}

registerUserErrorCodes(
  OutageErrorReason,
  {
    ENDS_BEFORE_START: 'endsAt is at or before startsAt; give an end after the start',
    DEGRADATION_REQUIRED: 'A PARTIAL outage was given without degradationBps; give 1–9999',
    DEGRADATION_OUT_OF_RANGE:
      'degradationBps does not fit the severity (PARTIAL: 1–9999; FULL: omit it); correct it or change the severity',
    DUPLICATE_EXTERNAL_ID:
      'An outage from this source with this externalId already exists; update that one instead',
    ALREADY_ENDED: 'The outage has already ended; it cannot be ended again',
    EMPTY_WINDOW: 'filter.to is at or before filter.from; give a to after the from',
  },
  // STALE_VERSION is common's, BLANK_VALUE the platforms'.
  [OutageErrorReason.STALE_VERSION, OutageErrorReason.BLANK_VALUE],
);

export function endsBeforeStart(startsAt: Date, endsAt: Date, fields: string[]): AppError {
  return badInput(
    `endsAt (${endsAt.toISOString()}) must be after startsAt (${startsAt.toISOString()})`,
    fields,
    OutageErrorReason.ENDS_BEFORE_START,
  );
}

export function duplicateExternalId(source: string, externalId: string): AppError {
  return new AppError(
    ErrorCode.CONFLICT,
    `An outage from ${source} with external id "${externalId}" already exists`,
    {
      reason: OutageErrorReason.DUPLICATE_EXTERNAL_ID,
      fields: ['input.externalId'],
    },
  );
}

export function staleVersion(
  id: string,
  currentVersion: number,
  expectedVersion?: number,
): AppError {
  const message =
    expectedVersion === undefined
      ? `Outage ${id} was changed concurrently (now version ${currentVersion}); reload and retry`
      : `Outage ${id} is at version ${currentVersion}, not ${expectedVersion}; reload and retry`;
  return conflict(message, OutageErrorReason.STALE_VERSION, {
    currentVersion,
    ...(expectedVersion === undefined ? {} : { fields: ['input.expectedVersion'] }),
  });
}

export function alreadyEnded(id: string, endsAt: Date): AppError {
  return conflict(
    `Outage ${id} already ended at ${endsAt.toISOString()}`,
    OutageErrorReason.ALREADY_ENDED,
    {
      endsAt: endsAt.toISOString(),
    },
  );
}

/** A FULL outage given a degradation other than the whole (`fullBps`). */
export function fullDegradationFixed(fullBps: number): AppError {
  return badInput(
    `A FULL outage is ${fullBps} bps; omit degradationBps or use PARTIAL`,
    ['input.degradationBps'],
    OutageErrorReason.DEGRADATION_OUT_OF_RANGE,
  );
}

export function degradationRequired(): AppError {
  return badInput(
    'A PARTIAL outage needs degradationBps between 1 and 9999',
    ['input.degradationBps'],
    OutageErrorReason.DEGRADATION_REQUIRED,
  );
}

export function partialDegradationOutOfRange(bps: number): AppError {
  return badInput(
    `A PARTIAL outage's degradationBps must be between 1 and 9999, not ${bps}; use FULL for a complete outage`,
    ['input.degradationBps'],
    OutageErrorReason.DEGRADATION_OUT_OF_RANGE,
  );
}

export function blankValue(field: 'title' | 'source' | 'externalId'): AppError {
  return badInput(`${field} must not be blank`, [`input.${field}`], OutageErrorReason.BLANK_VALUE);
}

export function emptyWindow(): AppError {
  return badInput(
    'filter.to must be after filter.from',
    ['filter.to'],
    OutageErrorReason.EMPTY_WINDOW,
  );
}
