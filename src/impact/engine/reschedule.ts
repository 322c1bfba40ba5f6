// Pure rules for a proposed move of a deliverable after an outage: which move the engine
// suggests, the deliverable as it would be once the move is agreed, and the money at stake. An
// agreed move rewrites the deliverable's slot, deadline and platform: the engine then judges it
// against the agreed deadline, like any deliverable, so an agreed move is not late.
import type { Deliverable, DeliverableRisk, Id, RiskOutcome } from './types';

export interface DeliverableMove {
  readonly platformId: Id;
  readonly platformSlug: string;
  readonly scheduledAt: Date;
  readonly dueAt: Date;
}

/**
 * The move the engine suggests for `deliverable` from its risk: the worst outage's suggested slot
 * and platform, with the deadline moved by as much as the slot (the same time to post), never
 * earlier than the deadline in force (the agreed one, extended under force majeure). Null when the risk suggests nothing (no outage hits it, the
 * post is LOST, OVERDUE or settled).
 * @param platformSlugOf the slug of a platform id (the suggestion names an id).
 */
export function suggestedMove(
  deliverable: Deliverable,
  risk: DeliverableRisk,
  platformSlugOf: (platformId: Id) => string | undefined,
): DeliverableMove | null {
  if (!risk.suggestedSlot) return null;
  const platformId = risk.suggestedPlatformId ?? deliverable.platformId;
  const window = deliverable.dueAt.getTime() - deliverable.scheduledAt.getTime();
  const dueAt = Math.max(
    deliverable.dueAt.getTime(),
    risk.assessment?.effectiveDeadline?.getTime() ?? 0,
    risk.suggestedSlot.getTime() + window,
  );
  return {
    platformId,
    platformSlug:
      platformId === deliverable.platformId
        ? deliverable.platformSlug
        : (platformSlugOf(platformId) ?? deliverable.platformSlug),
    scheduledAt: risk.suggestedSlot,
    dueAt: new Date(dueAt),
  };
}

/** The deliverable once `move` is agreed: the new contract for its slot, deadline and platform. */
export function movedDeliverable(deliverable: Deliverable, move: DeliverableMove): Deliverable {
  return {
    ...deliverable,
    platformId: move.platformId,
    platformSlug: move.platformSlug,
    scheduledAt: move.scheduledAt,
    dueAt: move.dueAt,
  };
}

/** What one judgement of a deliverable does to its fee, in minor units of its currency. */
export interface MoneyAtStake {
  readonly outcome: RiskOutcome;
  readonly delayed: bigint;
  readonly lost: bigint;
  readonly retained: bigint;
  readonly recoverable: bigint;
  readonly delayMinutes: number | null;
}

export interface RescheduleAtStake {
  readonly currency: string;
  readonly fee: bigint;
  /** As things stand, without the move. */
  readonly now: MoneyAtStake;
  /** Once the move is agreed. */
  readonly ifAccepted: MoneyAtStake;
  /** now.lost − ifAccepted.lost: what agreeing saves (negative: what it costs). */
  readonly saved: bigint;
}

function stake(risk: DeliverableRisk): MoneyAtStake {
  const a = risk.assessment;
  return {
    outcome: risk.outcome,
    delayed: a?.delayed ?? 0n,
    lost: a?.lost ?? 0n,
    retained: a?.retained ?? 0n,
    recoverable: a?.recoverable ?? 0n,
    delayMinutes: a?.delayMinutes ?? null,
  };
}

/** The money at stake in a move: the deliverable's risk now and once moved, judged alike. */
export function rescheduleAtStake(
  deliverable: Deliverable,
  now: DeliverableRisk,
  ifAccepted: DeliverableRisk,
): RescheduleAtStake {
  const before = stake(now);
  const after = stake(ifAccepted);
  return {
    currency: deliverable.currency,
    fee: deliverable.fee,
    now: before,
    ifAccepted: after,
    saved: before.lost - after.lost,
  };
}
