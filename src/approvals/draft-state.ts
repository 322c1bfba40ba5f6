// The content-approval state machine, as pure rules over plain values. The service applies what
// these say; Deliverable.approval, the risk rule and markDeliverablePosted read the same answers.

/** A round's state. Only the latest round is ever IN_REVIEW. */
export const DRAFT_STATES = ['IN_REVIEW', 'APPROVED', 'CHANGES_REQUESTED', 'SUPERSEDED'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

/** What a brand member answers a round with. */
export const REVIEW_DECISIONS = ['APPROVED', 'CHANGES_REQUESTED'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/**
 * Where a deliverable's approval stands (the same values as the impact engine's
 * `ApprovalStatus`, which cannot import this folder).
 */
export const APPROVAL_STATUSES = [
  'NOT_REQUIRED',
  'AWAITING_DRAFT',
  'IN_REVIEW',
  'CHANGES_REQUESTED',
  'APPROVED',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A deliverable holds at most this many rounds: a hard bound for Deliverable.drafts. */
export const MAX_DRAFT_ROUNDS = 50;

/**
 * Each state and the states it may move to: a round in review is answered (APPROVED,
 * CHANGES_REQUESTED) or replaced by a newer round (SUPERSEDED); an answered or replaced round
 * never changes again, so the rounds stay a faithful history.
 */
export const DRAFT_TRANSITIONS: Readonly<Record<DraftState, readonly DraftState[]>> = {
  IN_REVIEW: ['APPROVED', 'CHANGES_REQUESTED', 'SUPERSEDED'],
  APPROVED: [],
  CHANGES_REQUESTED: [],
  SUPERSEDED: [],
};

export function canMoveDraft(from: DraftState, to: DraftState): boolean {
  return DRAFT_TRANSITIONS[from].includes(to);
}

/** The part of a round these rules read. */
export interface RoundFacts {
  readonly round: number;
  readonly state: DraftState;
}

/**
 * A deliverable's approval: NOT_REQUIRED when its deal does not require approval (whatever
 * rounds it holds), AWAITING_DRAFT before the first round, otherwise the latest round's state.
 * A SUPERSEDED latest round cannot happen (a round is superseded only by a newer one); it would
 * read as AWAITING_DRAFT.
 */
export function approvalStatus(
  requiresApproval: boolean,
  latest: Pick<RoundFacts, 'state'> | null,
): ApprovalStatus {
  if (!requiresApproval) return 'NOT_REQUIRED';
  if (!latest || latest.state === 'SUPERSEDED') return 'AWAITING_DRAFT';
  return latest.state;
}

/**
 * What submitting a new round does: it is round `latest + 1` (1 for the first), IN_REVIEW, and
 * the latest round becomes SUPERSEDED if it was still in review. An answered round (APPROVED,
 * CHANGES_REQUESTED) keeps its answer: a round after an approval asks for approval again, and the
 * deliverable's approval is IN_REVIEW until it is answered. Null when the deliverable already
 * holds {@link MAX_DRAFT_ROUNDS} rounds.
 */
export function nextRound(
  latest: RoundFacts | null,
): { round: number; supersedes: boolean } | null {
  const round = (latest?.round ?? 0) + 1;
  if (round > MAX_DRAFT_ROUNDS) return null;
  return { round, supersedes: latest?.state === 'IN_REVIEW' };
}

/**
 * Whether `draft` may be answered now: only the deliverable's latest round (`latestRound`), and
 * only while it is IN_REVIEW. Otherwise the state it is in (what the refusal names).
 */
export function reviewRefusal(
  draft: RoundFacts,
  latestRound: number,
): { state: DraftState; latestRound: number } | null {
  if (draft.round === latestRound && draft.state === 'IN_REVIEW') return null;
  return { state: draft.state, latestRound };
}

/**
 * Whether a deliverable may be marked posted as far as approval goes: its deal does not require
 * approval, or its latest round is APPROVED.
 */
export function mayPost(
  requiresApproval: boolean,
  latest: Pick<RoundFacts, 'state'> | null,
): boolean {
  const status = approvalStatus(requiresApproval, latest);
  return status === 'NOT_REQUIRED' || status === 'APPROVED';
}
