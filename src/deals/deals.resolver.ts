import {
  Args,
  Extensions,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Brand } from '../brands/brand.model';
import { BrandLoaders } from '../brands/brand.loaders';
import { notFound } from '../common/errors/app-error';
import { Money, toMoney } from '../common/graphql/money.model';
import { checkedPageSize, ConnectionType, type Connection } from '../common/graphql/pagination';
import type { NoArgs, RequestContext } from '../infrastructure/graphql/request-context';
import { Creator } from '../creators/creator.model';
import { CreatorLoaders } from '../creators/creator.loaders';
import { Platform } from '../platforms/platform.model';
import type { PlatformEntity } from '../platforms/platform.entity';
import type { DealEntity } from './deal.entity';
import { DealLoaders } from './deal.loaders';
import { mayReadPrivateNotes } from './deal-notes';
import { dealWriteRefusal, mayChangeDealStatus } from './deal-permissions';
import { Deal, DealTerms } from './deal.model';
import { DealsService } from './deals.service';
import { CreateDealInput, SetDealStatusInput, UpdateDealInput } from './dto/deal.input';
import { CreateDealPayload, SetDealStatusPayload, UpdateDealPayload } from './dto/deal.payloads';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
import { DealsArgs } from './dto/deals.args';

export const DealConnection = ConnectionType(Deal);

@Resolver(() => Deal)
export class DealsResolver {
  constructor(
    private readonly dealsService: DealsService,
    private readonly dealLoaders: DealLoaders,
    private readonly creatorLoaders: CreatorLoaders,
    private readonly brandLoaders: BrandLoaders,
  ) {}

  @PayloadOf('deal')
  @Mutation(() => CreateDealPayload, {
    description:
      'Log a deal with its deliverables, all in one go (creators; others are FORBIDDEN). Honours an Idempotency-Key header. Refused (BAD_USER_INPUT) with reason BRAND_REQUIRED, BRAND_HAS_ACCOUNT, UNKNOWN_CURRENCY, UNKNOWN_PLATFORM, DUPLICATE_PLATFORM, DEADLINE_BEFORE_SLOT, FEES_DO_NOT_ADD_UP, PENALTY_CAP_REQUIRED or an AMOUNT_* reason for a malformed amount; nothing is written then',
  })
  createDeal(
    @CurrentViewer() viewer: Viewer,
    @Args('input', {
      description: 'The deal, its terms and up to 200 deliverables',
    })
    input: CreateDealInput,
  ): Promise<DealEntity> {
    return this.dealsService.create(viewer, input);
  }

  @PayloadOf('deal')
  @Mutation(() => UpdateDealPayload, {
    description:
      "Change a deal; only the fields given change (creators, own deals; another account's deal is NOT_FOUND). Refused with CONFLICT (STALE_VERSION, DEAL_CLOSED once COMPLETED or CANCELLED) or BAD_USER_INPUT (FIELD_NOT_NULLABLE, FEES_DO_NOT_ADD_UP for a total below what is posted or cancelled, PENALTY_CAP_REQUIRED, UNKNOWN_PLATFORM, DUPLICATE_PLATFORM)",
  })
  updateDeal(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deal and the fields to change' })
    input: UpdateDealInput,
  ): Promise<DealEntity> {
    return this.dealsService.update(viewer, input.id, input);
  }

  @PayloadOf('deal')
  @Mutation(() => SetDealStatusPayload, {
    description:
      'Move a deal along DRAFT → ACTIVE → COMPLETED, or to CANCELLED from DRAFT/ACTIVE (creators, own deals). Any other move is BAD_USER_INPUT (INVALID_STATUS_TRANSITION); a stale expectedVersion is CONFLICT (STALE_VERSION)',
  })
  setDealStatus(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deal, its new status and the version you saw' })
    input: SetDealStatusInput,
  ): Promise<DealEntity> {
    return this.dealsService.setStatus(viewer, input.id, input.status, input.expectedVersion);
  }

  @Query(() => Deal, {
    nullable: true,
    description:
      "One deal the caller may see (its creator, the brand's members, administrators). A missing deal, or another account's, is null with a NOT_FOUND error at this field's path, the two exactly alike; sibling fields still resolve",
  })
  deal(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: "The deal's id" }) id: string,
  ): Promise<DealEntity | null> {
    return this.dealsService.findVisible(viewer, id);
  }

  @Query(() => DealConnection, { description: 'Deals the caller may see, newest first' })
  deals(@CurrentViewer() viewer: Viewer, @Args() args: DealsArgs): Promise<Connection<DealEntity>> {
    return this.dealsService.list(viewer, args);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "The creator's private notes: null for anyone but the deal's creator (brand members and administrators included)",
  })
  notes(@Parent() deal: DealEntity, @CurrentViewer() viewer: Viewer): string | null {
    return mayReadPrivateNotes(viewer, deal.creatorId) ? deal.notes : null;
  }

  @ResolveField(() => Money, {
    description:
      "The contract's total in the deal's currency: always the sum of its deliverables' fees",
  })
  totalFee(@Parent() deal: DealEntity): Money {
    return toMoney(deal.totalFee, deal.currency);
  }

  @ResolveField(() => DealTerms, {
    description: 'Payment, lateness and force-majeure terms that decide what an outage costs',
  })
  terms(deal: DealEntity): DealTerms {
    return deal;
  }

  @ResolveField(() => Creator, {
    description: 'The creator who logged the deal and owes its deliverables',
  })
  async creator(deal: DealEntity, _args: NoArgs, ctx: RequestContext): Promise<Creator> {
    const creator = await this.creatorLoaders.byId(ctx).load(deal.creatorId);
    if (!creator) throw notFound('Creator', deal.creatorId);
    return creator;
  }

  @ResolveField(() => Brand, { description: 'The brand the deal is with' })
  async brand(deal: DealEntity, _args: NoArgs, ctx: RequestContext): Promise<Brand> {
    const brand = await this.brandLoaders.byId(ctx).load(deal.brandId);
    if (!brand) throw notFound('Brand', deal.brandId);
    return brand;
  }

  @ResolveField(() => Boolean, {
    description:
      "Whether updateDeal would accept a change from the caller now: the deal's own creator while it is DRAFT or ACTIVE; false for brand members and administrators",
  })
  viewerCanUpdate(@Parent() deal: DealEntity, @CurrentViewer() viewer: Viewer): boolean {
    return dealWriteRefusal(viewer, deal) === null;
  }

  @ResolveField(() => Boolean, {
    description:
      "Whether setDealStatus would accept some move from the caller now: the deal's own creator while it is DRAFT or ACTIVE (COMPLETED and CANCELLED are final)",
  })
  viewerCanChangeStatus(@Parent() deal: DealEntity, @CurrentViewer() viewer: Viewer): boolean {
    return mayChangeDealStatus(viewer, deal);
  }

  @ResolveField(() => Boolean, {
    description:
      "Whether addDeliverable would accept a new deliverable for this deal from the caller now: the deal's own creator while it is DRAFT or ACTIVE",
  })
  viewerCanAddDeliverable(@Parent() deal: DealEntity, @CurrentViewer() viewer: Viewer): boolean {
    return dealWriteRefusal(viewer, deal) === null;
  }

  // createDeal and updateDeal take at most 20; a deal names one to three
  @Extensions({ maxItems: 20, expectedItems: 3 })
  @ResolveField(() => [Platform], {
    description:
      'Platforms the brand accepts instead, in order of preference (at most 20; empty when none): an outage that hits a deliverable is RECOVERABLE on one that is up',
  })
  alternatePlatforms(
    @Parent() deal: DealEntity,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return this.dealLoaders.alternatePlatforms(ctx).load(deal.id);
  }
}

@Resolver(() => Creator)
export class CreatorDealsResolver {
  constructor(private readonly dealLoaders: DealLoaders) {}

  @ResolveField(() => DealConnection, {
    description:
      "The creator's deals that the caller may see, newest first; page with first and after: pageInfo.endCursor",
  })
  deals(
    @Parent() creator: Creator,
    @Ctx() ctx: RequestContext,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'How many deals, 1–100 (default 20)',
    })
    first?: number | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description:
        'endCursor of the previous page of this list (cursors of the deals query in its default order work too)',
    })
    after?: string | null,
  ): Promise<Connection<DealEntity>> {
    return this.dealLoaders
      .byOwner(ctx, 'creator_id', checkedPageSize(first), after ?? null)
      .load(creator.id);
  }
}

@Resolver(() => Brand)
export class BrandDealsResolver {
  constructor(private readonly dealLoaders: DealLoaders) {}

  @ResolveField(() => DealConnection, {
    description:
      "The brand's deals that the caller may see, newest first; page with first and after: pageInfo.endCursor",
  })
  deals(
    @Parent() brand: Brand,
    @Ctx() ctx: RequestContext,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'How many deals, 1–100 (default 20)',
    })
    first?: number | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description:
        'endCursor of the previous page of this list (cursors of the deals query in its default order work too)',
    })
    after?: string | null,
  ): Promise<Connection<DealEntity>> {
    return this.dealLoaders
      .byOwner(ctx, 'brand_id', checkedPageSize(first), after ?? null)
      .load(brand.id);
  }
}
