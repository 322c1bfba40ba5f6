import { badInput, notFound, type AppError } from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values of the impact feature (outageImpact, simulateOutage). */
export enum ImpactErrorReason {
  WINDOW_INVALID = 'WINDOW_INVALID',
}

registerUserErrorCodes(ImpactErrorReason, {
  WINDOW_INVALID: 'A time window ends at or before it starts; give an end after the start',
});

// A malformed outage id reads like a missing outage.
export const outageNotFound = (id: string): AppError => notFound('Outage', id);

export const deliverableNotFound = (id: string): AppError => notFound('Deliverable', id);

export const simulatedWindowInvalid = (): AppError =>
  badInput('endsAt must be after startsAt', ['input.endsAt'], ImpactErrorReason.WINDOW_INVALID);
