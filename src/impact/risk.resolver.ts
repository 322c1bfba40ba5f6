import { Args, Extensions, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ApprovalLoaders } from '../approvals/approval.loaders';
import { Ctx } from '../auth/current-viewer.decorator';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { DealEntity } from '../deals/deal.entity';
import { DealLoaders } from '../deals/deal.loaders';
import { Deal } from '../deals/deal.model';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import { Deliverable } from '../deals/deliverable.model';
import type { OutageEntity } from '../outages/outage.entity';
import { OutageLoaders } from '../outages/outage.loaders';
import { Outage } from '../outages/outage.model';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { Platform } from '../platforms/platform.model';
import {
  approvalRisk,
  compareOutcomes,
  explained,
  totalsByCurrency,
  withApprovalRisk,
  type DeliverableAssessment,
  type DeliverableRisk,
} from './engine';
import { DeliverableRiskModel, ImpactTotals } from './impact.model';
import { ImpactLoaders } from './impact.loaders';
import { toImpactTotals } from './impact.mapping';

const AS_OF_DESCRIPTION =
  'The instant to judge at (default: now): outages are counted as recorded, and a deadline before it without a post is OVERDUE';

@Resolver(() => Deliverable)
export class DeliverableRiskResolver {
  constructor(
    private readonly impactLoaders: ImpactLoaders,
    private readonly dealLoaders: DealLoaders,
    private readonly approvalLoaders: ApprovalLoaders,
  ) {}

  @ResolveField(() => DeliverableRiskModel, {
    description:
      'Standing now against every recorded outage, the deadline and the content approval: the worst outcome among them (OVERDUE once the deadline passes without a post; AT_RISK when the deal requires approval and the latest draft is not APPROVED terms.approvalLeadHours before the slot, unless an outage or the deadline says worse)',
  })
  async risk(
    @Parent() deliverable: DeliverableEntity,
    @Ctx() ctx: RequestContext,
    @Args('asOf', { type: () => Date, nullable: true, description: AS_OF_DESCRIPTION })
    asOf?: Date | null,
  ): Promise<DeliverableRiskModel> {
    const outages =
      (await this.impactLoaders.riskByDeliverableId(ctx, asOf).load(deliverable.id)) ??
      onTrack(deliverable.id);
    const risk = await this.withApproval(
      deliverable,
      outages,
      ctx,
      asOf ?? this.impactLoaders.now(ctx),
    );
    // Read only when the query selects it: the engine writes the sentence on first read, and
    // a list asking `risk { level }` need not write fifty of them.
    return explained(
      {
        level: risk.outcome,
        suggestedSlotAt: risk.suggestedSlot,
        provisional: risk.provisional,
        explanationCode: risk.explanationCode,
        risk,
      },
      () => risk.explanation,
    );
  }

  /**
   * The approval rule over the outages' answer. Only a PLANNED deliverable whose outages say
   * nothing worse than AT_RISK can change, and only on a deal that requires approval: the deal
   * comes from the request's loader (lists prime it), and the rounds are read for those deals only.
   */
  private async withApproval(
    deliverable: DeliverableEntity,
    risk: DeliverableRisk,
    ctx: RequestContext,
    asOf: Date,
  ): Promise<DeliverableRisk> {
    if (deliverable.status !== 'PLANNED' || compareOutcomes(risk.outcome, 'AT_RISK') < 0) {
      return risk;
    }
    const deal = await this.dealLoaders.byId(ctx).load(deliverable.dealId);
    if (!deal?.requiresApproval || deal.status !== 'ACTIVE') return risk;
    const status = await this.approvalLoaders.status(ctx, deal, deliverable.id);
    return withApprovalRisk(
      risk,
      approvalRisk(
        { scheduledAt: deliverable.scheduledAt, status: deliverable.status, deal },
        { status, leadHours: deal.approvalLeadHours },
        asOf,
      ),
    );
  }
}

/** The risk of a deliverable no outage reaches and whose deadline has not passed. */
function onTrack(deliverableId: string): DeliverableRisk {
  return {
    deliverableId,
    outcome: 'ON_TRACK',
    outageIds: [],
    suggestedSlot: null,
    suggestedPlatformId: null,
    assessment: null,
    provisional: false,
    explanation: null,
    explanationCode: null,
  };
}

@Resolver(() => DeliverableRiskModel)
export class DeliverableRiskFieldsResolver {
  constructor(
    private readonly outageLoaders: OutageLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  // the outages over one deliverable's slot
  @Extensions({ expectedItems: 3 })
  @ResolveField(() => [Outage], { description: 'The outages behind the level' })
  async outages(
    @Parent() model: DeliverableRiskModel,
    @Ctx() ctx: RequestContext,
  ): Promise<OutageEntity[]> {
    const outages = await this.outageLoaders.byId(ctx).loadMany([...model.risk.outageIds]);
    return outages.filter(
      (outage): outage is OutageEntity => outage !== null && !(outage instanceof Error),
    );
  }

  @ResolveField(() => Platform, {
    nullable: true,
    description:
      'Where to post instead: the alternate (RECOVERABLE) or the same platform (DELAYED, LATE); null otherwise',
  })
  async suggestedPlatform(
    @Parent() model: DeliverableRiskModel,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    const id = model.risk.suggestedPlatformId;
    return id ? this.platformLoaders.byId(ctx).load(id) : null;
  }
}

@Resolver(() => Deal)
export class DealImpactResolver {
  constructor(
    private readonly deliverableLoaders: DeliverableLoaders,
    private readonly impactLoaders: ImpactLoaders,
  ) {}

  // a deal has one currency
  @Extensions({ maxItems: 1 })
  @ResolveField(() => [ImpactTotals], {
    description:
      "The deal's exposure to recorded outages: each deliverable at its worst outcome, one entry per currency (one: the deal's currency)",
  })
  async impact(
    @Parent() deal: DealEntity,
    @Ctx() ctx: RequestContext,
    @Args('asOf', { type: () => Date, nullable: true, description: AS_OF_DESCRIPTION })
    asOf?: Date | null,
  ): Promise<ImpactTotals[]> {
    const deliverables = await this.deliverableLoaders.byDealId(ctx).load(deal.id);
    const risks = await this.impactLoaders
      .riskByDeliverableId(ctx, asOf)
      .loadMany(deliverables.map((d) => d.id));
    const assessments = risks
      .map((risk) => (risk && !(risk instanceof Error) ? risk.assessment : null))
      .filter((assessment): assessment is DeliverableAssessment => assessment !== null);
    return totalsByCurrency(assessments).map((totals) => toImpactTotals(totals, false));
  }
}
