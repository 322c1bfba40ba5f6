// How long a failing delivery is tried: the wait between two attempts is the common backoff
// (src/common/backoff), from WEBHOOK_BACKOFF_BASE_MS up to WEBHOOK_BACKOFF_MAX_MS, with jitter.

/** The delivery is given up (FAILED) once it has failed `maxAttempts` times. */
export function shouldGiveUp(failedAttempts: number, maxAttempts: number): boolean {
  return failedAttempts >= maxAttempts;
}
