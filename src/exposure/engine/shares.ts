import { allocateLargestRemainder, roundHalfAwayFromZero } from '../../common/money';

/** A whole, in basis points. */
export const WHOLE_BPS = 10_000;

/**
 * Shares of a whole in basis points, proportional to `weights` (minor units, or deliverable
 * counts), that sum to exactly 10 000 (largest remainder: each share is the exact share rounded
 * down or up, so within 1 bp of it; leftover points go to the largest remainders, ties to the
 * earlier index). All-zero weights share equally. Empty input → [].
 * @throws RangeError for a negative weight.
 */
export function sharesInBps(weights: readonly bigint[]): number[] {
  if (weights.length === 0) return [];
  return allocateLargestRemainder(BigInt(WHOLE_BPS), weights).map(Number);
}

/**
 * Basis points as a percentage with one decimal, rounded half away from zero:
 * 7200 → "72.0 %", 7838 → "78.4 %", 3333 → "33.3 %", 5 → "0.1 %", 10 000 → "100.0 %".
 * One decimal is for reading; the exact figure is `shareBps`, and the rounded strings of one
 * currency may add up to 99.9 % or 100.1 %.
 */
export function formatShare(bps: number): string {
  const tenths = roundHalfAwayFromZero(BigInt(bps), 10n);
  const sign = tenths < 0n ? '-' : '';
  const abs = tenths < 0n ? -tenths : tenths;
  return `${sign}${abs / 10n}.${abs % 10n} %`;
}

/**
 * Herfindahl–Hirschman concentration index of the parts `weights` (minor units per provider):
 * the sum of the squared percentage shares, Σ (100 × wᵢ / Σw)², from near 0 (spread thin) to
 * 10 000 (everything on one provider); two equal parts give 5 000, three give 3 333.
 *
 * Computed exactly from the weights, as 10 000 × Σwᵢ² / (Σw)², and rounded once, half away from
 * zero, to an integer — not from the rounded basis-point shares, which can be a point off.
 * Zero and empty weights → 0 (nothing to concentrate).
 * @throws RangeError for a negative weight.
 */
export function concentrationIndex(weights: readonly bigint[]): number {
  if (weights.some((w) => w < 0n)) throw new RangeError('concentrationIndex: weights must be ≥ 0');
  const sum = weights.reduce((total, w) => total + w, 0n);
  if (sum === 0n) return 0;
  const squares = weights.reduce((total, w) => total + w * w, 0n);
  return Number(roundHalfAwayFromZero(BigInt(WHOLE_BPS) * squares, sum * sum));
}
