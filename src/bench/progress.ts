/**
 * A text progress bar on stderr for one generation step: redrawn in place on a terminal, one line
 * every 10 % elsewhere (CI logs), and always a final line with the step's duration.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastTenth = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {
    this.update(0);
  }

  update(done: number): void {
    const ratio = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const width = 30;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const line = `${this.label.padEnd(24)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)} % (${done.toLocaleString('en')}/${this.total.toLocaleString('en')})`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}`);
    } else if (Math.floor(ratio * 10) > this.lastTenth) {
      this.lastTenth = Math.floor(ratio * 10);
      process.stderr.write(`${line}\n`);
    }
  }

  finish(): void {
    this.update(this.total);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    process.stderr.write(
      `${process.stderr.isTTY ? '\n' : ''}  ${this.label}: done in ${seconds} s\n`,
    );
  }
}
