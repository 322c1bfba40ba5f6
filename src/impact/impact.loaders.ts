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
   * The request's "now": read from the clock once per request, so a list ranked by risk and the
   * `risk` fields of its nodes judge at the same instant.
   */
  now(ctx: RequestContext): Date {
    return ctx.loader('impact.now', () => this.clock.now());
  }

  /**
   * Risk of deliverables the caller already reached through scoped queries, against every recorded
   * outage, as of `asOf` (default: the request's now, see {@link now}): one batch of queries for
   * a whole page and each asOf asked.
   */
  riskByDeliverableId(
    ctx: RequestContext,
    asOf?: Date | null,
  ): DataLoader<string, DeliverableRisk | null> {
    return ctx.loader(`impact.riskByDeliverableId@${asOf?.toISOString() ?? 'now'}`, () => {
      const at = asOf ?? this.now(ctx);
      return new DataLoader<string, DeliverableRisk | null>(async (ids) => {
        const risks = await this.impact.risks(ids, at);
        return ids.map((id) => risks.get(id) ?? null);
      });
    });
  }

  /** Risks already computed as of the request's now (a list ranked by risk): no query for them. */
  primeRisks(ctx: RequestContext, risks: Iterable<DeliverableRisk>): void {
    const loader = this.riskByDeliverableId(ctx);
    for (const risk of risks) loader.prime(risk.deliverableId, risk);
  }
}
