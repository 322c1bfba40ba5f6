import { Args, Extensions, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../auth/current-viewer.decorator';
import { Brand } from '../brands/brand.model';
import { BrandLoaders } from '../brands/brand.loaders';
import type { BrandEntity } from '../brands/brand.entity';
import { Money, toMoney } from '../common/graphql/money.model';
import { AFTER_ARG, FIRST_ARG, pageOf, type Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { Creator } from '../creators/creator.model';
import { CreatorLoaders } from '../creators/creator.loaders';
import type { CreatorEntity } from '../creators/creator.entity';
import type { DealEntity } from '../deals/deal.entity';
import { DealLoaders } from '../deals/deal.loaders';
import { Deal } from '../deals/deal.model';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import { Deliverable } from '../deals/deliverable.model';
import type { OutageEntity } from '../outages/outage.entity';
import { OutageLoaders } from '../outages/outage.loaders';
import { Outage } from '../outages/outage.model';
import { OUTAGE_MAX_PLATFORMS } from '../outages/dto/outage-fields';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { Platform } from '../platforms/platform.model';
import type { ImpactOutcome } from './engine';
import { deliverableNotFound } from './impact.errors';
import {
  impactByBrand,
  impactByCreator,
  impactByDeal,
  impactByPlatform,
  impactTotals,
  moneyPart,
  platformIncomeLosses,
} from './impact.mapping';
import {
  BrandImpact,
  BrandImpactConnection,
  CreatorImpact,
  CreatorImpactConnection,
  DealImpactTotals,
  DealImpactTotalsConnection,
  DeliverableImpact,
  DeliverableImpactConnection,
  ImpactOutcomeEnum,
  ImpactTotals,
  OutageImpactModel,
  PlatformImpact,
  PlatformImpactConnection,
  PlatformIncomeLoss,
  PlatformIncomeLossConnection,
} from './impact.model';
import { ImpactService } from './impact.service';

/**
 * The fields of an outage impact and of its parts. Every figure was computed once by the root
 * query (model.scoped); these fields only page, group and map it, and load related records
 * through the request's loaders.
 */
@Resolver(() => OutageImpactModel)
export class OutageImpactFieldsResolver {
  constructor(
    private readonly impact: ImpactService,
    private readonly outageLoaders: OutageLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Outage, {
    nullable: true,
    description: 'The recorded outage; null when simulated',
  })
  async outage(
    @Parent() model: OutageImpactModel,
    @Ctx() ctx: RequestContext,
  ): Promise<OutageEntity | null> {
    return model.simulated ? null : this.outageLoaders.byId(ctx).load(model.scoped.outage.id);
  }

  @Extensions({ maxItems: OUTAGE_MAX_PLATFORMS, expectedItems: 3 })
  @ResolveField(() => [Platform], { description: 'Platforms down directly' })
  directPlatforms(
    @Parent() model: OutageImpactModel,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return this.platforms(ctx, model.scoped.outage.platformIds);
  }

  // bounded by the catalog: the platforms downstream of the outage
  @Extensions({ expectedItems: 10 })
  @ResolveField(() => [Platform], {
    description: 'Platforms down directly and through dependencies',
  })
  affectedPlatforms(
    @Parent() model: OutageImpactModel,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return this.platforms(ctx, model.scoped.impact.affectedPlatformIds);
  }

  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @ResolveField(() => [ImpactTotals], { description: 'Per currency' })
  totals(@Parent() model: OutageImpactModel): ImpactTotals[] {
    return impactTotals(model.scoped);
  }

  @ResolveField(() => DeliverableImpactConnection, {
    description: 'The hit deliverables the caller may see, by slot',
  })
  deliverables(
    @Parent() model: OutageImpactModel,
    @Args('outcome', {
      type: () => ImpactOutcomeEnum,
      nullable: true,
      description: 'Only deliverables with this outcome (default: every outcome)',
    })
    outcome?: ImpactOutcome,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<DeliverableImpact> {
    return this.impact.deliverables(model.scoped, outcome, { first, after });
  }

  @ResolveField(() => CreatorImpactConnection, {
    description:
      'The totals split per creator, by creator id (a connection: page with first/after)',
  })
  byCreator(
    @Parent() model: OutageImpactModel,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<CreatorImpact> {
    return pageOf(impactByCreator(model.scoped), { first, after }, (row) => row.creatorId);
  }

  @ResolveField(() => BrandImpactConnection, {
    description: 'The totals split per brand, by brand id (a connection: page with first/after)',
  })
  byBrand(
    @Parent() model: OutageImpactModel,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<BrandImpact> {
    return pageOf(impactByBrand(model.scoped), { first, after }, (row) => row.brandId);
  }

  @ResolveField(() => PlatformImpactConnection, {
    description:
      'The totals split per platform the deliverables (and accounts) are on, by platform id (a connection: page with first/after)',
  })
  byPlatform(
    @Parent() model: OutageImpactModel,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<PlatformImpact> {
    return pageOf(impactByPlatform(model.scoped), { first, after }, (row) => row.platformId);
  }

  @ResolveField(() => DealImpactTotalsConnection, {
    description: 'The totals split per deal, by deal id (a connection: page with first/after)',
  })
  byDeal(
    @Parent() model: OutageImpactModel,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<DealImpactTotals> {
    return pageOf(impactByDeal(model.scoped), { first, after }, (row) => row.dealId);
  }

  @ResolveField(() => PlatformIncomeLossConnection, {
    description:
      'Platform income lost per creator account, in the order accounts were assessed; empty for brands, who never see it (a connection: page with first/after)',
  })
  platformIncome(
    @Parent() model: OutageImpactModel,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<PlatformIncomeLoss> {
    return pageOf(platformIncomeLosses(model.scoped), { first, after }, (row) => row.accountId);
  }

  private async platforms(ctx: RequestContext, ids: readonly string[]): Promise<PlatformEntity[]> {
    const platforms = await this.platformLoaders.byId(ctx).loadMany([...ids]);
    return platforms
      .filter(
        (platform): platform is PlatformEntity => platform !== null && !(platform instanceof Error),
      )
      .sort((a, b) => a.slug.localeCompare(b.slug));
  }
}

@Resolver(() => DeliverableImpact)
export class DeliverableImpactResolver {
  constructor(
    private readonly deliverableLoaders: DeliverableLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Deliverable, { description: 'The deliverable assessed' })
  async deliverable(
    @Parent() item: DeliverableImpact,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity> {
    const deliverable = await this.deliverableLoaders.byId(ctx).load(item.assessment.deliverableId);
    if (!deliverable) throw deliverableNotFound(item.assessment.deliverableId);
    return deliverable;
  }

  @ResolveField(() => Platform, {
    nullable: true,
    description:
      'Where to post instead: the alternate (RECOVERABLE) or the same platform (DELAYED, LATE); null for LOST and AT_RISK',
  })
  async suggestedPlatform(
    @Parent() item: DeliverableImpact,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    const id = item.assessment.suggestedPlatformId;
    return id ? this.platformLoaders.byId(ctx).load(id) : null;
  }

  @ResolveField(() => Money, { description: "The deliverable's whole fee, in its deal's currency" })
  fee(@Parent() item: DeliverableImpact): Money {
    return toMoney(item.assessment.fee, item.assessment.currency);
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'Fee arriving later: DELAYED (the fee) and LATE (fee − penalty); null otherwise',
  })
  delayed(@Parent() item: DeliverableImpact): Money | null {
    return moneyPart(item, 'delayed');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'Fee gone: LOST (fee − kill fee) and LATE (the penalty); null otherwise',
  })
  lost(@Parent() item: DeliverableImpact): Money | null {
    return moneyPart(item, 'lost');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description:
      'Kill fee kept under force majeure: LOST (0 without force majeure); null otherwise',
  })
  retained(@Parent() item: DeliverableImpact): Money | null {
    return moneyPart(item, 'retained');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'The fee, saved on an alternate platform: RECOVERABLE; null otherwise',
  })
  recoverable(@Parent() item: DeliverableImpact): Money | null {
    return moneyPart(item, 'recoverable');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'The fee, on a degraded platform: AT_RISK; null otherwise',
  })
  atRisk(@Parent() item: DeliverableImpact): Money | null {
    return moneyPart(item, 'atRisk');
  }
}

@Resolver(() => CreatorImpact)
export class CreatorImpactResolver {
  constructor(private readonly creatorLoaders: CreatorLoaders) {}

  @ResolveField(() => Creator, { nullable: true, description: 'The creator (null if not found)' })
  creator(@Parent() row: CreatorImpact, @Ctx() ctx: RequestContext): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }
}

@Resolver(() => BrandImpact)
export class BrandImpactResolver {
  constructor(private readonly brandLoaders: BrandLoaders) {}

  @ResolveField(() => Brand, { nullable: true, description: 'The brand (null if not found)' })
  brand(@Parent() row: BrandImpact, @Ctx() ctx: RequestContext): Promise<BrandEntity | null> {
    return this.brandLoaders.byId(ctx).load(row.brandId);
  }
}

@Resolver(() => PlatformImpact)
export class PlatformImpactResolver {
  constructor(private readonly platformLoaders: PlatformLoaders) {}

  @ResolveField(() => Platform, { nullable: true, description: 'The platform (null if not found)' })
  platform(
    @Parent() row: PlatformImpact,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(row.platformId);
  }
}

@Resolver(() => DealImpactTotals)
export class DealImpactTotalsResolver {
  constructor(private readonly dealLoaders: DealLoaders) {}

  @ResolveField(() => Deal, { nullable: true, description: 'The deal (null if not found)' })
  deal(@Parent() row: DealImpactTotals, @Ctx() ctx: RequestContext): Promise<DealEntity | null> {
    return this.dealLoaders.byId(ctx).load(row.dealId);
  }
}

@Resolver(() => PlatformIncomeLoss)
export class PlatformIncomeLossResolver {
  constructor(
    private readonly creatorLoaders: CreatorLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Creator, {
    nullable: true,
    description: 'The creator who owns the account (null if not found)',
  })
  creator(
    @Parent() row: PlatformIncomeLoss,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }

  @ResolveField(() => Platform, {
    nullable: true,
    description: 'The platform the account is on (null if not found)',
  })
  platform(
    @Parent() row: PlatformIncomeLoss,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(row.platformId);
  }
}
