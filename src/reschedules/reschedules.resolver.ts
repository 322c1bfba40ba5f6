import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../common/errors/app-error';
import { groupRows } from '../common/dataloader/loaders';
import { pageOf, type Connection } from '../common/graphql/pagination';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
import { DealLoaders } from '../deals/deal.loaders';
import type { DealEntity } from '../deals/deal.entity';
import { Deal } from '../deals/deal.model';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { Deliverable } from '../deals/deliverable.model';
import { Clock } from '../infrastructure/clock';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { ReportDeliverable } from '../reports/report.graphql';
import {
  ProposeRescheduleInput,
  RescheduleProposalsArgs,
  RespondToRescheduleInput,
  WithdrawRescheduleInput,
} from './dto/reschedule.input';
import {
  ProposeReschedulePayload,
  RespondToReschedulePayload,
  WithdrawReschedulePayload,
} from './dto/reschedule.payloads';
import { RescheduleProposal, RescheduleProposalConnection } from './reschedule.model';
import { ReschedulesService } from './reschedules.service';
import { toProposalModel } from './reschedules.mapping';

/** Most proposals one deliverable keeps listed (one open, the rest closed). */
const EXPECTED_PROPOSALS_PER_DELIVERABLE = 2;

@Resolver(() => RescheduleProposal)
export class ReschedulesResolver {
  constructor(
    private readonly service: ReschedulesService,
    private readonly dealLoaders: DealLoaders,
    private readonly deliverableLoaders: DeliverableLoaders,
  ) {}

  @PayloadOf('proposal')
  @Mutation(() => ProposeReschedulePayload, {
    description:
      "Propose to move a deliverable after an outage (creators, own PLANNED deliverables of ACTIVE deals); anything omitted takes the engine's suggestion for the worst outage hitting it. Records the outages and the money at stake. Honours an Idempotency-Key header. Refused (BAD_USER_INPUT) with SLOT_IN_PAST, DEADLINE_BEFORE_PROPOSED_SLOT, UNKNOWN_PLATFORM, PLATFORM_NOT_ALLOWED, NOTHING_TO_SUGGEST or NOTHING_MOVES; CONFLICT with PROPOSAL_ALREADY_OPEN or NOT_RESCHEDULABLE",
  })
  async proposeReschedule(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The deliverable and the move' }) input: ProposeRescheduleInput,
  ): Promise<RescheduleProposal> {
    return toProposalModel(await this.service.propose(viewer, input));
  }

  @PayloadOf('proposal')
  @Mutation(() => RespondToReschedulePayload, {
    description:
      "Accept or decline an open proposal (members of the deal's brand: the creator is FORBIDDEN). ACCEPT moves the deliverable (slot, deadline, platform) in the same transaction: the agreed move is its new contract. CONFLICT with PROPOSAL_CLOSED (extensions.state: ACCEPTED, DECLINED, WITHDRAWN, EXPIRED) or PROPOSAL_STALE when the deliverable changed since. Honours an Idempotency-Key header",
  })
  async respondToReschedule(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The proposal and the answer' }) input: RespondToRescheduleInput,
  ): Promise<RescheduleProposal> {
    return toProposalModel(
      await this.service.respond(viewer, input.proposalId, input.decision, input.note),
    );
  }

  @PayloadOf('proposal')
  @Mutation(() => WithdrawReschedulePayload, {
    description:
      'Withdraw an open proposal (its creator). CONFLICT with PROPOSAL_CLOSED when it is no longer open',
  })
  async withdrawReschedule(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The proposal' }) input: WithdrawRescheduleInput,
  ): Promise<RescheduleProposal> {
    return toProposalModel(await this.service.withdraw(viewer, input.proposalId));
  }

  @Query(() => RescheduleProposalConnection, {
    description:
      'Reschedule proposals on the deals the caller may see (creators: theirs; brand members: their brands’; administrators: all), newest first',
  })
  async rescheduleProposals(
    @CurrentViewer() viewer: Viewer,
    @Args() args: RescheduleProposalsArgs,
  ): Promise<Connection<RescheduleProposal>> {
    const rows = await this.service.list(viewer, {
      states: args.filter?.state,
      dealId: args.filter?.dealId,
      brandId: args.filter?.brandId,
    });
    return pageOf(rows.map(toProposalModel), args, (p) => p.id);
  }

  @ResolveField(() => Deal, { description: 'The deal of the deliverable' })
  async deal(
    @Parent() proposal: RescheduleProposal,
    @Ctx() ctx: RequestContext,
  ): Promise<DealEntity> {
    const deal = await this.dealLoaders.byId(ctx).load(proposal.dealId);
    if (!deal) throw notFound('Deal', proposal.dealId);
    return deal;
  }

  @ResolveField(() => Deliverable, { description: 'The deliverable it moves' })
  async deliverable(
    @Parent() proposal: RescheduleProposal,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity> {
    const deliverable = await this.deliverableLoaders.byId(ctx).load(proposal.deliverableId);
    if (!deliverable) throw notFound('Deliverable', proposal.deliverableId);
    return deliverable;
  }
}

/** The proposals of many deliverables in one statement per request (tenancy in SQL). */
@Injectable()
export class RescheduleLoaders {
  constructor(
    private readonly service: ReschedulesService,
    private readonly clock: Clock,
  ) {}

  byDeliverableId(ctx: RequestContext): DataLoader<string, RescheduleProposal[]> {
    return ctx.loader('reschedules.byDeliverable', () => {
      const viewer: Viewer = ctx.viewer;
      const now = this.clock.now();
      return new DataLoader<string, RescheduleProposal[]>(async (ids) => {
        const rows = await this.service.list(viewer, { deliverableIds: ids }, now);
        return groupRows(ids, rows, (row) => row.deliverableId).map((group) =>
          group.map(toProposalModel),
        );
      });
    });
  }
}

@Resolver(() => Deliverable)
export class DeliverableReschedulesResolver {
  constructor(private readonly loaders: RescheduleLoaders) {}

  @Extensions({ expectedItems: EXPECTED_PROPOSALS_PER_DELIVERABLE })
  @ResolveField(() => [RescheduleProposal], {
    description: 'Its reschedule proposals, newest first (at most one OPEN)',
  })
  rescheduleProposals(
    @Parent() deliverable: DeliverableEntity,
    @Ctx() ctx: RequestContext,
  ): Promise<RescheduleProposal[]> {
    return this.loaders.byDeliverableId(ctx).load(deliverable.id);
  }
}

@Resolver(() => ReportDeliverable)
export class ReportRescheduleResolver {
  constructor(private readonly loaders: RescheduleLoaders) {}

  @ResolveField(() => RescheduleProposal, {
    nullable: true,
    description:
      "The deliverable's latest reschedule proposal (its state: OPEN, ACCEPTED, DECLINED, WITHDRAWN, EXPIRED); null when none was made",
  })
  async rescheduleProposal(
    @Parent() row: ReportDeliverable,
    @Ctx() ctx: RequestContext,
  ): Promise<RescheduleProposal | null> {
    const proposals = await this.loaders.byDeliverableId(ctx).load(row.deliverableId);
    return proposals[0] ?? null;
  }
}
