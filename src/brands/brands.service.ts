import { Injectable } from '@nestjs/common';
import { addDays } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { generateSecret, hashSecret } from '../auth/secrets';
import { AppConfig } from '../config/app-config';
import type { Connection } from '../common/graphql/pagination';
import { AppError } from '../common/errors/app-error';
import { isUuid } from '../common/validation/uuid';
import type { BrandEntity, BrandInvitationEntity } from './brand.entity';
import {
  alreadyMember,
  brandHasAccount,
  brandNotFound,
  brandRefRequired,
  invalidBrandName,
  invitationExpired,
  invitationNotFound,
  invitationRevoked,
  invitationUsed,
  onlyBrandAccountsJoin,
  unknownBrand,
} from './brand.errors';
import { BrandRepository } from './brand.repository';
import type { CreateBrandInvitationInput } from './dto/brand-invitation.input';
import type { BrandsArgs } from './dto/brands.args';
import { Clock } from '../infrastructure/clock';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';

/** How a deal names its brand: an existing brand's id, or a name to file the deal under. */
export interface BrandRef {
  brandId?: string | null;
  brandName?: string | null;
}

export interface IssuedInvitation {
  code: string;
  invitation: BrandInvitationEntity;
}

const INVITATION_CODE = /^dl_inv_[A-Za-z0-9_-]{43}$/;
const MAX_BRAND_NAME = 200;

@Injectable()
export class BrandsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: BrandRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The brand directory, by name (case-insensitive, then exact name, then id) with keyset
   * pagination both ways: two statements whatever the page size.
   */
  search(viewer: Viewer, args: BrandsArgs): Promise<Connection<BrandEntity>> {
    return this.repository.page(
      { creatorId: viewer.creatorId ?? null, search: args.search?.trim() || undefined },
      args,
    );
  }

  /**
   * The brand a creator's deal is with, inside the caller's transaction. `brandId` must name a
   * brand the creator may select (any claimed brand, or an unclaimed one they named); `brandName`
   * reuses an unclaimed brand this creator named the same way (case-insensitive) or creates one.
   * Naming a brand grants nobody access to anything: access comes only from brand_members.
   *
   * @param field the input path of the brand reference, e.g. `input`, for error `fields`.
   * A name matching (case-insensitive, trimmed) a brand that has an account is refused: the
   * deal must name that brand by id, or its members would never see it.
   *
   * @throws BAD_USER_INPUT `UNKNOWN_BRAND` on `${field}.brandId`, `BRAND_REF_REQUIRED`,
   *   `INVALID_BRAND_NAME`, `BRAND_HAS_ACCOUNT` on `${field}.brandName` (with `brandId`).
   */
  async findOrCreateForDeal(
    manager: EntityManager,
    creatorId: string,
    ref: BrandRef,
    field: string,
  ): Promise<BrandEntity> {
    const [brand] = await this.findOrCreateForDeals(manager, creatorId, [ref], field);
    if (brand instanceof AppError) throw brand;
    return brand;
  }

  /**
   * {@link findOrCreateForDeal} for many deals of one creator at once (an import), in a constant
   * number of statements: the brand of each reference, in order, or the refusal it would have
   * thrown. References naming the same brand (ignoring case) get the same brand, as they would
   * one after another: the first spelling creates it, the others reuse it.
   */
  async findOrCreateForDeals(
    manager: EntityManager,
    creatorId: string,
    refs: readonly BrandRef[],
    field: string,
  ): Promise<Array<BrandEntity | AppError>> {
    // What can be told without the database first; then ids and names, each in one go.
    const checked = refs.map((ref): AppError | { brandId: string } | { brandName: string } => {
      const hasId = ref.brandId !== undefined && ref.brandId !== null;
      const hasName = ref.brandName !== undefined && ref.brandName !== null;
      if (hasId === hasName) return brandRefRequired(field);
      if (hasId) {
        const brandId = ref.brandId!;
        return isUuid(brandId) ? { brandId } : unknownBrand(`${field}.brandId`, brandId);
      }
      const name = ref.brandName!.trim();
      if (name.length < 1 || name.length > MAX_BRAND_NAME) {
        return invalidBrandName(`${field}.brandName`, MAX_BRAND_NAME);
      }
      return { brandName: name };
    });
    const wanted = checked.filter((ref) => !(ref instanceof AppError));
    const brandIds = wanted.flatMap((ref) => ('brandId' in ref ? [ref.brandId] : []));
    const selectable = new Map(
      (await this.repository.findSelectable(brandIds, creatorId, manager)).map((brand) => [
        brand.id.toLowerCase(),
        brand,
      ]),
    );
    const names = wanted.flatMap((ref) => ('brandName' in ref ? [ref.brandName] : []));
    // A brand with an account is the real one: filing the deal under a private namesake would
    // hide it from that brand for good. Its members may read it only if the deal names its id.
    const claimed = await this.claimedBrandsNamed(manager, names);
    const unclaimed = names.filter((name) => !claimed.has(name));
    let named = new Map<string, BrandEntity>();
    if (unclaimed.length > 0) {
      // Two deals naming the same new brand at once must end up with one brand, not two.
      await this.repository.lockBrandNames(creatorId, unclaimed, manager);
      named = await this.repository.findOrCreateNamedBy(creatorId, unclaimed, manager);
    }
    return checked.map((ref) => {
      if (ref instanceof AppError) return ref;
      if ('brandId' in ref) {
        return (
          selectable.get(ref.brandId.toLowerCase()) ?? unknownBrand(`${field}.brandId`, ref.brandId)
        );
      }
      const claimedBrand = claimed.get(ref.brandName);
      if (claimedBrand) {
        return brandHasAccount(`${field}.brandName`, claimedBrand.id, claimedBrand.name);
      }
      return named.get(ref.brandName)!;
    });
  }

  /** Which of these brand ids the creator may put on a deal (lower-case ids). */
  selectableBrandIds(brandIds: readonly string[], creatorId: string): Promise<Set<string>> {
    return this.repository.selectableIds(brandIds, creatorId);
  }

  /**
   * Brands with an account (claimed) named like one of `names`: case-insensitive (as PostgreSQL
   * lowercases) and ignoring surrounding spaces, keyed by the name exactly as given. When several
   * claimed brands share a name, the oldest. One statement.
   */
  async claimedBrandsNamed(
    manager: EntityManager,
    names: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>> {
    if (names.length === 0) return new Map();
    return this.repository.claimedBrandsNamed(names, manager);
  }

  /**
   * Brand members may invite to their brand; while a brand is unclaimed, so may the creator who
   * named it (to hand it over to the real brand). Anyone else gets NOT_FOUND.
   */
  async createInvitation(
    viewer: Viewer,
    input: CreateBrandInvitationInput,
  ): Promise<IssuedInvitation> {
    const brandId = input.brandId;
    if (!isUuid(brandId)) throw brandNotFound(brandId);
    const access = await this.repository.inviterStanding(brandId, viewer.userId, viewer.creatorId);
    const allowed =
      access !== null &&
      ((viewer.role === 'BRAND' && access.isMember) ||
        (viewer.role === 'CREATOR' && viewer.creatorId !== null && access.isNamingCreator));
    if (!allowed) throw brandNotFound(brandId);

    const code = generateSecret('dl_inv');
    const invitation = await this.dataSource.transaction(async (manager) => {
      // Idempotency-Key: taken in this transaction, so a retry cannot mint a second code.
      await claimIdempotencyKey(manager);
      return this.repository.createInvitation(
        {
          brandId,
          codeHash: hashSecret(code),
          email: input.email ? input.email.trim().toLowerCase() : null,
          invitedByUserId: viewer.userId,
          expiresAt: addDays(this.clock.now(), this.config.INVITATION_DAYS),
        },
        manager,
      );
    });
    return { code, invitation };
  }

  /**
   * Joins the caller (a brand user) to the invitation's brand, atomically: the invitation and
   * the brand are locked, so a code is used once and concurrent acceptances see each other.
   */
  async acceptInvitation(viewer: Viewer, code: string): Promise<BrandEntity> {
    if (viewer.role !== 'BRAND') {
      throw onlyBrandAccountsJoin();
    }
    if (!INVITATION_CODE.test(code)) throw invitationNotFound();
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.repository.lockInvitation(
        hashSecret(code),
        this.clock.now(),
        manager,
      );
      // An invitation bound to someone else reads like an unknown code.
      if (!invitation || (invitation.email !== null && invitation.email !== viewer.email)) {
        throw invitationNotFound();
      }
      if (invitation.acceptedAt !== null) throw invitationUsed();
      if (invitation.expired) throw invitationExpired();

      // A fresh statement after the locks, so it sees memberships committed while we waited.
      const state = await this.repository.acceptanceState(
        invitation.brandId,
        viewer.userId,
        invitation.invitedByUserId,
        manager,
      );
      if (state.alreadyMember) throw alreadyMember();
      // The inviter left the brand, or the creator who named it was overtaken by a claim.
      if (!state.inviterMayInvite) throw invitationRevoked();

      await this.repository.markInvitationAccepted(invitation.id, viewer.userId, manager);
      await this.repository.addMember(invitation.brandId, viewer.userId, manager);
      return state.brand;
    });
  }
}
