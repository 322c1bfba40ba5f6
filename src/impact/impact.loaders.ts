import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Clock } from '../infrastructure/clock';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { DeliverableRisk } from './engine';
import { ImpactService } from './impact.service';

@Injectable()
export class ImpactLoaders {
  constructor(
    private readonly impact: ImpactService,
    private readonly clock: Clock,
  ) {}

  /**
   * Risk of deliverables the caller already reached through scoped queries, against every recorded
   * outage, as of `asOf` (default: the clock's now, one instant for the whole request): one
   * batch of queries for a whole page and each asOf asked.
   */
  riskByDeliverableId(
    ctx: RequestContext,
    asOf?: Date | null,
  ): DataLoader<string, DeliverableRisk | null> {
    return ctx.loader(`impact.riskByDeliverableId@${asOf?.toISOString() ?? 'now'}`, () => {
      const at = asOf ?? this.clock.now();
      return new DataLoader<string, DeliverableRisk | null>(async (ids) => {
        const risks = await this.impact.risks(ids, at);
        return ids.map((id) => risks.get(id) ?? null);
      });
    });
  }
}
