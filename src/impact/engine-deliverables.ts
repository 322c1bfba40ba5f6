import type { DeliverableCandidate } from '../deals/deal.repository';
import { NEVER_KILLED, type Deliverable } from './engine';

/** A deliverable already loaded with its deal, platform and the deal's alternate platforms. */
export type LoadedDeliverable = Pick<
  DeliverableCandidate,
  'deliverable' | 'deal' | 'platform' | 'alternatePlatformIds'
>;

/** A deal's terms as stored (a kill switch may be absent). */
export interface StoredTerms {
  status: Deliverable['deal']['status'];
  netPaymentDays: number;
  latePenaltyBpsPerDay: number;
  latePenaltyCapBps: number;
  killAfterDaysLate: number | null;
  killFeeBps: number;
  forceMajeure: boolean;
}

/** A deal's terms as the engine reads them. */
export function engineTerms(
  terms: StoredTerms,
  alternatePlatformIds: readonly string[],
): Deliverable['deal'] {
  return {
    status: terms.status,
    netPaymentDays: terms.netPaymentDays,
    latePenaltyBpsPerDay: terms.latePenaltyBpsPerDay,
    latePenaltyCapBps: terms.latePenaltyCapBps,
    killAfterDaysLate: terms.killAfterDaysLate ?? NEVER_KILLED,
    killFeeBps: terms.killFeeBps,
    forceMajeure: terms.forceMajeure,
    alternatePlatformIds,
  };
}

/** Candidates as the engine reads them; the deliverables of one deal share one terms object. */
export function toEngineDeliverables(candidates: readonly LoadedDeliverable[]): Deliverable[] {
  const terms = new Map<string, Deliverable['deal']>();
  return candidates.map(({ deliverable, deal, platform, alternatePlatformIds }) => {
    let dealTerms = terms.get(deal.id);
    if (!dealTerms) {
      dealTerms = engineTerms(deal, alternatePlatformIds);
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
