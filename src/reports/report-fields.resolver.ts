import { Args, Extensions, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../auth/current-viewer.decorator';
import { Brand } from '../brands/brand.model';
import { BrandLoaders } from '../brands/brand.loaders';
import type { BrandEntity } from '../brands/brand.entity';
import { AFTER_ARG, FIRST_ARG, pageOf, type Connection } from '../common/graphql/pagination';
import { Creator } from '../creators/creator.model';
import { CreatorLoaders } from '../creators/creator.loaders';
import type { CreatorEntity } from '../creators/creator.entity';
import type { DealEntity } from '../deals/deal.entity';
import { DealLoaders } from '../deals/deal.loaders';
import { Deal } from '../deals/deal.model';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import { Deliverable } from '../deals/deliverable.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { OutageEntity } from '../outages/outage.entity';
import { OutageLoaders } from '../outages/outage.loaders';
import { Outage } from '../outages/outage.model';
import { OUTAGE_MAX_PLATFORMS } from '../outages/dto/outage-fields';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { Platform } from '../platforms/platform.model';
import {
  ReportBrandBreakdown,
  ReportBrandBreakdownConnection,
  ReportCreatorBreakdown,
  ReportCreatorBreakdownConnection,
  ReportDealBreakdown,
  ReportDealBreakdownConnection,
  ReportDealTerms,
  ReportDeliverable,
  ReportDeliverableConnection,
  ReportObject,
  ReportOutage,
  ReportOutageConnection,
  ReportPlatformBreakdown,
  ReportPlatformBreakdownConnection,
  ReportPlatformIncome,
  ReportPlatformIncomeConnection,
} from './report.graphql';

/**
 * The report's lists as connections. The report is built whole (its totals add up from every
 * row), so these only page the rows already in memory.
 */
@Resolver(() => ReportObject)
export class ReportFieldsResolver {
  constructor(private readonly platformLoaders: PlatformLoaders) {}

  @ResolveField(() => Platform, {
    nullable: true,
    description:
      'A PERIOD report limited to outages taking this platform down; null when not limited',
  })
  platformFilter(
    @Parent() report: ReportObject,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> | null {
    return report.platformFilterId
      ? this.platformLoaders.byId(ctx).load(report.platformFilterId)
      : null;
  }

  @ResolveField(() => ReportOutageConnection, {
    description: 'The outages covered, by start (a connection: page with first/after)',
  })
  outages(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportOutage> {
    return pageOf(report.outages, { first, after }, (row) => row.id);
  }

  @ResolveField(() => ReportCreatorBreakdownConnection, {
    description: 'Totals per creator, by creator name (a connection: page with first/after)',
  })
  byCreator(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportCreatorBreakdown> {
    return pageOf(report.byCreator, { first, after }, (row) => row.creatorId);
  }

  @ResolveField(() => ReportBrandBreakdownConnection, {
    description: 'Totals per brand, by brand name (a connection: page with first/after)',
  })
  byBrand(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportBrandBreakdown> {
    return pageOf(report.byBrand, { first, after }, (row) => row.brandId);
  }

  @ResolveField(() => ReportDealBreakdownConnection, {
    description: 'Totals and terms per deal, by deal title (a connection: page with first/after)',
  })
  byDeal(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportDealBreakdown> {
    return pageOf(report.byDeal, { first, after }, (row) => row.dealId);
  }

  @ResolveField(() => ReportPlatformBreakdownConnection, {
    description:
      "Totals per deliverables' platform, by platform name (a connection: page with first/after)",
  })
  byPlatform(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportPlatformBreakdown> {
    return pageOf(report.byPlatform, { first, after }, (row) => row.platformId);
  }

  @ResolveField(() => ReportDeliverableConnection, {
    description:
      'Every affected deliverable you may see, once each, by scheduledAt then title (a connection: page with first/after)',
  })
  deliverables(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportDeliverable> {
    return pageOf(report.deliverables, { first, after }, (row) => row.deliverableId);
  }

  @ResolveField(() => ReportPlatformIncomeConnection, {
    nullable: true,
    description:
      'Platform income lost per account, by creator name then platform name; null for brands, who never see platform income (a connection: page with first/after)',
  })
  platformIncome(
    @Parent() report: ReportObject,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ReportPlatformIncome> | null {
    return report.platformIncome
      ? pageOf(report.platformIncome, { first, after }, (row) => row.accountId)
      : null;
  }
}

/** Platforms by id in the given order, leaving out any the loader cannot return. */
async function platformsOf(
  loaders: PlatformLoaders,
  ctx: RequestContext,
  ids: readonly string[],
): Promise<PlatformEntity[]> {
  const platforms = await loaders.byId(ctx).loadMany([...ids]);
  return platforms.filter(
    (platform): platform is PlatformEntity => platform !== null && !(platform instanceof Error),
  );
}

@Resolver(() => ReportOutage)
export class ReportOutageResolver {
  constructor(
    private readonly outageLoaders: OutageLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Outage, { nullable: true, description: 'The outage (null if not found)' })
  outage(@Parent() row: ReportOutage, @Ctx() ctx: RequestContext): Promise<OutageEntity | null> {
    return this.outageLoaders.byId(ctx).load(row.id);
  }

  @Extensions({ maxItems: OUTAGE_MAX_PLATFORMS, expectedItems: 3 })
  @ResolveField(() => [Platform], { description: 'Reported down, by name' })
  directPlatforms(
    @Parent() row: ReportOutage,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return platformsOf(this.platformLoaders, ctx, row.directPlatformIds);
  }

  // bounded by the catalog: the platforms downstream of the outage
  @Extensions({ expectedItems: 10 })
  @ResolveField(() => [Platform], { description: 'Down through the dependency graph, by name' })
  dependentPlatforms(
    @Parent() row: ReportOutage,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return platformsOf(this.platformLoaders, ctx, row.dependentPlatformIds);
  }
}

@Resolver(() => ReportDealTerms)
export class ReportDealTermsResolver {
  constructor(private readonly platformLoaders: PlatformLoaders) {}

  // a deal names at most 20
  @Extensions({ maxItems: 20, expectedItems: 3 })
  @ResolveField(() => [Platform], {
    description: 'Where the deliverables may be posted instead, in order of preference',
  })
  alternatePlatforms(
    @Parent() terms: ReportDealTerms,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return platformsOf(this.platformLoaders, ctx, terms.alternatePlatformIds);
  }
}

/**
 * The records a report row names, as graph edges through the request's loaders: the deal and
 * deliverable loaders apply the viewer's tenancy, so a record the viewer may not see is null.
 */
@Resolver(() => ReportDeliverable)
export class ReportDeliverableResolver {
  constructor(
    private readonly deliverableLoaders: DeliverableLoaders,
    private readonly dealLoaders: DealLoaders,
    private readonly creatorLoaders: CreatorLoaders,
    private readonly brandLoaders: BrandLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Deliverable, {
    nullable: true,
    description: 'The deliverable (null if you may not see it, or it is gone)',
  })
  deliverable(
    @Parent() row: ReportDeliverable,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity | null> {
    return this.deliverableLoaders.byId(ctx).load(row.deliverableId);
  }

  @ResolveField(() => Deal, {
    nullable: true,
    description: 'Its deal (null if you may not see it, or it is gone)',
  })
  deal(@Parent() row: ReportDeliverable, @Ctx() ctx: RequestContext): Promise<DealEntity | null> {
    return this.dealLoaders.byId(ctx).load(row.dealId);
  }

  @ResolveField(() => Creator, { nullable: true, description: 'The creator (null if not found)' })
  creator(
    @Parent() row: ReportDeliverable,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }

  @ResolveField(() => Brand, { nullable: true, description: 'The brand (null if not found)' })
  brand(@Parent() row: ReportDeliverable, @Ctx() ctx: RequestContext): Promise<BrandEntity | null> {
    return this.brandLoaders.byId(ctx).load(row.brandId);
  }

  @ResolveField(() => Platform, {
    nullable: true,
    description: 'The platform it was planned on (null if not found)',
  })
  platform(
    @Parent() row: ReportDeliverable,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(row.platformId);
  }

  @ResolveField(() => Platform, {
    nullable: true,
    description:
      'Where to post instead: its own platform (DELAYED, LATE) or an alternate of the deal (RECOVERABLE); null for LOST and AT_RISK',
  })
  suggestedPlatform(
    @Parent() row: ReportDeliverable,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> | null {
    return row.suggestedPlatformId
      ? this.platformLoaders.byId(ctx).load(row.suggestedPlatformId)
      : null;
  }

  // the outages' platforms above this one
  @Extensions({ expectedItems: 3 })
  @ResolveField(() => [Platform], {
    description:
      'Platforms reported down that took this one down through the graph (empty when its own was)',
  })
  downThrough(
    @Parent() row: ReportDeliverable,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return platformsOf(this.platformLoaders, ctx, row.downThroughIds);
  }
}

@Resolver(() => ReportCreatorBreakdown)
export class ReportCreatorBreakdownResolver {
  constructor(private readonly creatorLoaders: CreatorLoaders) {}

  @ResolveField(() => Creator, { nullable: true, description: 'The creator (null if not found)' })
  creator(
    @Parent() row: ReportCreatorBreakdown,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }
}

@Resolver(() => ReportBrandBreakdown)
export class ReportBrandBreakdownResolver {
  constructor(private readonly brandLoaders: BrandLoaders) {}

  @ResolveField(() => Brand, { nullable: true, description: 'The brand (null if not found)' })
  brand(
    @Parent() row: ReportBrandBreakdown,
    @Ctx() ctx: RequestContext,
  ): Promise<BrandEntity | null> {
    return this.brandLoaders.byId(ctx).load(row.brandId);
  }
}

@Resolver(() => ReportDealBreakdown)
export class ReportDealBreakdownResolver {
  constructor(
    private readonly dealLoaders: DealLoaders,
    private readonly creatorLoaders: CreatorLoaders,
    private readonly brandLoaders: BrandLoaders,
  ) {}

  @ResolveField(() => Deal, {
    nullable: true,
    description: 'The deal (null if you may not see it, or it is gone)',
  })
  deal(@Parent() row: ReportDealBreakdown, @Ctx() ctx: RequestContext): Promise<DealEntity | null> {
    return this.dealLoaders.byId(ctx).load(row.dealId);
  }

  @ResolveField(() => Creator, { nullable: true, description: 'The creator (null if not found)' })
  creator(
    @Parent() row: ReportDealBreakdown,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }

  @ResolveField(() => Brand, { nullable: true, description: 'The brand (null if not found)' })
  brand(
    @Parent() row: ReportDealBreakdown,
    @Ctx() ctx: RequestContext,
  ): Promise<BrandEntity | null> {
    return this.brandLoaders.byId(ctx).load(row.brandId);
  }
}

@Resolver(() => ReportPlatformBreakdown)
export class ReportPlatformBreakdownResolver {
  constructor(private readonly platformLoaders: PlatformLoaders) {}

  @ResolveField(() => Platform, {
    nullable: true,
    description: "The deliverables' own platform (null if not found)",
  })
  platform(
    @Parent() row: ReportPlatformBreakdown,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(row.platformId);
  }
}

@Resolver(() => ReportPlatformIncome)
export class ReportPlatformIncomeResolver {
  constructor(
    private readonly creatorLoaders: CreatorLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Creator, {
    nullable: true,
    description: 'The creator who holds the account (null if not found)',
  })
  creator(
    @Parent() row: ReportPlatformIncome,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }

  @ResolveField(() => Platform, {
    nullable: true,
    description: 'The platform of the account (null if not found)',
  })
  platform(
    @Parent() row: ReportPlatformIncome,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(row.platformId);
  }
}
