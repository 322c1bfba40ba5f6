import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Ctx } from '../auth/current-viewer.decorator';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { OutageEntity } from '../outages/outage.entity';
import { Outage } from '../outages/outage.model';
import { outageNotFound } from './impact.errors';
import { ImpactLoaders } from './impact.loaders';
import { toOutageImpactModel } from './impact.mapping';
import { OutageImpactModel } from './impact.model';
import { ImpactService, type ScopedOutageImpact } from './impact.service';

/**
 * `Outage.impact`: the root `outageImpact(outageId, asOf)` answer as an edge of the outage,
 * under the same scope (the caller's deliverables and income). Batched per request and `asOf`,
 * so a page of outages costs what one outage does (`ImpactService.outageImpacts`).
 */
@Resolver(() => Outage)
export class OutageImpactFieldResolver {
  constructor(
    private readonly service: ImpactService,
    private readonly loaders: ImpactLoaders,
  ) {}

  @ResolveField(() => OutageImpactModel, {
    description:
      'What this outage does to the deliverables and income the caller may see: the same answer as outageImpact(outageId: id, asOf)',
  })
  async impact(
    @Parent() outage: OutageEntity,
    @Ctx() ctx: RequestContext,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description:
        'Count an ongoing outage up to here (default: now, one instant for the whole request)',
    })
    asOf?: Date | null,
  ): Promise<OutageImpactModel> {
    const scoped = await this.impactOf(ctx, asOf ?? this.loaders.now(ctx)).load(outage.id);
    if (!scoped) throw outageNotFound(outage.id);
    return toOutageImpactModel(scoped);
  }

  private impactOf(ctx: RequestContext, asOf: Date): DataLoader<string, ScopedOutageImpact | null> {
    return ctx.loader(`impact.outageImpact@${asOf.toISOString()}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, ScopedOutageImpact | null>(async (ids) => {
        const impacts = await this.service.outageImpacts(viewer, ids, asOf);
        return ids.map((id) => impacts.get(id) ?? null);
      });
    });
  }
}
