import { AuthErrorReason } from '../auth/auth.errors';
import { BrandErrorReason } from '../brands/brand.errors';
import { AppError, badInput, ErrorCode } from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values raised by calendar feeds. */
export enum CalendarErrorReason {
  BRAND_REQUIRED = BrandErrorReason.BRAND_REQUIRED,
  NOT_FOR_ROLE = AuthErrorReason.NOT_FOR_ROLE,
  NO_BRAND = 'NO_BRAND',
}

// BRAND_REQUIRED and NOT_FOR_ROLE are the brands' and auth's; NO_BRAND is FORBIDDEN.
registerUserErrorCodes(CalendarErrorReason, {}, [
  CalendarErrorReason.BRAND_REQUIRED,
  CalendarErrorReason.NOT_FOR_ROLE,
  CalendarErrorReason.NO_BRAND,
]);

export function brandRequired(): AppError {
  return badInput(
    'You are a member of several brands: pass brandId to choose the brand whose calendar you want',
    ['input.brandId'],
    CalendarErrorReason.BRAND_REQUIRED,
  );
}

export function brandIdNotForCreators(): AppError {
  return badInput(
    "brandId is for brand members; a creator's feed holds their own deliverables",
    ['input.brandId'],
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
