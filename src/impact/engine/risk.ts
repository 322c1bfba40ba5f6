import { assessDeliverable } from './deliverable-impact';
import type {
  Deliverable,
  DeliverableAssessment,
  DeliverableRisk,
  Outage,
  PlatformDirectory,
  PlatformEdge,
  RiskOutcome,
} from './types';

/**
 * Outcomes from worst to best: LOST > LATE > DELAYED > AT_RISK > RECOVERABLE > ON_TRACK, then the
 * settled POSTED and CANCELLED, which no outage can make worse.
 */
export const OUTCOME_SEVERITY: readonly RiskOutcome[] = [
  'LOST',
  'LATE',
  'DELAYED',
  'AT_RISK',
  'RECOVERABLE',
  'ON_TRACK',
  'POSTED',
  'CANCELLED',
];

const rank = new Map(OUTCOME_SEVERITY.map((outcome, index) => [outcome, index]));

/** Negative when `a` is worse than `b`, 0 when equal (for `Array.prototype.sort`, worst first). */
export function compareOutcomes(a: RiskOutcome, b: RiskOutcome): number {
  return rank.get(a)! - rank.get(b)!;
}

/** The worse of two outcomes per {@link OUTCOME_SEVERITY}; `a` on a tie. */
export function worseOutcome(a: RiskOutcome, b: RiskOutcome): RiskOutcome {
  return compareOutcomes(b, a) < 0 ? b : a;
}

/**
 * A deliverable's standing across outages: POSTED or CANCELLED for those statuses (a deal that is
 * CANCELLED also gives CANCELLED), otherwise the worst outcome of `assessDeliverable` over every
 * outage in `outages` that hits it, or ON_TRACK when none does (which includes DRAFT and
 * COMPLETED deals: rule 2 never hits them).
 *
 * `outages` serves both as the outages to test and as the known outages for merging and for
 * alternates, so pass those on the deliverable's platform, its alternates and their providers.
 * Among outages with the same worst outcome the reported assessment is the one losing most, then
 * with the latest suggested slot; `outageIds` lists all of them.
 */
export function deliverableRisk(
  deliverable: Deliverable,
  outages: readonly Outage[],
  edges: readonly PlatformEdge[],
  asOf: Date,
  platforms?: PlatformDirectory,
): DeliverableRisk {
  const settled = (outcome: RiskOutcome): DeliverableRisk => ({
    deliverableId: deliverable.id,
    outcome,
    outageIds: [],
    suggestedSlot: null,
    suggestedPlatformId: null,
    assessment: null,
    provisional: false,
  });
  if (deliverable.status === 'POSTED') return settled('POSTED');
  if (deliverable.status === 'CANCELLED' || deliverable.deal.status === 'CANCELLED') {
    return settled('CANCELLED');
  }

  const assessments = outages
    .map((outage) =>
      assessDeliverable({ deliverable, outage, allOutages: outages, edges, asOf, platforms }),
    )
    .filter((a): a is DeliverableAssessment => a !== null);
  if (assessments.length === 0) return settled('ON_TRACK');

  assessments.sort(
    (a, b) =>
      compareOutcomes(a.outcome, b.outcome) ||
      (a.lost === b.lost ? 0 : a.lost > b.lost ? -1 : 1) ||
      (b.suggestedSlot?.getTime() ?? 0) - (a.suggestedSlot?.getTime() ?? 0),
  );
  const worst = assessments[0];
  return {
    deliverableId: deliverable.id,
    outcome: worst.outcome,
    outageIds: assessments.filter((a) => a.outcome === worst.outcome).map((a) => a.outageId),
    suggestedSlot: worst.suggestedSlot,
    suggestedPlatformId: worst.suggestedPlatformId,
    assessment: worst,
    provisional: assessments.some((a) => a.provisional),
  };
}
