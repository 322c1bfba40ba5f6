import {
  AppError,
  badInput,
  conflict,
  ErrorCode,
  forbidden,
  notFound,
} from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';

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
  /** A brand must be chosen: deals, calendar feeds and webhooks of brand accounts give it. */
  BRAND_REQUIRED = 'BRAND_REQUIRED',
}

registerUserErrorCodes(BrandErrorReason, {
  UNKNOWN_BRAND:
    'A brandId names no brand you can see; check the id, or name the brand with brandName',
  BRAND_REF_REQUIRED: 'Neither or both of brandId and brandName were given; give exactly one',
  BRAND_HAS_ACCOUNT:
    'brandName names a brand that has an account on Deal Ledger; pass its brandId (in the message) instead',
  INVITATION_EXPIRED: 'The invitation has expired; ask the brand for a new one',
  INVITATION_USED: 'The invitation has already been accepted; each one is accepted once',
  INVITATION_REVOKED:
    'The invitation is no longer valid because its sender can no longer invite; ask the brand for a new one',
  ALREADY_MEMBER: 'You are already a member of this brand; there is nothing to accept',
  INVALID_BRAND_NAME:
    'brandName is blank or longer than the limit the message gives; shorten or fill it',
  BRAND_REQUIRED:
    'The request needs a brand and none was given (brandId, or for a deal brandId or brandName); name the brand',
});

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
    fields: ['input.code'],
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
