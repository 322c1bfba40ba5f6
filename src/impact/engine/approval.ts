import { subHours } from 'date-fns';
import { formatInstant, explained } from './explanation';
import { compareOutcomes } from './risk';
import type { DealTerms, Deliverable, DeliverableRisk } from './types';

/**
 * Where a deliverable's content approval stands (`Deliverable.approval`): NOT_REQUIRED when its
 * deal does not require approval, AWAITING_DRAFT before the first draft, otherwise the state of
 * the latest round.
 */
export type ApprovalStatus =
  'NOT_REQUIRED' | 'AWAITING_DRAFT' | 'IN_REVIEW' | 'CHANGES_REQUESTED' | 'APPROVED';

/** What the approval rule reads of an approval: its status and the deal's lead time. */
export interface ApprovalStanding {
  readonly status: ApprovalStatus;
  /** Hours before the slot the brand needs the approved draft (the deal's approvalLeadHours, ≥ 0). */
  readonly leadHours: number;
}

/** The approval rule's answer for one deliverable. */
export interface ApprovalRisk {
  /** The approval is missing at asOf although the brand needed it by `neededBy`. */
  readonly atRisk: boolean;
  /** scheduledAt − leadHours: when the brand needs the approved draft. */
  readonly neededBy: Date;
  /** Why it is at risk, as a sentence; null when it is not. */
  readonly explanation: string | null;
}

const MISSING: Record<Exclude<ApprovalStatus, 'NOT_REQUIRED' | 'APPROVED'>, string> = {
  AWAITING_DRAFT: 'no draft has been submitted',
  IN_REVIEW: 'the latest draft is still in review',
  CHANGES_REQUESTED: 'the brand asked for changes to the latest draft',
};

/**
 * The approval rule: a PLANNED deliverable of an ACTIVE deal whose approval is required and not
 * given (AWAITING_DRAFT, IN_REVIEW, CHANGES_REQUESTED) is at risk from `scheduledAt − leadHours`
 * on, that instant included: at exactly the lead time the approved draft should be there. It
 * stays at risk after the slot until approved, posted or cancelled. NOT_REQUIRED and APPROVED
 * never are; neither are DRAFT, COMPLETED and CANCELLED deals (as with OVERDUE, a deal that is not
 * ACTIVE is never judged late). `leadHours` 0 means "by the slot itself".
 *
 * Example: slot 2030-03-05 16:00 UTC, 48 h lead, draft IN_REVIEW. asOf 2030-03-03 15:59 → not at
 * risk (one minute before 16:00 on the 3rd); asOf 2030-03-03 16:00 → at risk.
 */
export function approvalRisk(
  deliverable: Pick<Deliverable, 'scheduledAt' | 'status'> & {
    readonly deal: Pick<DealTerms, 'status'>;
  },
  approval: ApprovalStanding,
  asOf: Date,
): ApprovalRisk {
  const neededBy = subHours(deliverable.scheduledAt, approval.leadHours);
  const { status } = approval;
  if (
    status === 'NOT_REQUIRED' ||
    status === 'APPROVED' ||
    deliverable.status !== 'PLANNED' ||
    deliverable.deal.status !== 'ACTIVE' ||
    asOf < neededBy
  ) {
    return { atRisk: false, neededBy, explanation: null };
  }
  const lead = approval.leadHours === 0 ? 'at the slot' : `${approval.leadHours} h before the slot`;
  return {
    atRisk: true,
    neededBy,
    explanation:
      `Approval missing: the brand needs the approved draft by ${formatInstant(neededBy)} UTC ` +
      `(${lead} at ${formatInstant(deliverable.scheduledAt)} UTC), and ${MISSING[status]} → AT_RISK.`,
  };
}

/**
 * A deliverable's risk with the approval rule applied: AT_RISK with the approval's sentence when
 * {@link approvalRisk} says so and the outages (or the deadline) say nothing worse. LOST, OVERDUE,
 * LATE and DELAYED stay as they are, as do POSTED and CANCELLED; ON_TRACK, RECOVERABLE and an
 * outage's AT_RISK become the approval's AT_RISK, the outage's sentence following the approval's.
 *
 * The approval moves no money, so the outage assessment (if any) stays in `assessment`, and so
 * Deal.impact counts what the outage moved. The outages behind the level are kept only when they
 * say AT_RISK themselves; a RECOVERABLE outage's suggestion (post on the alternate) is in the
 * sentence, not in `suggestedSlot`, which is null for AT_RISK. There is no `explanationCode` for
 * the approval rule in {@link DeliverableRisk} yet, so it is null.
 */
export function withApprovalRisk(risk: DeliverableRisk, approval: ApprovalRisk): DeliverableRisk {
  if (!approval.atRisk || approval.explanation === null) return risk;
  if (risk.outcome === 'POSTED' || risk.outcome === 'CANCELLED') return risk;
  if (compareOutcomes(risk.outcome, 'AT_RISK') < 0) return risk;
  const sentence = approval.explanation;
  const outage = risk.outcome === 'ON_TRACK' ? null : risk;
  const outageAtRisk = risk.outcome === 'AT_RISK';
  return explained(
    {
      deliverableId: risk.deliverableId,
      outcome: 'AT_RISK' as const,
      outageIds: outageAtRisk ? risk.outageIds : [],
      suggestedSlot: null,
      suggestedPlatformId: null,
      assessment: risk.assessment,
      provisional: outageAtRisk && risk.provisional,
      explanationCode: 'APPROVAL_MISSING' as const,
    },
    () => (outage ? `${sentence} Also ${outage.outcome}: ${outage.explanation}` : sentence),
  );
}
