import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '../common/backoff/backoff';
import { AppConfig } from '../config/app-config';
import { rateLimited } from './limit-error';
import { counterKey, RateLimitService } from './rate-limit.service';

const MAX_DELAY_MS = 5000;

export interface SignInAttempt {
  /** The password was wrong (or the email unknown): answer after the growing delay. */
  failed(): Promise<void>;
  /** The password was right: the email starts afresh; the address gets its attempt back. */
  succeeded(): Promise<void>;
}

/**
 * Brute-force brake for signIn. Every attempt is counted against its email and its client
 * address *before* the password is checked, so parallel guesses cannot slip past the count and
 * a locked email is refused even with the right password (which would otherwise confirm it).
 * Unknown emails are counted exactly like known ones, so the answers never tell them apart.
 *
 * - From the second failure within SIGN_IN_LOCKOUT_MINUTES the answer is held back by
 *   SIGN_IN_DELAY_MS, doubling with each further failure (capped at 5 s);
 * - past SIGN_IN_MAX_FAILURES_PER_EMAIL (or _PER_IP) attempts the call is refused with
 *   RATE_LIMITED and Retry-After until the window that began with the first failure ends;
 * - a successful sign-in clears the email's counter and refunds the address's attempt, so the
 *   address counts failures only.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly limits: RateLimitService,
    private readonly config: AppConfig,
  ) {}

  async attempt(email: string, address: string): Promise<SignInAttempt> {
    const emailKey = counterKey('sign-in:email', email);
    const addressKey = counterKey('sign-in:address', address);
    const result = await this.limits.store.consume(
      [
        { key: emailKey, limit: this.config.SIGN_IN_MAX_FAILURES_PER_EMAIL },
        { key: addressKey, limit: this.config.SIGN_IN_MAX_FAILURES_PER_IP },
      ],
      1,
      this.config.SIGN_IN_LOCKOUT_MINUTES * 60_000,
    );
    if (!result.allowed) throw rateLimited(result.retryAfterMs, 'SIGN_IN_LOCKED');
    const attempts = Math.max(...result.used);
    return {
      failed: async () => {
        const delay = signInDelayMs(attempts, this.config.SIGN_IN_DELAY_MS);
        if (delay > 0) await sleep(delay);
      },
      succeeded: async () => {
        await Promise.all([
          this.limits.store.reset(emailKey),
          this.limits.store.refund(addressKey, 1),
        ]);
      },
    };
  }
}

/** No delay for a first failure; then base, 2 × base, 4 × base … capped at 5 s (no jitter). */
export function signInDelayMs(attempts: number, baseMs: number): number {
  if (attempts < 2) return 0;
  return backoffDelayMs(attempts - 1, { baseMs, maxMs: MAX_DELAY_MS });
}

/**
 * Enumeration brake for signUp, which must say when an email is taken (EMAIL_TAKEN): with no
 * e-mail channel there is no verification link to hide that behind. Every attempt that passes
 * the input checks is counted against its (normalised) email and its client address, in the
 * sign-in throttle's store, *before* the existence check, the password hashing and any write; past
 * SIGN_UP_MAX_ATTEMPTS_PER_EMAIL (or _PER_IP) within SIGN_UP_WINDOW_MINUTES the call is refused
 * with RATE_LIMITED (`SIGN_UP_LIMITED`) and Retry-After. Successful sign-ups count too: a probe
 * cannot tell in advance which answer it will get, so each one must cost the same.
 */
@Injectable()
export class SignUpThrottle {
  constructor(
    private readonly limits: RateLimitService,
    private readonly config: AppConfig,
  ) {}

  async attempt(email: string, address: string): Promise<void> {
    const result = await this.limits.store.consume(
      [
        {
          key: counterKey('sign-up:email', email),
          limit: this.config.SIGN_UP_MAX_ATTEMPTS_PER_EMAIL,
        },
        {
          key: counterKey('sign-up:address', address),
          limit: this.config.SIGN_UP_MAX_ATTEMPTS_PER_IP,
        },
      ],
      1,
      this.config.SIGN_UP_WINDOW_MINUTES * 60_000,
    );
    if (!result.allowed) throw rateLimited(result.retryAfterMs, 'SIGN_UP_LIMITED');
  }
}
