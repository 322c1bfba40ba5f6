import {
  AppError,
  badInput,
  conflict,
  ErrorCode,
  forbidden,
  notFound,
} from '../common/errors/app-error';

/** Stable `extensions.reason` values of the brands feature. */
export enum BrandErrorReason {
  UNKNOWN_BRAND = 'UNKNOWN_BRAND',
  BRAND_REF_REQUIRED = 'BRAND_REF_REQUIRED',
  BRAND_HAS_ACCOUNT = 'BRAND_HAS_ACCOUNT',
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  INVITATION_USED = 'INVITATION_USED',
  INVITATION_REVOKED = 'INVITATION_REVOKED',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  INVALID_BRAND_NAME = 'INVALID_BRAND_NAME',
}

// Another tenant's brand reads exactly like a missing one.
export const brandNotFound = (id: string): AppError => notFound('Brand', id);

// Unknown codes and codes meant for someone else are indistinguishable.
export const invitationNotFound = (): AppError => notFound('Invitation');

export const unknownBrand = (field: string, id: string): AppError =>
  badInput(`Brand ${id} was not found`, [field], BrandErrorReason.UNKNOWN_BRAND);

export const brandRefRequired = (field: string): AppError =>
  badInput(
    'Give exactly one of brandId or brandName',
    [`${field}.brandId`, `${field}.brandName`],
    BrandErrorReason.BRAND_REF_REQUIRED,
  );

/** A deal named by `brandName` a brand that has an account: it must be given by id. */
export const brandHasAccount = (field: string, brandId: string, name: string): AppError =>
  new AppError(
    ErrorCode.BAD_USER_INPUT,
    `The brand "${name}" has an account on Deal Ledger: pass brandId ${brandId} instead of brandName, so that the brand sees the deal`,
    { reason: BrandErrorReason.BRAND_HAS_ACCOUNT, fields: [field], brandId },
  );

export const invitationExpired = (): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, 'This invitation has expired; ask for a new one', {
    reason: BrandErrorReason.INVITATION_EXPIRED,
    fields: ['code'],
  });

export const invitationUsed = (): AppError =>
  conflict('This invitation has already been accepted', BrandErrorReason.INVITATION_USED);

export const invitationRevoked = (): AppError =>
  conflict(
    'This invitation is no longer valid: whoever sent it can no longer invite to the brand',
    BrandErrorReason.INVITATION_REVOKED,
  );

export const alreadyMember = (): AppError =>
  conflict('You are already a member of this brand', BrandErrorReason.ALREADY_MEMBER);

export const invalidBrandName = (field: string, maxLength: number): AppError =>
  badInput(
    `brandName must be 1–${maxLength} characters`,
    [field],
    BrandErrorReason.INVALID_BRAND_NAME,
  );

export const onlyBrandAccountsJoin = (): AppError =>
  forbidden('Only brand accounts can join a brand; creators keep their own deals');
