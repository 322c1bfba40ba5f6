import fc from 'fast-check';
import {
  DRAFT_STATES,
  MAX_DRAFT_ROUNDS,
  approvalStatus,
  canMoveDraft,
  mayPost,
  nextRound,
  reviewRefusal,
  type DraftState,
  type ReviewDecision,
} from './draft-state';

describe('approvalStatus', () => {
  it('is NOT_REQUIRED on a deal that requires none, whatever its rounds say', () => {
    expect(approvalStatus(false, null)).toBe('NOT_REQUIRED');
    for (const state of DRAFT_STATES) expect(approvalStatus(false, { state })).toBe('NOT_REQUIRED');
  });

  it("is AWAITING_DRAFT before the first round, then the latest round's state", () => {
    expect(approvalStatus(true, null)).toBe('AWAITING_DRAFT');
    expect(approvalStatus(true, { state: 'IN_REVIEW' })).toBe('IN_REVIEW');
    expect(approvalStatus(true, { state: 'CHANGES_REQUESTED' })).toBe('CHANGES_REQUESTED');
    expect(approvalStatus(true, { state: 'APPROVED' })).toBe('APPROVED');
    // Cannot happen (only a newer round supersedes one); read as no draft in force.
    expect(approvalStatus(true, { state: 'SUPERSEDED' })).toBe('AWAITING_DRAFT');
  });
});

describe('the round transitions', () => {
  it('moves a round in review to an answer or SUPERSEDED, and an answered round nowhere', () => {
    expect(canMoveDraft('IN_REVIEW', 'APPROVED')).toBe(true);
    expect(canMoveDraft('IN_REVIEW', 'CHANGES_REQUESTED')).toBe(true);
    expect(canMoveDraft('IN_REVIEW', 'SUPERSEDED')).toBe(true);
    for (const from of ['APPROVED', 'CHANGES_REQUESTED', 'SUPERSEDED'] as const) {
      for (const to of DRAFT_STATES) expect(canMoveDraft(from, to)).toBe(false);
    }
  });

  it('numbers rounds from 1 and supersedes only a round still in review', () => {
    expect(nextRound(null)).toEqual({ round: 1, supersedes: false });
    expect(nextRound({ round: 1, state: 'IN_REVIEW' })).toEqual({ round: 2, supersedes: true });
    expect(nextRound({ round: 2, state: 'CHANGES_REQUESTED' })).toEqual({
      round: 3,
      supersedes: false,
    });
    // A new round after an approval asks for approval again; the approved round keeps its answer.
    expect(nextRound({ round: 3, state: 'APPROVED' })).toEqual({ round: 4, supersedes: false });
  });

  it(`stops at ${MAX_DRAFT_ROUNDS} rounds`, () => {
    expect(nextRound({ round: MAX_DRAFT_ROUNDS - 1, state: 'CHANGES_REQUESTED' })?.round).toBe(
      MAX_DRAFT_ROUNDS,
    );
    expect(nextRound({ round: MAX_DRAFT_ROUNDS, state: 'CHANGES_REQUESTED' })).toBeNull();
  });

  it('answers only the latest round, while it is in review, naming the state otherwise', () => {
    expect(reviewRefusal({ round: 2, state: 'IN_REVIEW' }, 2)).toBeNull();
    expect(reviewRefusal({ round: 1, state: 'SUPERSEDED' }, 2)).toEqual({
      state: 'SUPERSEDED',
      latestRound: 2,
    });
    expect(reviewRefusal({ round: 2, state: 'APPROVED' }, 2)).toEqual({
      state: 'APPROVED',
      latestRound: 2,
    });
    expect(reviewRefusal({ round: 1, state: 'CHANGES_REQUESTED' }, 2)).toEqual({
      state: 'CHANGES_REQUESTED',
      latestRound: 2,
    });
  });

  it('lets a deliverable be posted only when approval is not required or the latest round is approved', () => {
    expect(mayPost(false, null)).toBe(true);
    expect(mayPost(true, { state: 'APPROVED' })).toBe(true);
    expect(mayPost(true, null)).toBe(false);
    expect(mayPost(true, { state: 'IN_REVIEW' })).toBe(false);
    expect(mayPost(true, { state: 'CHANGES_REQUESTED' })).toBe(false);
  });
});

/** The rounds as the service keeps them, driven by the rules above only. */
function apply(
  rounds: Array<{ round: number; state: DraftState }>,
  step: { kind: 'submit' } | { kind: 'review'; pick: number; decision: ReviewDecision },
): void {
  const latest = rounds.at(-1) ?? null;
  if (step.kind === 'submit') {
    const next = nextRound(latest);
    if (!next) return;
    if (next.supersedes && latest) latest.state = 'SUPERSEDED';
    rounds.push({ round: next.round, state: 'IN_REVIEW' });
    return;
  }
  if (rounds.length === 0) return;
  const draft = rounds[step.pick % rounds.length];
  if (reviewRefusal(draft, latest!.round) === null) draft.state = step.decision;
}

describe('any sequence of submissions and reviews', () => {
  const steps = fc.array(
    fc.oneof(
      fc.constant({ kind: 'submit' as const }),
      fc.record({
        kind: fc.constant('review' as const),
        pick: fc.nat(),
        decision: fc.constantFrom<ReviewDecision>('APPROVED', 'CHANGES_REQUESTED'),
      }),
    ),
    { maxLength: 60 },
  );

  it('keeps rounds 1…n in order, at most one in review (the latest), and answers unchanged', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const rounds: Array<{ round: number; state: DraftState }> = [];
        for (const step of sequence) {
          const before = rounds.map((r) => ({ ...r }));
          apply(rounds, step);
          // Every state change follows a transition; no round disappears.
          before.forEach((was, i) => {
            if (was.state !== rounds[i].state) {
              expect(canMoveDraft(was.state, rounds[i].state)).toBe(true);
            }
          });
        }
        expect(rounds.map((r) => r.round)).toEqual(rounds.map((_, i) => i + 1));
        expect(rounds.length).toBeLessThanOrEqual(MAX_DRAFT_ROUNDS);
        const inReview = rounds.filter((r) => r.state === 'IN_REVIEW');
        expect(inReview.length).toBeLessThanOrEqual(1);
        if (inReview.length === 1) expect(inReview[0]).toBe(rounds.at(-1));
        // Only the latest round can be anything but answered or superseded; the approval is its.
        expect(approvalStatus(true, rounds.at(-1) ?? null)).not.toBe('NOT_REQUIRED');
        expect(mayPost(true, rounds.at(-1) ?? null)).toBe(rounds.at(-1)?.state === 'APPROVED');
      }),
    );
  });
});
