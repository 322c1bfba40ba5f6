import { badInput, notFound, type AppError } from '../common/errors/app-error';
import { MAX_PARTIAL_OUTAGE_BPS } from '../outages/dto/outage-fields';

/** Stable `extensions.reason` values of the impact feature (outageImpact, simulateOutage). */
export enum ImpactErrorReason {
  WINDOW_INVALID = 'WINDOW_INVALID',
  DEGRADATION_REQUIRED = 'DEGRADATION_REQUIRED',
  // The same reason recordOutage gives for the same value.
  DEGRADATION_OUT_OF_RANGE = 'DEGRADATION_OUT_OF_RANGE',
}

// A malformed outage id reads like a missing outage.
export const outageNotFound = (id: string): AppError => notFound('Outage', id);

export const deliverableNotFound = (id: string): AppError => notFound('Deliverable', id);

export const simulatedWindowInvalid = (): AppError =>
  badInput('endsAt must be after startsAt', ['input.endsAt'], ImpactErrorReason.WINDOW_INVALID);

export const simulatedDegradationRequired = (): AppError =>
  badInput(
    `A PARTIAL outage needs degradationBps (1–${MAX_PARTIAL_OUTAGE_BPS})`,
    ['input.degradationBps'],
    ImpactErrorReason.DEGRADATION_REQUIRED,
  );

/** A PARTIAL simulation at 10 000 bps: refused as recordOutage refuses it, with its message. */
export const simulatedDegradationOutOfRange = (bps: number): AppError =>
  badInput(
    `A PARTIAL outage's degradationBps must be between 1 and ${MAX_PARTIAL_OUTAGE_BPS}, not ${bps}; use FULL for a complete outage`,
    ['input.degradationBps'],
    ImpactErrorReason.DEGRADATION_OUT_OF_RANGE,
  );
