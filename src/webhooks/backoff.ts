export interface BackoffOptions {
  /** Wait after the first failed attempt, in ms. */
  baseMs: number;
  /** Longest wait between two attempts, in ms. */
  maxMs: number;
}

/**
 * Wait before the next attempt after `failedAttempts` (1-based) failures, in whole ms:
 * `min(baseMs × 2^(failedAttempts−1), maxMs)` scaled by a factor in [0.5, 1) drawn from
 * `random()` ("equal jitter"), so endpoints that failed together are not retried in lockstep.
 * Never negative, never above `maxMs`; the exponential part is computed without overflow.
 */
export function retryDelayMs(
  failedAttempts: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a positive integer, not ${failedAttempts}`);
  }
  const cap = Math.max(0, options.maxMs);
  // 2^60 already exceeds any sane cap; clamping the exponent keeps the arithmetic finite.
  const exponential = Math.min(options.baseMs * 2 ** Math.min(failedAttempts - 1, 60), cap);
  const jitter = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.max(0, Math.min(cap, Math.round(exponential * (0.5 + jitter / 2))));
}

/** The delivery is given up (FAILED) once it has failed `maxAttempts` times. */
export function shouldGiveUp(failedAttempts: number, maxAttempts: number): boolean {
  return failedAttempts >= maxAttempts;
}
