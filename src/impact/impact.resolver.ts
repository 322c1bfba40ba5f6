import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { SimulateOutageInput } from './dto/simulate-outage.input';
import { toOutageImpactModel } from './impact.mapping';
import { OutageImpactModel } from './impact.model';
import { ImpactService } from './impact.service';

/** The root queries; the fields of their answer are in impact-fields.resolver.ts. */
@Resolver(() => OutageImpactModel)
export class ImpactResolver {
  constructor(private readonly impact: ImpactService) {}

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
    return toOutageImpactModel(await this.impact.outageImpact(viewer, outageId, asOf ?? undefined));
  }

  @Query(() => OutageImpactModel, {
    description: 'The same answer for a hypothetical outage; nothing is stored',
  })
  async simulateOutage(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: SimulateOutageInput,
    @Args('asOf', { type: () => Date, nullable: true }) asOf?: Date,
  ): Promise<OutageImpactModel> {
    return toOutageImpactModel(await this.impact.simulate(viewer, input, asOf ?? undefined));
  }
}
