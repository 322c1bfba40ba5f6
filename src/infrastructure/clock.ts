/**
 * The wall clock, injected. Services ask `clock.now()` instead of calling `new Date()`, so a test
 * can pin "now" (FixedClock) and check what happens when a deadline passes or a token expires
 * without waiting. The pure engines never read a clock: `asOf` is their argument.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Milliseconds since the epoch, for durations and expiries. */
  millis(): number {
    return this.now().getTime();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that moves only when told: `set` or `advance`. */
export class FixedClock extends Clock {
  private instant: number;

  constructor(at: Date | string) {
    super();
    this.instant = new Date(at).getTime();
    if (Number.isNaN(this.instant)) throw new Error(`FixedClock: not an instant: ${String(at)}`);
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(at: Date | string): void {
    this.instant = new Date(at).getTime();
  }

  advance(milliseconds: number): void {
    this.instant += milliseconds;
  }
}
