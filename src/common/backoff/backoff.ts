export interface BackoffOptions {
  /** Wait after the first failure, in ms. */
  baseMs: number;
  /** Longest wait, in ms. */
  maxMs: number;
  /**
   * Scale the wait by a factor in [0.5, 1) drawn from `random` ("equal jitter"), so that callers
   * that failed together do not try again in lockstep. Off by default: the wait is exact.
   */
  jitter?: boolean;
  /** The source of jitter, in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

/**
 * The one exponential backoff: the wait after `failures` (1-based) failed tries, in whole ms,
 * `min(baseMs × 2^(failures−1), maxMs)`, with `jitter` scaled by 0.5 + random() / 2. Never
 * negative, never above `maxMs`; the exponential part is computed without overflow (the exponent
 * stops at 60, past any sane cap).
 */
export function backoffDelayMs(failures: number, options: BackoffOptions): number {
  if (!Number.isInteger(failures) || failures < 1) {
    throw new RangeError(`failures must be a positive integer, not ${failures}`);
  }
  const cap = Math.max(0, options.maxMs);
  const exponential = Math.min(options.baseMs * 2 ** Math.min(failures - 1, 60), cap);
  if (!options.jitter) return Math.max(0, Math.round(exponential));
  const random = Math.min(Math.max((options.random ?? Math.random)(), 0), 1 - Number.EPSILON);
  return Math.max(0, Math.min(cap, Math.round(exponential * (0.5 + random / 2))));
}
