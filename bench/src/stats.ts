export interface TimingSummary {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

/** Median (mean of the middle two for an even count) and p95 by nearest rank, in ms. */
export function summarize(samplesMs: readonly number[]): TimingSummary {
  if (samplesMs.length === 0) throw new Error('No samples to summarize');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const p95 = sorted[Math.ceil(0.95 * sorted.length) - 1];
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    runs: sorted.length,
    medianMs: round(median),
    p95Ms: round(p95),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
    meanMs: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
  };
}

/** Times `fn` `runs` times after `warmup` untimed calls; returns the samples in ms. */
export async function time<T>(
  fn: () => Promise<T>,
  runs: number,
  warmup: number,
): Promise<{ samplesMs: number[]; last: T }> {
  let last = undefined as T;
  for (let index = 0; index < warmup; index += 1) last = await fn();
  const samplesMs: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    last = await fn();
    samplesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { samplesMs, last };
}
