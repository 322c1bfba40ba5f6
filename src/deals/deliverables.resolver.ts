import {
  Args,
  Extensions,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { addMinutes } from 'date-fns';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../common/errors/app-error';
import { Money, toMoney } from '../common/graphql/money.model';
import type { NoArgs, RequestContext } from '../infrastructure/graphql/request-context';
import type { DealEntity } from './deal.entity';
import { dealNotFound } from './deal.errors';
import { DealLoaders } from './deal.loaders';
import { deliverableWriteRefusal } from './deal-permissions';
import { Deal } from './deal.model';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { Platform } from '../platforms/platform.model';
import type { DeliverableEntity } from './deliverable.entity';
import { DeliverableLoaders } from './deliverable.loaders';
import { Deliverable } from './deliverable.model';
import { DeliverablesService } from './deliverables.service';
import {
  AddDeliverableInput,
  MarkDeliverablePostedInput,
  UpdateDeliverableInput,
  CancelDeliverableInput,
} from './dto/deliverable.input';
import {
  AddDeliverablePayload,
  CancelDeliverablePayload,
  MarkDeliverablePostedPayload,
  UpdateDeliverablePayload,
} from './dto/deal.payloads';
import { PayloadOf } from '../common/graphql/payload-of.decorator';

@Resolver(() => Deliverable)
export class DeliverablesResolver {
  constructor(
    private readonly deliverablesService: DeliverablesService,
    private readonly dealLoaders: DealLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @PayloadOf('deliverable')
  @Mutation(() => AddDeliverablePayload, {
    description:
      "Add a deliverable to your deal (creators). With a fee the deal's total grows by it; without, it takes an even share. Honours an Idempotency-Key header. Refused with CONFLICT (DEAL_CLOSED) or BAD_USER_INPUT (UNKNOWN_PLATFORM, DEADLINE_BEFORE_SLOT, an AMOUNT_* reason for a malformed fee)",
  })
  addDeliverable(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deliverable and the deal it joins' })
    input: AddDeliverableInput,
  ): Promise<DeliverableEntity> {
    return this.deliverablesService.add(viewer, input);
  }

  @PayloadOf('deliverable')
  @Mutation(() => UpdateDeliverablePayload, {
    description:
      'Change a PLANNED deliverable of your deal; only the fields given change. Refused with CONFLICT (STALE_VERSION, DELIVERABLE_NOT_PLANNED, DEAL_CLOSED) or BAD_USER_INPUT (FIELD_NOT_NULLABLE, UNKNOWN_PLATFORM, DEADLINE_BEFORE_SLOT, an AMOUNT_* reason for a malformed fee)',
  })
  updateDeliverable(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deliverable and the fields to change' })
    input: UpdateDeliverableInput,
  ): Promise<DeliverableEntity> {
    return this.deliverablesService.update(viewer, input.id, input);
  }

  @PayloadOf('deliverable')
  @Mutation(() => MarkDeliverablePostedPayload, {
    description:
      'Mark a PLANNED deliverable of your deal as published. Honours an Idempotency-Key header. Refused with CONFLICT (STALE_VERSION, DELIVERABLE_NOT_PLANNED, DEAL_CLOSED, APPROVAL_REQUIRED on a deal requiring approval until a draft is approved) or BAD_USER_INPUT (POSTED_IN_FUTURE)',
  })
  markDeliverablePosted(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deliverable, and when and where it went live' })
    input: MarkDeliverablePostedInput,
  ): Promise<DeliverableEntity> {
    return this.deliverablesService.markPosted(viewer, input.id, input);
  }

  @PayloadOf('deliverable')
  @Mutation(() => CancelDeliverablePayload, {
    description:
      "Cancel a PLANNED deliverable of your deal (its fee stays on the deal's record). Refused with CONFLICT (STALE_VERSION, DELIVERABLE_NOT_PLANNED, DEAL_CLOSED)",
  })
  cancelDeliverable(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deliverable and the version you saw' })
    input: CancelDeliverableInput,
  ): Promise<DeliverableEntity> {
    return this.deliverablesService.cancel(viewer, input.id, input.expectedVersion);
  }

  // The root `deliverables` list is in impact (impact/deliverables-query.resolver.ts): it can
  // filter and sort by risk, which only the engine computes.
  @Query(() => Deliverable, {
    nullable: true,
    description:
      "One deliverable the caller may see (its deal's creator, the brand's members, administrators). A missing deliverable, or another account's, is null with a NOT_FOUND error at this field's path, the two exactly alike; sibling fields still resolve",
  })
  deliverable(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: "The deliverable's id" }) id: string,
  ): Promise<DeliverableEntity | null> {
    return this.deliverablesService.findVisible(viewer, id);
  }

  @ResolveField(() => Deal, { description: 'The deal the deliverable is owed under' })
  async deal(
    deliverable: DeliverableEntity,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<DealEntity> {
    const deal = await this.dealLoaders.byId(ctx).load(deliverable.dealId);
    if (!deal) throw dealNotFound(deliverable.dealId);
    return deal;
  }

  @ResolveField(() => Platform, { description: 'Where it is to be published' })
  async platform(
    deliverable: DeliverableEntity,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<PlatformEntity> {
    const platform = await this.platformLoaders.byId(ctx).load(deliverable.platformId);
    if (!platform) throw notFound('Platform', deliverable.platformId);
    return platform;
  }

  @ResolveField(() => Money, { description: "In the deal's currency" })
  async fee(deliverable: DeliverableEntity, _args: NoArgs, ctx: RequestContext): Promise<Money> {
    const deal = await this.deal(deliverable, _args, ctx);
    return toMoney(deliverable.fee, deal.currency);
  }

  @ResolveField(() => Date, { description: 'End of the slot: scheduledAt + durationMinutes' })
  slotEndsAt(deliverable: DeliverableEntity): Date {
    return addMinutes(deliverable.scheduledAt, deliverable.durationMinutes);
  }

  @ResolveField(() => Boolean, {
    description:
      "Whether updateDeliverable would accept a change from the caller now: the deal's own creator, while the deal is DRAFT or ACTIVE and the deliverable PLANNED",
  })
  viewerCanUpdate(
    deliverable: DeliverableEntity,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<boolean> {
    return this.mayWrite(deliverable, ctx);
  }

  @ResolveField(() => Boolean, {
    description:
      'Whether markDeliverablePosted would accept it from the caller now: the same rule as viewerCanUpdate (a POSTED or CANCELLED deliverable, or a closed deal, is false)',
  })
  viewerCanMarkPosted(
    deliverable: DeliverableEntity,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<boolean> {
    return this.mayWrite(deliverable, ctx);
  }

  @ResolveField(() => Boolean, {
    description:
      'Whether cancelDeliverable would accept it from the caller now: the same rule as viewerCanUpdate',
  })
  viewerCanCancel(
    deliverable: DeliverableEntity,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<boolean> {
    return this.mayWrite(deliverable, ctx);
  }

  // The deal comes from the request's loader (primed by Deal.deliverables): no statement per row.
  private async mayWrite(deliverable: DeliverableEntity, ctx: RequestContext): Promise<boolean> {
    const deal = await this.dealLoaders.byId(ctx).load(deliverable.dealId);
    return deal !== null && deliverableWriteRefusal(ctx.viewer, deal, deliverable) === null;
  }
}

/** How many deliverables a deal holds at most. */
export const MAX_DELIVERABLES_PER_DEAL = 200;

/** What the query cost counts Deal.deliverables as: a deal holds a handful, rarely more than 10. */
export const EXPECTED_DELIVERABLES_PER_DEAL = 10;

@Resolver(() => Deal)
export class DealDeliverablesResolver {
  constructor(
    private readonly deliverableLoaders: DeliverableLoaders,
    private readonly dealLoaders: DealLoaders,
  ) {}

  @ResolveField(() => [Deliverable], {
    description: `Every deliverable of the deal, cancelled and posted included, by scheduled slot: a plain list, not paged, as a deal holds at most ${MAX_DELIVERABLES_PER_DEAL} deliverables (the query cost counts it as ${EXPECTED_DELIVERABLES_PER_DEAL}); [] when it has none`,
  })
  @Extensions({
    maxItems: MAX_DELIVERABLES_PER_DEAL,
    expectedItems: EXPECTED_DELIVERABLES_PER_DEAL,
  })
  deliverables(
    @Parent() deal: DealEntity,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity[]> {
    // Their fee and viewerCan… fields ask the deal's loader: it already has this deal.
    this.dealLoaders.byId(ctx).prime(deal.id, deal);
    return this.deliverableLoaders.byDealId(ctx).load(deal.id);
  }
}
