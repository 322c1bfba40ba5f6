import { AppError, badInput, ErrorCode } from '../common/errors/app-error';

/** Stable `extensions.reason` values raised by calendar feeds. */
export enum CalendarErrorReason {
  BRAND_REQUIRED = 'BRAND_REQUIRED',
  NOT_FOR_ROLE = 'NOT_FOR_ROLE',
  NO_BRAND = 'NO_BRAND',
}

export function brandRequired(): AppError {
  return badInput(
    'You are a member of several brands: pass brandId to choose the brand whose calendar you want',
    ['brandId'],
    CalendarErrorReason.BRAND_REQUIRED,
  );
}

export function brandIdNotForCreators(): AppError {
  return badInput(
    "brandId is for brand members; a creator's feed holds their own deliverables",
    ['brandId'],
    CalendarErrorReason.NOT_FOR_ROLE,
  );
}

export function noBrand(): AppError {
  return new AppError(
    ErrorCode.FORBIDDEN,
    'You are not a member of any brand yet; accept an invitation first',
    { reason: CalendarErrorReason.NO_BRAND },
  );
}
