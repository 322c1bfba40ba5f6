import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Brand } from '../brands/brand.model';
import { BrandLoaders } from '../brands/brand.loaders';
import type { BrandEntity } from '../brands/brand.entity';
import { badInput, notFound } from '../common/errors/app-error';
import { Money, toMoney } from '../common/graphql/money.model';
import {
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  type Connection,
} from '../common/graphql/pagination';
import type { RequestContext } from '../common/graphql/request-context';
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
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { Platform } from '../platforms/platform.model';
import { SimulateOutageInput } from './dto/simulate-outage.input';
import {
  aggregate,
  moneyPartApplies,
  type DeliverableAssessment,
  type ImpactOutcome,
  type MoneyPart,
} from './engine';
import {
  BrandImpact,
  CreatorImpact,
  DealImpactTotals,
  DeliverableImpact,
  DeliverableImpactConnection,
  ImpactOutcomeEnum,
  ImpactTotals,
  OutageImpactModel,
  PlatformImpact,
  PlatformIncomeLossModel,
} from './impact.model';
import { toImpactTotals } from './impact.mapping';
import { ImpactService, type ScopedOutageImpact } from './impact.service';

function toModel(scoped: ScopedOutageImpact): OutageImpactModel {
  const { outage } = scoped;
  return {
    simulated: scoped.simulated,
    asOf: scoped.asOf,
    provisional: scoped.impact.provisional,
    window: {
      title: outage.title,
      startsAt: outage.startsAt,
      endsAt: outage.endsAt,
      severity: outage.severity,
      degradationBps: outage.severity === 'FULL' ? 10_000 : (outage.degradationBps ?? 10_000),
    },
    scoped,
  };
}

function toItem(assessment: DeliverableAssessment): DeliverableImpact {
  return { ...assessment, assessment };
}

/** A money part of an item, or null where it does not apply to the outcome (MONEY_PARTS). */
function part(item: DeliverableImpact, name: MoneyPart): Money | null {
  const { assessment } = item;
  return moneyPartApplies(assessment.outcome, name)
    ? toMoney(assessment[name], assessment.currency)
    : null;
}

function grouped<T>(
  scoped: ScopedOutageImpact,
  keyOf: (item: DeliverableAssessment) => string,
  income: ((entry: ScopedOutageImpact['impact']['platformIncome'][number]) => string) | null,
  build: (key: string, totals: ImpactTotals[]) => T,
): T[] {
  const groups = aggregate(
    scoped.impact.items,
    keyOf,
    income && scoped.showsPlatformIncome
      ? { entries: scoped.impact.platformIncome, keyFn: income }
      : undefined,
  );
  return groups.map((group) =>
    build(
      group.key,
      group.totals.map((totals) => toImpactTotals(totals, scoped.showsPlatformIncome)),
    ),
  );
}

@Resolver(() => OutageImpactModel)
export class ImpactResolver {
  constructor(
    private readonly impact: ImpactService,
    private readonly outageLoaders: OutageLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @Query(() => OutageImpactModel, {
    description: 'What a recorded outage does to the deliverables and income the caller may see',
  })
  async outageImpact(
    @CurrentViewer() viewer: Viewer,
    @Args('outageId', { type: () => ID }) outageId: string,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description: 'Count an ongoing outage up to here (default now)',
    })
    asOf?: Date,
  ): Promise<OutageImpactModel> {
    return toModel(await this.impact.outageImpact(viewer, outageId, asOf ?? undefined));
  }

  @Query(() => OutageImpactModel, {
    description: 'The same answer for a hypothetical outage; nothing is stored',
  })
  async simulateOutage(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: SimulateOutageInput,
    @Args('asOf', { type: () => Date, nullable: true }) asOf?: Date,
  ): Promise<OutageImpactModel> {
    return toModel(await this.impact.simulate(viewer, input, asOf ?? undefined));
  }

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

  @ResolveField(() => [Platform], { description: 'Platforms down directly' })
  directPlatforms(
    @Parent() model: OutageImpactModel,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return this.platforms(ctx, model.scoped.outage.platformIds);
  }

  @ResolveField(() => [Platform], {
    description: 'Platforms down directly and through dependencies',
  })
  affectedPlatforms(
    @Parent() model: OutageImpactModel,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity[]> {
    return this.platforms(ctx, model.scoped.impact.affectedPlatformIds);
  }

  @ResolveField(() => [ImpactTotals], { description: 'Per currency' })
  totals(@Parent() model: OutageImpactModel): ImpactTotals[] {
    return model.scoped.impact.totals.map((totals) =>
      toImpactTotals(totals, model.scoped.showsPlatformIncome),
    );
  }

  @ResolveField(() => DeliverableImpactConnection, { description: 'Hit deliverables by slot' })
  deliverables(
    @Parent() model: OutageImpactModel,
    @Args('outcome', { type: () => ImpactOutcomeEnum, nullable: true }) outcome?: ImpactOutcome,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ): Connection<DeliverableImpact> {
    const size = first ?? DEFAULT_PAGE_SIZE;
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw badInput(
        `first must be between 1 and ${MAX_PAGE_SIZE}`,
        ['first'],
        'PAGE_SIZE_OUT_OF_RANGE',
      );
    }
    const items = model.scoped.impact.items.filter((item) => !outcome || item.outcome === outcome);
    let start = 0;
    if (after) {
      const [position, id] = decodeCursor(after);
      const found = items.findIndex((item) => item.deliverableId === id);
      start = (found >= 0 ? found : Number(position)) + 1;
    }
    const page = items.slice(start, start + size);
    const edges = page.map((item, offset) => ({
      cursor: encodeCursor([String(start + offset), item.deliverableId]),
      node: toItem(item),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: start + size < items.length,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: items.length,
    };
  }

  @ResolveField(() => [CreatorImpact])
  byCreator(@Parent() model: OutageImpactModel): CreatorImpact[] {
    return grouped(
      model.scoped,
      (item) => item.creatorId,
      (entry) => entry.creatorId,
      (creatorId, totals) => ({ creatorId, totals }),
    );
  }

  @ResolveField(() => [BrandImpact])
  byBrand(@Parent() model: OutageImpactModel): BrandImpact[] {
    return grouped(
      model.scoped,
      (item) => item.brandId,
      null,
      (brandId, totals) => ({ brandId, totals }),
    );
  }

  @ResolveField(() => [PlatformImpact])
  byPlatform(@Parent() model: OutageImpactModel): PlatformImpact[] {
    return grouped(
      model.scoped,
      (item) => item.platformId,
      (entry) => entry.platformId,
      (platformId, totals) => ({ platformId, totals }),
    );
  }

  @ResolveField(() => [DealImpactTotals])
  byDeal(@Parent() model: OutageImpactModel): DealImpactTotals[] {
    return grouped(
      model.scoped,
      (item) => item.dealId,
      null,
      (dealId, totals) => ({ dealId, totals }),
    );
  }

  @ResolveField(() => [PlatformIncomeLossModel], {
    description: 'Platform income lost per creator account; empty for brands, who never see it',
  })
  platformIncome(@Parent() model: OutageImpactModel): PlatformIncomeLossModel[] {
    if (!model.scoped.showsPlatformIncome) return [];
    return model.scoped.impact.platformIncome.map((entry) => ({
      accountId: entry.accountId,
      creatorId: entry.creatorId,
      platformId: entry.platformId,
      downtimeMinutes: entry.downtimeMinutes,
      factorBps: entry.factorBps,
      loss: toMoney(entry.loss, entry.currency),
      provisional: entry.provisional,
      explanation: entry.explanation,
    }));
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

  @ResolveField(() => Deliverable)
  async deliverable(
    @Parent() item: DeliverableImpact,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity> {
    const deliverable = await this.deliverableLoaders.byId(ctx).load(item.assessment.deliverableId);
    if (!deliverable) throw notFound('Deliverable', item.assessment.deliverableId);
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

  @ResolveField(() => Money) fee(@Parent() item: DeliverableImpact): Money {
    return toMoney(item.assessment.fee, item.assessment.currency);
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'Fee arriving later: DELAYED (the fee) and LATE (fee − penalty); null otherwise',
  })
  delayed(@Parent() item: DeliverableImpact): Money | null {
    return part(item, 'delayed');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'Fee gone: LOST (fee − kill fee) and LATE (the penalty); null otherwise',
  })
  lost(@Parent() item: DeliverableImpact): Money | null {
    return part(item, 'lost');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description:
      'Kill fee kept under force majeure: LOST (0 without force majeure); null otherwise',
  })
  retained(@Parent() item: DeliverableImpact): Money | null {
    return part(item, 'retained');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'The fee, saved on an alternate platform: RECOVERABLE; null otherwise',
  })
  recoverable(@Parent() item: DeliverableImpact): Money | null {
    return part(item, 'recoverable');
  }

  @ResolveField(() => Money, {
    nullable: true,
    description: 'The fee, on a degraded platform: AT_RISK; null otherwise',
  })
  atRisk(@Parent() item: DeliverableImpact): Money | null {
    return part(item, 'atRisk');
  }
}

@Resolver(() => CreatorImpact)
export class CreatorImpactResolver {
  constructor(private readonly creatorLoaders: CreatorLoaders) {}

  @ResolveField(() => Creator, { nullable: true })
  creator(@Parent() row: CreatorImpact, @Ctx() ctx: RequestContext): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }
}

@Resolver(() => BrandImpact)
export class BrandImpactResolver {
  constructor(private readonly brandLoaders: BrandLoaders) {}

  @ResolveField(() => Brand, { nullable: true })
  brand(@Parent() row: BrandImpact, @Ctx() ctx: RequestContext): Promise<BrandEntity | null> {
    return this.brandLoaders.byId(ctx).load(row.brandId);
  }
}

@Resolver(() => PlatformImpact)
export class PlatformImpactResolver {
  constructor(private readonly platformLoaders: PlatformLoaders) {}

  @ResolveField(() => Platform, { nullable: true })
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

  @ResolveField(() => Deal, { nullable: true })
  deal(@Parent() row: DealImpactTotals, @Ctx() ctx: RequestContext): Promise<DealEntity | null> {
    return this.dealLoaders.byId(ctx).load(row.dealId);
  }
}

@Resolver(() => PlatformIncomeLossModel)
export class PlatformIncomeLossResolver {
  constructor(
    private readonly creatorLoaders: CreatorLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @ResolveField(() => Creator, { nullable: true })
  creator(
    @Parent() row: PlatformIncomeLossModel,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatorEntity | null> {
    return this.creatorLoaders.byId(ctx).load(row.creatorId);
  }

  @ResolveField(() => Platform, { nullable: true })
  platform(
    @Parent() row: PlatformIncomeLossModel,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(row.platformId);
  }
}
