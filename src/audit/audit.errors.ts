import { badInput, type AppError } from '../common/errors/app-error';

/** Stable `extensions.reason` values raised by the audit trail. */
export enum AuditErrorReason {
  INVALID_CURSOR = 'INVALID_CURSOR',
}

/** A cursor that decodes but does not hold the sort key the trail uses. */
export const invalidCursor = (): AppError =>
  badInput('The cursor is not one this API issued', ['after'], AuditErrorReason.INVALID_CURSOR);
