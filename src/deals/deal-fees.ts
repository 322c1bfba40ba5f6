import { allocateLargestRemainder, splitEvenly } from '../common/money';

/**
 * THE fee rules of a deal, as pure functions over minor units (bigint). A deal's total is the sum
 * of its deliverables' fees; posted and cancelled deliverables are settled: no rule here ever
 * moves their fees. Services load the rows, call one of these and write what comes back.
 */

/** What the fee rules need to know of a deliverable, in the deal's order (slot, then id). */
export interface FeeLine {
  fee: bigint;
  /** Posted or cancelled: its fee is final. */
  settled: boolean;
}

export type FeePlan = { ok: true; fees: bigint[] } | { ok: false; shortfall: bigint };

/**
 * Fees for a new deal's deliverables. Given fees are kept; the deliverables without one share
 * what is left of the total evenly (largest remainder, earlier ones first). With every fee given
 * they must add up to the total exactly.
 *
 * `shortfall` > 0: the given fees exceed the total by that much; < 0: with every fee given, the
 * total exceeds their sum by that much.
 */
export function planDeliverableFees(total: bigint, given: ReadonlyArray<bigint | null>): FeePlan {
  if (given.length === 0) return { ok: true, fees: [] };
  const givenSum = given.reduce<bigint>((sum, fee) => sum + (fee ?? 0n), 0n);
  const open = given.filter((fee) => fee === null).length;
  const rest = total - givenSum;
  if (rest < 0n) return { ok: false, shortfall: -rest };
  if (open === 0)
    return rest === 0n
      ? { ok: true, fees: [...(given as bigint[])] }
      : { ok: false, shortfall: -rest };
  const shares = splitEvenly(rest, open);
  let next = 0;
  return { ok: true, fees: given.map((fee) => fee ?? shares[next++]) };
}

/**
 * Re-spreads a deal's new total over its planned deliverables, in proportion to their current
 * fees (evenly when they are all zero). Posted and cancelled deliverables keep their fees.
 * Returns null when the settled fees alone exceed the new total.
 */
export function rebalancePlannedFees(
  newTotal: bigint,
  settledSum: bigint,
  plannedFees: readonly bigint[],
): bigint[] | null {
  const pool = newTotal - settledSum;
  if (pool < 0n) return null;
  if (plannedFees.length === 0) return pool === 0n ? [] : null;
  return allocateLargestRemainder(pool, plannedFees);
}

/** Sum of the settled (posted or cancelled) deliverables' fees. */
export function settledFees(lines: readonly FeeLine[]): bigint {
  return lines.reduce((sum, line) => (line.settled ? sum + line.fee : sum), 0n);
}

export type RetotalResult =
  { ok: true; fees: bigint[] } | { ok: false; settledSum: bigint; everySettled: boolean };

/**
 * A deal's total changes (updateDeal): the planned deliverables share the new total less the
 * settled fees, in proportion to their current fees (largest remainder; evenly when all are
 * zero). `fees` holds every line's fee in the given order, settled ones unchanged.
 *
 * A deal without deliverables takes any total. Refused (`ok: false`) when the settled fees alone
 * exceed the new total, or when every deliverable is settled and the total is not their sum
 * (`everySettled`).
 */
export function retotalDealFees(newTotal: bigint, lines: readonly FeeLine[]): RetotalResult {
  if (lines.length === 0) return { ok: true, fees: [] };
  const settledSum = settledFees(lines);
  const planned = lines.filter((line) => !line.settled);
  const fees = rebalancePlannedFees(
    newTotal,
    settledSum,
    planned.map((line) => line.fee),
  );
  if (!fees) return { ok: false, settledSum, everySettled: planned.length === 0 };
  return { ok: true, fees: mergePlanned(lines, fees) };
}

export interface AddedDeliverableFees {
  /** The new deliverable's fee. */
  fee: bigint;
  /** The deal's total afterwards. */
  totalFee: bigint;
  /** Every existing line's fee afterwards, in the given order. */
  fees: bigint[];
}

/**
 * A deliverable joins a deal (addDeliverable).
 *
 * - With its own fee, it extends the contract: the total grows by that fee and no other fee
 *   moves (`existing` is not read; a caller may pass [] without loading the rows).
 * - Without one, the total stays put: the newcomer takes an even share of what is not settled
 *   (the last share of an even split over the planned ones and itself, so the smallest when it
 *   does not divide), and the planned deliverables give up the rest in proportion to their fees.
 */
export function addDeliverableFees(
  totalFee: bigint,
  givenFee: bigint | null,
  existing: readonly FeeLine[],
): AddedDeliverableFees {
  if (givenFee !== null) {
    return { fee: givenFee, totalFee: totalFee + givenFee, fees: existing.map((l) => l.fee) };
  }
  const planned = existing.filter((line) => !line.settled);
  const pool = totalFee - settledFees(existing);
  const share = splitEvenly(pool, planned.length + 1)[planned.length];
  const rest = rebalancePlannedFees(
    pool - share,
    0n,
    planned.map((line) => line.fee),
  );
  // pool − share ≥ 0, and is 0 when nothing is planned: rest is never null.
  return {
    fee: share,
    totalFee,
    fees: rest ? mergePlanned(existing, rest) : existing.map((l) => l.fee),
  };
}

/**
 * A planned deliverable's fee changes (updateDeliverable): the deal's total moves by the
 * difference, no other fee moves. Returns the deal's new total.
 */
export function changeDeliverableFee(totalFee: bigint, before: bigint, after: bigint): bigint {
  return totalFee + after - before;
}

/**
 * A planned deliverable is cancelled: its fee stays on the deal's record (it becomes settled) and
 * the total does not move, so nothing is re-spread. Returns the fee and total afterwards.
 */
export function cancelDeliverableFees(
  totalFee: bigint,
  fee: bigint,
): { fee: bigint; totalFee: bigint } {
  return { fee, totalFee };
}

/** `lines` with the planned ones' fees replaced, in order, by `plannedFees`. */
function mergePlanned(lines: readonly FeeLine[], plannedFees: readonly bigint[]): bigint[] {
  let next = 0;
  return lines.map((line) => (line.settled ? line.fee : plannedFees[next++]));
}
