import { badInput, notFound, type AppError } from '../common/errors/app-error';

/** Stable `extensions.reason` values of the impact feature (outageImpact, simulateOutage). */
export enum ImpactErrorReason {
  WINDOW_INVALID = 'WINDOW_INVALID',
}

// A malformed outage id reads like a missing outage.
export const outageNotFound = (id: string): AppError => notFound('Outage', id);

export const deliverableNotFound = (id: string): AppError => notFound('Deliverable', id);

export const simulatedWindowInvalid = (): AppError =>
  badInput('endsAt must be after startsAt', ['input.endsAt'], ImpactErrorReason.WINDOW_INVALID);
