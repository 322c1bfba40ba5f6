export type ProgressListener = (done: number, total: number) => void;

/**
 * Counts work units (one per outage assessed, one per deliverable row built) for a progress bar.
 * `done` never decreases and never exceeds `total`; `total` may grow once the rows are known, and
 * the last call has done === total.
 */
export class ProgressCounter {
  private done = 0;

  constructor(
    private readonly listener: ProgressListener | undefined,
    private total: number,
  ) {}

  start(): void {
    this.listener?.(this.done, this.total);
  }

  setTotal(total: number): void {
    this.total = Math.max(total, this.done);
  }

  advance(units = 1): void {
    this.done = Math.min(this.total, this.done + units);
    this.listener?.(this.done, this.total);
  }

  finish(): void {
    this.total = Math.max(this.total, this.done);
    this.done = this.total;
    this.listener?.(this.done, this.total);
  }
}
