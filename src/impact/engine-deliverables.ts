import type { DeliverableCandidate } from '../deals/deal.repository';
import { NEVER_KILLED, type Deliverable } from './engine';

/** A deliverable already loaded with its deal, platform and the deal's alternate platforms. */
export type LoadedDeliverable = Pick<
  DeliverableCandidate,
  'deliverable' | 'deal' | 'platform' | 'alternatePlatformIds'
>;

/** Candidates as the engine reads them; the deliverables of one deal share one terms object. */
export function toEngineDeliverables(candidates: readonly LoadedDeliverable[]): Deliverable[] {
  const terms = new Map<string, Deliverable['deal']>();
  return candidates.map(({ deliverable, deal, platform, alternatePlatformIds }) => {
    let dealTerms = terms.get(deal.id);
    if (!dealTerms) {
      dealTerms = {
        status: deal.status,
        netPaymentDays: deal.netPaymentDays,
        latePenaltyBpsPerDay: deal.latePenaltyBpsPerDay,
        latePenaltyCapBps: deal.latePenaltyCapBps,
        killAfterDaysLate: deal.killAfterDaysLate ?? NEVER_KILLED,
        killFeeBps: deal.killFeeBps,
        forceMajeure: deal.forceMajeure,
        alternatePlatformIds,
      };
      terms.set(deal.id, dealTerms);
    }
    return {
      id: deliverable.id,
      dealId: deal.id,
      creatorId: deal.creatorId,
      brandId: deal.brandId,
      platformId: deliverable.platformId,
      platformSlug: platform.slug,
      kind: deliverable.kind,
      title: deliverable.title,
      scheduledAt: deliverable.scheduledAt,
      durationMinutes: deliverable.durationMinutes,
      dueAt: deliverable.dueAt,
      fee: deliverable.fee,
      currency: deal.currency.trim(),
      timing: deliverable.timing,
      status: deliverable.status,
      deal: dealTerms,
    };
  });
}
