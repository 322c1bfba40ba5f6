import fc from 'fast-check';
import { retryDelayMs, shouldGiveUp } from './backoff';

describe('webhook retry backoff', () => {
  const options = { baseMs: 30_000, maxMs: 3_600_000 };

  it('doubles from the base, halved at most by jitter', () => {
    expect(retryDelayMs(1, options, () => 0)).toBe(15_000); // 30 s × 2⁰ × 0.5
    expect(retryDelayMs(1, options, () => 0.999_999)).toBe(30_000); // 30 s × (0.5 + 0.4999995) → rounds to 30 000
    expect(retryDelayMs(3, options, () => 0)).toBe(60_000); // 30 s × 2² × 0.5
    expect(retryDelayMs(4, options, () => 0.5)).toBe(180_000); // 240 s × 0.75
  });

  it('stops growing at the cap', () => {
    // 30 s × 2⁸ = 7 680 s > 3 600 s: capped, then jitter
    expect(retryDelayMs(9, options, () => 0)).toBe(1_800_000);
    expect(retryDelayMs(1000, options, () => 0)).toBe(1_800_000);
  });

  it('refuses an attempt number below 1', () => {
    expect(() => retryDelayMs(0, options)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, options)).toThrow(RangeError);
  });

  it('gives up after maxAttempts failures', () => {
    expect(shouldGiveUp(7, 8)).toBe(false);
    expect(shouldGiveUp(8, 8)).toBe(true);
    expect(shouldGiveUp(1, 1)).toBe(true);
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
          const delay = retryDelayMs(n, o, () => r);
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
          expect(retryDelayMs(n + 1, o, () => r)).toBeGreaterThanOrEqual(
            retryDelayMs(n, o, () => r),
          );
        },
      ),
    );
  });
});
