import fc from 'fast-check';
import { backoffDelayMs, type BackoffOptions } from './backoff';

/** With jitter, its source fixed at `r`. */
const jittered = (failures: number, options: BackoffOptions, r: number) =>
  backoffDelayMs(failures, { ...options, jitter: true, random: () => r });

describe('exponential backoff', () => {
  const options = { baseMs: 30_000, maxMs: 3_600_000 };

  it('without jitter: doubles from the base up to the cap, exactly', () => {
    const connect = { baseMs: 1000, maxMs: 16_000 };
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelayMs(n, connect))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 16_000, 16_000,
    ]);
    expect(backoffDelayMs(1000, connect)).toBe(16_000);
    expect(backoffDelayMs(3, { baseMs: 0, maxMs: 5000 })).toBe(0);
  });

  it('doubles from the base, with jitter halved at most', () => {
    expect(jittered(1, options, 0)).toBe(15_000); // 30 s × 2⁰ × 0.5
    expect(jittered(1, options, 0.999_999)).toBe(30_000); // 30 s × (0.5 + 0.4999995) → rounds to 30 000
    expect(jittered(3, options, 0)).toBe(60_000); // 30 s × 2² × 0.5
    expect(jittered(4, options, 0.5)).toBe(180_000); // 240 s × 0.75
  });

  it('stops growing at the cap', () => {
    // 30 s × 2⁸ = 7 680 s > 3 600 s: capped, then jitter
    expect(jittered(9, options, 0)).toBe(1_800_000);
    expect(jittered(1000, options, 0)).toBe(1_800_000);
  });

  it('refuses a failure count below 1', () => {
    expect(() => backoffDelayMs(0, options)).toThrow(RangeError);
    expect(() => backoffDelayMs(1.5, options)).toThrow(RangeError);
  });

  const settings = fc.record({
    baseMs: fc.integer({ min: 1, max: 86_400_000 }),
    maxMs: fc.integer({ min: 1, max: 86_400_000 }),
  });

  it('property: a whole number of ms in [half, all] of the capped exponential, never above the cap', () => {
    fc.assert(
      fc.property(
        settings,
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (o, n, r) => {
          const delay = jittered(n, o, r);
          const exponential = Math.min(o.baseMs * 2 ** Math.min(n - 1, 60), o.maxMs);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(exponential / 2));
          expect(delay).toBeLessThanOrEqual(exponential);
          expect(delay).toBeLessThanOrEqual(o.maxMs);
        },
      ),
    );
  });

  it('property: with the same jitter, a later attempt never waits less', () => {
    fc.assert(
      fc.property(
        settings,
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (o, n, r) => {
          expect(jittered(n + 1, o, r)).toBeGreaterThanOrEqual(jittered(n, o, r));
        },
      ),
    );
  });
});
