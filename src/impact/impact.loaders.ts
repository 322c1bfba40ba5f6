import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Clock } from '../infrastructure/clock';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { DeliverableRisk } from './engine';
import type { LoadedDeliverable } from './engine-deliverables';
import { ImpactService } from './impact.service';

type LoadedWithoutAlternates = Omit<LoadedDeliverable, 'alternatePlatformIds'>;

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
        // A page that came with its deals and platforms needs only the outages around it.
        const known = this.loadedDeliverables(ctx);
        const loaded = ids.map((id) => known.get(id));
        const risks = loaded.every((entry) => entry !== undefined)
          ? await this.impact.risksOfLoaded(loaded, at)
          : await this.impact.risks(ids, at);
        return ids.map((id) => risks.get(id) ?? null);
      });
    });
  }

  /**
   * Deliverables the request already read with their deal and platform, from a query scoped to
   * the caller: their risk is judged from these rows instead of reading them again.
   */
  knowDeliverables(ctx: RequestContext, loaded: Iterable<LoadedWithoutAlternates>): void {
    const known = this.loadedDeliverables(ctx);
    for (const entry of loaded) known.set(entry.deliverable.id, entry);
  }

  private loadedDeliverables(ctx: RequestContext): Map<string, LoadedWithoutAlternates> {
    return ctx.loader(
      'impact.loadedDeliverables',
      () => new Map<string, LoadedWithoutAlternates>(),
    );
  }

  /** Risks already computed as of the request's now (a list ranked by risk): no query for them. */
  primeRisks(ctx: RequestContext, risks: Iterable<DeliverableRisk>): void {
    const loader = this.riskByDeliverableId(ctx);
    for (const risk of risks) loader.prime(risk.deliverableId, risk);
  }
}
