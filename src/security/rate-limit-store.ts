/** One counter to charge and the most it may reach within its window. */
export interface Allowance {
  key: string;
  limit: number;
}

export interface ConsumeResult {
  allowed: boolean;
  /** When refused: milliseconds until the fullest counter's window ends. */
  retryAfterMs: number;
  /** Each counter after the call, in the order given (unchanged when refused). */
  used: number[];
}

/**
 * Fixed-window counters shared by the query rate limits and the sign-in throttle. A window
 * starts with the first charge to a key and lasts `windowMs`; the key then disappears.
 */
export interface RateLimitStore {
  /**
   * Atomically: if adding `amount` keeps every counter within its limit, adds it to all of them;
   * otherwise adds nothing and says how long until the fullest one resets. A refused request
   * therefore costs nothing, and a request counted against two keys is charged to both or none.
   */
  consume(allowances: Allowance[], amount: number, windowMs: number): Promise<ConsumeResult>;
  /** Takes `amount` back from a counter (never below zero); no-op for a missing key. */
  refund(key: string, amount: number): Promise<void>;
  /** Forgets a counter. */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Window {
  used: number;
  resetAt: number;
}

// Past MAX_KEYS counters, expired ones are swept and then the oldest forgotten down to
// KEEP_KEYS, so a flood of new addresses costs one sweep per MAX_KEYS - KEEP_KEYS of them.
const MAX_KEYS = 100_000;
const KEEP_KEYS = 50_000;

/** The in-process store: per instance, lost on restart; enough for one instance. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  async consume(allowances: Allowance[], amount: number, windowMs: number): Promise<ConsumeResult> {
    const now = this.now();
    const current = allowances.map(({ key }) => this.live(key, now));
    let retryAfterMs = 0;
    allowances.forEach(({ limit }, index) => {
      const window = current[index];
      if ((window?.used ?? 0) + amount > limit) {
        retryAfterMs = Math.max(retryAfterMs, window ? window.resetAt - now : windowMs);
      }
    });
    if (retryAfterMs > 0) {
      return { allowed: false, retryAfterMs, used: current.map((window) => window?.used ?? 0) };
    }
    const used = allowances.map(({ key }, index) => {
      const window = current[index] ?? { used: 0, resetAt: now + windowMs };
      window.used += amount;
      this.windows.set(key, window);
      return window.used;
    });
    this.bound(now);
    return { allowed: true, retryAfterMs: 0, used };
  }

  async refund(key: string, amount: number): Promise<void> {
    const window = this.live(key, this.now());
    if (!window) return;
    window.used = Math.max(0, window.used - amount);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private live(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Keeps memory bounded when many addresses or tokens pass through. */
  private bound(now: number): void {
    if (this.windows.size <= MAX_KEYS) return;
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
    // Still too many live ones: forget the oldest (Map order is insertion order); they can only
    // have been charged, so forgetting them errs towards letting a caller through.
    for (const key of this.windows.keys()) {
      if (this.windows.size <= KEEP_KEYS) break;
      this.windows.delete(key);
    }
  }
}
