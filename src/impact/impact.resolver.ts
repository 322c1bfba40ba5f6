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
    description:
      'What a recorded outage does to the deliverables and income the caller may see (creators: their own; brand members: their deals, never platform income; administrators: all). An unknown outage is NOT_FOUND',
  })
  async outageImpact(
    @CurrentViewer() viewer: Viewer,
    @Args('outageId', { type: () => ID, description: 'The recorded outage to assess' })
    outageId: string,
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
    description:
      "outageImpact's answer for a hypothetical outage; nothing is stored. Refused as recordOutage refuses (BAD_USER_INPUT: UNKNOWN_PLATFORM, DEGRADATION_REQUIRED, DEGRADATION_OUT_OF_RANGE) and with WINDOW_INVALID when endsAt is not after startsAt",
  })
  async simulateOutage(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The outage to imagine' }) input: SimulateOutageInput,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description: 'Count an open-ended outage up to here (default now)',
    })
    asOf?: Date,
  ): Promise<OutageImpactModel> {
    return toOutageImpactModel(await this.impact.simulate(viewer, input, asOf ?? undefined));
  }
}
