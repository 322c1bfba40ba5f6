import {
  assessDeliverable,
  assessInScope,
  outageScope,
  type OutageScope,
} from './deliverable-impact';
import { effectiveWindow, slotOf, slotOverlapsWindow } from './downtime';
import { explained, formatDuration, formatInstant } from './explanation';
import type {
  Deliverable,
  DeliverableAssessment,
  DeliverableRisk,
  Id,
  Outage,
  PlatformDirectory,
  PlatformEdge,
  RiskOutcome,
} from './types';

/**
 * Outcomes from worst to best: LOST > OVERDUE > LATE > DELAYED > AT_RISK > RECOVERABLE >
 * ON_TRACK, then the settled POSTED and CANCELLED, which no outage can make worse. OVERDUE (the
 * deadline passed without a post) outranks every outage outcome but LOST: a post that cannot
 * happen any more is worse than one that is late.
 */
export const OUTCOME_SEVERITY = [
  'LOST',
  'OVERDUE',
  'LATE',
  'DELAYED',
  'AT_RISK',
  'RECOVERABLE',
  'ON_TRACK',
  'POSTED',
  'CANCELLED',
] as const satisfies readonly RiskOutcome[];

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
 * Negative when assessment `a` is worse than `b`: the worse outcome ({@link compareOutcomes}),
 * then the one losing most, then the one with the latest suggested slot. The order in which a
 * deliverable's risk, a period report and a receivable pick the assessment that counts.
 */
export function compareAssessments(
  a: Pick<DeliverableAssessment, 'outcome' | 'lost' | 'suggestedSlot'>,
  b: Pick<DeliverableAssessment, 'outcome' | 'lost' | 'suggestedSlot'>,
): number {
  return (
    compareOutcomes(a.outcome, b.outcome) ||
    (a.lost === b.lost ? 0 : a.lost > b.lost ? -1 : 1) ||
    (b.suggestedSlot?.getTime() ?? 0) - (a.suggestedSlot?.getTime() ?? 0)
  );
}

/**
 * The deadline in force: dueAt, or later when an outage hitting the deliverable extended it under
 * force majeure (the latest `effectiveDeadline` among `assessments`).
 */
export function deadlineInForce(
  deliverable: Pick<Deliverable, 'dueAt'>,
  assessments: readonly Pick<DeliverableAssessment, 'effectiveDeadline'>[] = [],
): Date {
  let deadline = deliverable.dueAt;
  for (const { effectiveDeadline } of assessments) {
    if (effectiveDeadline && effectiveDeadline > deadline) deadline = effectiveDeadline;
  }
  return deadline;
}

/**
 * OVERDUE: still PLANNED on an ACTIVE deal and asOf is after the deadline in force
 * ({@link deadlineInForce}; a deadline exactly at asOf has not passed yet).
 */
export function isOverdue(
  deliverable: Pick<Deliverable, 'status' | 'dueAt' | 'deal'>,
  asOf: Date,
  assessments: readonly Pick<DeliverableAssessment, 'effectiveDeadline'>[] = [],
): boolean {
  return (
    deliverable.status === 'PLANNED' &&
    deliverable.deal.status === 'ACTIVE' &&
    deadlineInForce(deliverable, assessments) < asOf
  );
}

/**
 * A deliverable's standing across outages: POSTED or CANCELLED for those statuses (a deal that is
 * CANCELLED also gives CANCELLED); otherwise the worst (per {@link OUTCOME_SEVERITY}) of the
 * outcomes of `assessDeliverable` over every outage in `outages` that hits it and OVERDUE when
 * {@link isOverdue}; ON_TRACK when neither applies (which includes DRAFT and COMPLETED deals:
 * rule 2 never hits them and they are never overdue).
 *
 * Under OVERDUE the worst outage assessment (if any) stays in `assessment` with its outages, so
 * the money it moved still counts in Deal.impact; there is no suggested slot (the deadline has
 * passed). The explanation says when the deadline passed, then what the outage did.
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
  return riskOf(deliverable, asOf, () =>
    outages
      .map((outage) =>
        assessDeliverable({ deliverable, outage, allOutages: outages, edges, asOf, platforms }),
      )
      .filter((a): a is DeliverableAssessment => a !== null),
  );
}

/**
 * The outages of one request prepared once for many deliverables: each outage's
 * {@link OutageScope} (affected platforms, known outages, per-platform downtime) is built on first
 * need and shared, where {@link deliverableRisk} builds every scope again for each deliverable.
 * A scope depends only on its outage, `outages` (all of them are the known outages), `edges`,
 * `asOf` and `platforms`, never on the deliverable, so every answer is the one
 * `deliverableRisk(deliverable, outages, edges, asOf, platforms)` gives. Pass the same
 * arguments you would pass it; do not change `outages` while the object is in use.
 */
export interface RiskScopes {
  /**
   * The assessments of the outages that hit `deliverable` (rule 2), in the order of `outages`:
   * what `assessDeliverable` gives for each outage against all of them, nulls left out.
   * Empty for a deliverable that is not PLANNED on an ACTIVE deal.
   */
  assessments(deliverable: Deliverable): DeliverableAssessment[];
  /** {@link deliverableRisk} of `deliverable` against the prepared outages. */
  risk(deliverable: Deliverable): DeliverableRisk;
}

/** Prepares `outages` for many deliverables; see {@link RiskScopes}. Builds no scope yet. */
export function riskScopes(
  outages: readonly Outage[],
  edges: readonly PlatformEdge[],
  asOf: Date,
  platforms?: PlatformDirectory,
): RiskScopes {
  // By position, not id: two entries with one id are two scopes in deliverableRisk too.
  const windows = outages.map((outage) => effectiveWindow(outage, asOf));
  const scopes: Array<OutageScope | undefined> = [];
  const assessments = (deliverable: Deliverable): DeliverableAssessment[] => {
    const found: DeliverableAssessment[] = [];
    // Rule 2 (isHit) hits only PLANNED deliverables of ACTIVE deals, and only with a slot that
    // overlaps the outage's window: outages failing either are skipped before any scope is
    // built. assessInScope still applies the whole rule (the affected platforms included).
    if (deliverable.deal.status !== 'ACTIVE' || deliverable.status !== 'PLANNED') return found;
    const slot = slotOf(deliverable);
    for (let i = 0; i < outages.length; i++) {
      if (!slotOverlapsWindow(slot, windows[i])) continue;
      const scope = (scopes[i] ??= outageScope({
        outage: outages[i],
        allOutages: outages,
        edges,
        asOf,
        platforms,
      }));
      const assessment = assessInScope(scope, deliverable);
      if (assessment) found.push(assessment);
    }
    return found;
  };
  return {
    assessments,
    risk: (deliverable) => riskOf(deliverable, asOf, () => assessments(deliverable)),
  };
}

/**
 * {@link deliverableRisk} for each of `deliverables` against the same `outages`, each outage's
 * scope built once for all of them (see {@link RiskScopes}): keyed by deliverable id (the last
 * one wins when an id repeats).
 */
export function deliverableRisks(
  deliverables: readonly Deliverable[],
  outages: readonly Outage[],
  edges: readonly PlatformEdge[],
  asOf: Date,
  platforms?: PlatformDirectory,
): Map<Id, DeliverableRisk> {
  const scopes = riskScopes(outages, edges, asOf, platforms);
  const risks = new Map<Id, DeliverableRisk>();
  for (const deliverable of deliverables) risks.set(deliverable.id, scopes.risk(deliverable));
  return risks;
}

/**
 * The rule of {@link deliverableRisk} over `hits`: the assessments of the outages that hit the
 * deliverable, in the order of the outages, asked for only when it is not settled.
 */
function riskOf(
  deliverable: Deliverable,
  asOf: Date,
  hits: () => DeliverableAssessment[],
): DeliverableRisk {
  const settled = (outcome: RiskOutcome): DeliverableRisk => ({
    deliverableId: deliverable.id,
    outcome,
    outageIds: [],
    suggestedSlot: null,
    suggestedPlatformId: null,
    assessment: null,
    provisional: false,
    explanation: null,
    explanationCode: null,
  });
  if (deliverable.status === 'POSTED') return settled('POSTED');
  if (deliverable.status === 'CANCELLED' || deliverable.deal.status === 'CANCELLED') {
    return settled('CANCELLED');
  }

  const assessments = hits();
  const overdue = isOverdue(deliverable, asOf, assessments);
  if (assessments.length === 0 && !overdue) return settled('ON_TRACK');

  assessments.sort(compareAssessments);
  const worst: DeliverableAssessment | undefined = assessments[0];
  const outcome = overdue ? worseOutcome('OVERDUE', worst?.outcome ?? 'ON_TRACK') : worst.outcome;
  const outageIds = worst
    ? assessments.filter((a) => a.outcome === worst.outcome).map((a) => a.outageId)
    : [];
  const provisional = assessments.some((a) => a.provisional);
  if (outcome !== 'OVERDUE') {
    return explained(
      {
        deliverableId: deliverable.id,
        outcome,
        outageIds,
        suggestedSlot: worst.suggestedSlot,
        suggestedPlatformId: worst.suggestedPlatformId,
        assessment: worst,
        provisional,
        explanationCode: worst.explanationCode,
      },
      () => worst.explanation,
    );
  }
  return explained(
    {
      deliverableId: deliverable.id,
      outcome,
      outageIds,
      suggestedSlot: null,
      suggestedPlatformId: null,
      assessment: worst ?? null,
      provisional,
      explanationCode: 'DEADLINE_PASSED' as const,
    },
    () => overdueSentence(deliverable, assessments, worst ?? null),
  );
}

/**
 * "Deadline passed on 2024-03-05 18:00 UTC without a post → OVERDUE.", naming a force-majeure
 * extension, then the outage's own sentence if one hit. asOf is left out so that the sentence
 * does not change from one request to the next.
 */
function overdueSentence(
  deliverable: Deliverable,
  assessments: readonly DeliverableAssessment[],
  worst: DeliverableAssessment | null,
): string {
  const deadline = deadlineInForce(deliverable, assessments);
  const extended = deadline.getTime() - deliverable.dueAt.getTime();
  const which = extended
    ? ` (due ${formatInstant(deliverable.dueAt)} UTC + ${formatDuration(extended)} downtime under force majeure)`
    : '';
  const outage = worst ? ` Before that, ${worst.outcome}: ${worst.explanation}` : '';
  return `Deadline${which} passed on ${formatInstant(deadline)} UTC without a post → OVERDUE.${outage}`;
}
