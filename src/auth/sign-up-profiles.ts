import type { EntityManager } from 'typeorm';

/**
 * What sign-up creates besides the user, asked of the features that own those records: a
 * creator's profile (creators/) or a new brand with its first member (brands/). Auth declares
 * these ports; the composition root hands AuthModule the modules that provide them, so auth
 * imports no feature.
 */
export interface NewCreatorProfile {
  userId: string;
  displayName: string;
  homeCurrency: string;
  timeZone: string;
}

export abstract class CreatorSignUp {
  /** Inside sign-up's transaction. */
  abstract createProfile(manager: EntityManager, profile: NewCreatorProfile): Promise<void>;
}

export abstract class BrandSignUp {
  /** Inside sign-up's transaction: a brand named `brandName` whose first member is `userId`. */
  abstract createBrandWithMember(
    manager: EntityManager,
    brandName: string,
    userId: string,
  ): Promise<void>;
}
