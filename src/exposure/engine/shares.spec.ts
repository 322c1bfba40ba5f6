import fc from 'fast-check';
import { concentrationIndex, formatShare, sharesInBps } from './shares';

describe('sharesInBps', () => {
  it('gives the whole to a single part', () => {
    expect(sharesInBps([123_456n])).toEqual([10_000]);
  });

  it('splits awkward remainders by largest remainder, summing to 10 000 exactly', () => {
    // 2900 / 3700 = 7837.84 bps, 700 / 3700 = 1891.89, 100 / 3700 = 270.27
    // floors 7837 + 1891 + 270 = 9998; the 2 left go to .89 (1892) and .84 (7838)
    expect(sharesInBps([290_000n, 70_000n, 10_000n])).toEqual([7838, 1892, 270]);
    // thirds: 3333.33 each, the 1 left goes to the earliest
    expect(sharesInBps([1n, 1n, 1n])).toEqual([3334, 3333, 3333]);
    // 150 / 300 = 5000, 100 / 300 = 3333.33, 50 / 300 = 1666.67 → the 1 left goes to .67
    expect(sharesInBps([15_000n, 10_000n, 5_000n])).toEqual([5000, 3333, 1667]);
  });

  it('shares equally when every weight is zero, and gives nothing to no parts', () => {
    expect(sharesInBps([0n, 0n])).toEqual([5000, 5000]);
    expect(sharesInBps([])).toEqual([]);
  });

  it('property: shares sum to exactly 10 000 and each is within 1 bp of the exact share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 25 }),
        (weights) => {
          const shares = sharesInBps(weights);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(10_000);
          const total = weights.reduce((sum, w) => sum + w, 0n);
          shares.forEach((share, index) => {
            expect(Number.isInteger(share) && share >= 0).toBe(true);
            if (total === 0n) return;
            // |share − 10 000 × w / Σw| < 1  ⇔  |share × Σw − 10 000 × w| < Σw
            const error = BigInt(share) * total - 10_000n * weights[index];
            expect(error < 0n ? -error : error).toBeLessThan(total);
          });
        },
      ),
    );
  });
});

describe('formatShare', () => {
  it('shows one decimal, rounded half away from zero', () => {
    expect(formatShare(7200)).toBe('72.0 %');
    expect(formatShare(7838)).toBe('78.4 %'); // 78.38 → 78.4
    expect(formatShare(7835)).toBe('78.4 %'); // 78.35 → half away from zero → 78.4
    expect(formatShare(7834)).toBe('78.3 %');
    expect(formatShare(270)).toBe('2.7 %');
    expect(formatShare(5)).toBe('0.1 %'); // 0.05 → 0.1
    expect(formatShare(4)).toBe('0.0 %');
    expect(formatShare(0)).toBe('0.0 %');
    expect(formatShare(10_000)).toBe('100.0 %');
  });
});

describe('concentrationIndex (HHI)', () => {
  it('is 10 000 when everything is on one provider', () => {
    expect(concentrationIndex([430_000n])).toBe(10_000);
    expect(concentrationIndex([430_000n, 0n])).toBe(10_000);
  });

  it('is 5 000 for two equal providers and 3 333 for three', () => {
    expect(concentrationIndex([100n, 100n])).toBe(5_000); // 50² + 50²
    expect(concentrationIndex([1n, 1n, 1n])).toBe(3_333); // 3 × 33.33…² = 3 333.33 → 3 333
  });

  it('uses the exact amounts, rounding once', () => {
    // 10 000 × (2900² + 700² + 100²) / 3700² = 89 100 000 000 / 13 690 000 = 6 508.40 → 6 508
    // (the rounded shares 7838, 1892, 270 bps would give 6 508.68 → 6 509)
    expect(concentrationIndex([290_000n, 70_000n, 10_000n])).toBe(6_508);
    // 10 000 × (150² + 100² + 50²) / 300² = 3 888.89 → 3 889 (rounds up)
    expect(concentrationIndex([15_000n, 10_000n, 5_000n])).toBe(3_889);
  });

  it('is 0 for nothing, and refuses negative weights', () => {
    expect(concentrationIndex([])).toBe(0);
    expect(concentrationIndex([0n, 0n])).toBe(0);
    expect(() => concentrationIndex([-1n])).toThrow(RangeError);
  });

  it('property: between 10 000 / n and 10 000 for n non-zero parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 25 }),
        (weights) => {
          const hhi = concentrationIndex(weights);
          expect(hhi).toBeLessThanOrEqual(10_000);
          expect(hhi).toBeGreaterThanOrEqual(Math.floor(10_000 / weights.length));
        },
      ),
    );
  });
});
