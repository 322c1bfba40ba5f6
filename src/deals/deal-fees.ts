import { allocateLargestRemainder, splitEvenly } from '../common/money';

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
