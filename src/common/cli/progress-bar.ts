export interface ProgressBarOptions {
  /** Width the label is padded to, so that the bars of several steps line up. */
  labelWidth?: number;
  /** Nothing is drawn while the total is below this: a short job needs no bar. */
  minTotal?: number;
  /** Where the bar goes; stderr by default, so that it never mixes with a command's output. */
  stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
}

/**
 * The command-line progress bar (`npm run report`, the bench's data set steps): redrawn in place
 * on a terminal, one line every 10 % elsewhere (CI logs). The total may change between updates
 * (a report learns its row count late); `finish()` adds a line with the step's duration.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastTenth = -1;
  /** The terminal line ends at 100 %; drawing it again after that would repeat the line. */
  private lineEnded = false;

  constructor(
    private readonly label: string,
    private total = 0,
    private readonly options: ProgressBarOptions = {},
  ) {}

  /** `(done, total) => void`, for code that reports progress to a listener. */
  readonly listener = (done: number, total: number): void => this.update(done, total);

  update(done: number, total = this.total): void {
    this.total = total;
    if (total < (this.options.minTotal ?? 0)) return;
    const stream = this.options.stream ?? process.stderr;
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const line = `${this.label.padEnd(this.options.labelWidth ?? 0)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)} % (${done.toLocaleString('en')}/${total.toLocaleString('en')})`;
    if (stream.isTTY) {
      if (ratio < 1) this.lineEnded = false;
      else if (this.lineEnded) return;
      this.lineEnded = ratio >= 1;
      stream.write(`\r${line}${this.lineEnded ? '\n' : ''}`);
    } else if (Math.floor(ratio * 10) > this.lastTenth) {
      this.lastTenth = Math.floor(ratio * 10);
      stream.write(`${line}\n`);
    }
  }

  /** Draws 100 % and says how long the step took. */
  finish(): void {
    this.update(this.total);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    (this.options.stream ?? process.stderr).write(`  ${this.label}: done in ${seconds} s\n`);
  }
}
