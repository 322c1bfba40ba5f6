import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { PageArgs, type Connection } from '../common/graphql/pagination';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
import { DealLoaders } from '../deals/deal.loaders';
import type { DealEntity } from '../deals/deal.entity';
import { dealNotFound, deliverableNotFound } from '../deals/deal.errors';
import { Deal } from '../deals/deal.model';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { Deliverable } from '../deals/deliverable.model';
import type { NoArgs, RequestContext } from '../infrastructure/graphql/request-context';
import { ApprovalLoaders } from './approval.loaders';
import { ApprovalsService } from './approvals.service';
import { MAX_DRAFT_ROUNDS, type ApprovalStatus } from './draft-state';
import { ApprovalStatusEnum, Draft, DraftConnection } from './draft.model';
import type { DraftRow } from './draft.repository';
import { ReviewDraftInput, SubmitDraftInput } from './dto/draft.input';
import { ReviewDraftPayload, SubmitDraftPayload } from './dto/draft.payloads';

@Resolver(() => Draft)
export class ApprovalsResolver {
  constructor(
    private readonly service: ApprovalsService,
    private readonly dealLoaders: DealLoaders,
    private readonly deliverableLoaders: DeliverableLoaders,
  ) {}

  @PayloadOf('draft')
  @Mutation(() => SubmitDraftPayload, {
    description:
      "Submit a draft (a link, not a file) of a PLANNED deliverable of your deal for the brand's approval: a new round, IN_REVIEW; the round still in review before it becomes SUPERSEDED (creators, own deals; brands are FORBIDDEN, another creator's deliverable is NOT_FOUND). Honours an Idempotency-Key header. Refused with APPROVAL_NOT_REQUIRED (the deal requires none), VALIDATION_FAILED (a url that is not http(s), over 2000 characters; a note over 2000), INVALID_CHARACTER (NUL), or CONFLICT (DELIVERABLE_NOT_PLANNED, DEAL_CLOSED, TOO_MANY_ROUNDS); nothing is written then",
  })
  submitDraft(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deliverable, the link to the draft and a note' })
    input: SubmitDraftInput,
  ): Promise<DraftRow> {
    return this.service.submit(viewer, {
      deliverableId: input.deliverableId,
      url: input.url,
      note: input.note,
    });
  }

  @PayloadOf('draft')
  @Mutation(() => ReviewDraftPayload, {
    description:
      "Answer the latest round of a deliverable, while it is IN_REVIEW: APPROVED or CHANGES_REQUESTED (members of the deal's brand; the creator and administrators are FORBIDDEN, another brand's draft is NOT_FOUND). Honours an Idempotency-Key header. Refused with DRAFT_NOT_IN_REVIEW (CONFLICT: answered already or superseded; the message names its state), STALE_VERSION (expectedRound is not the latest round), DELIVERABLE_NOT_PLANNED, DEAL_CLOSED, or VALIDATION_FAILED (a note over 2000 characters); nothing is written then",
  })
  reviewDraft(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The round, the decision and a note' })
    input: ReviewDraftInput,
  ): Promise<DraftRow> {
    return this.service.review(viewer, {
      draftId: input.draftId,
      decision: input.decision,
      note: input.note,
      expectedRound: input.expectedRound,
    });
  }

  @Query(() => DraftConnection, {
    description:
      "Drafts awaiting an answer (IN_REVIEW, of PLANNED deliverables of DRAFT or ACTIVE deals), oldest submission first: brand members see their brands' deals, creators their own, administrators all",
  })
  draftsAwaitingReview(
    @CurrentViewer() viewer: Viewer,
    @Args() args: PageArgs,
  ): Promise<Connection<DraftRow>> {
    return this.service.awaitingReview(viewer, args);
  }

  @ResolveField(() => Deliverable, { description: 'The deliverable the draft is for' })
  async deliverable(
    @Parent() draft: DraftRow,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity> {
    const deliverable = await this.deliverableLoaders.byId(ctx).load(draft.deliverableId);
    if (!deliverable) throw deliverableNotFound(draft.deliverableId);
    return deliverable;
  }

  @ResolveField(() => Deal, { description: 'The deal of the deliverable' })
  async deal(@Parent() draft: DraftRow, @Ctx() ctx: RequestContext): Promise<DealEntity> {
    const deal = await this.dealLoaders.byId(ctx).load(draft.dealId);
    if (!deal) throw dealNotFound(draft.dealId);
    return deal;
  }
}

@Resolver(() => Deliverable)
export class DeliverableApprovalResolver {
  constructor(
    private readonly loaders: ApprovalLoaders,
    private readonly dealLoaders: DealLoaders,
  ) {}

  // The deal comes from the request's loader (primed by lists and Deal.deliverables); the rounds
  // are read only for deals that require approval.
  @ResolveField(() => ApprovalStatusEnum, {
    description:
      "Where its content approval stands: NOT_REQUIRED when the deal does not require approval, AWAITING_DRAFT before the first draft, otherwise the latest round's state (see drafts)",
  })
  async approval(
    deliverable: DeliverableEntity,
    _args: NoArgs,
    ctx: RequestContext,
  ): Promise<ApprovalStatus> {
    const deal = await this.dealLoaders.byId(ctx).load(deliverable.dealId);
    if (!deal) throw dealNotFound(deliverable.dealId);
    return this.loaders.status(ctx, deal, deliverable.id);
  }

  // A handful of rounds; a deliverable holds at most MAX_DRAFT_ROUNDS.
  @Extensions({ maxItems: MAX_DRAFT_ROUNDS, expectedItems: 2 })
  @ResolveField(() => [Draft], {
    description: `Its drafts for approval, round 1 first: every round kept, superseded ones included (at most ${MAX_DRAFT_ROUNDS}); [] when none`,
  })
  drafts(deliverable: DeliverableEntity, _args: NoArgs, ctx: RequestContext): Promise<DraftRow[]> {
    return this.loaders.roundsByDeliverableId(ctx).load(deliverable.id);
  }
}
