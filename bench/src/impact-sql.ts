import { Client } from 'pg';
import { candidateSql } from '../../src/impact/impact.repository';
import { BENCH_OUTAGE } from './dataset';
import { summarize, time, type TimingSummary } from './stats';

export interface CandidateResult {
  name: string;
  /** What a run measures, end to end from this process: send, plan, execute, receive every row. */
  description: string;
  summary: TimingSummary;
  samplesMs: number[];
  /** Deliverables the outage hits (entries of the candidate query's `hits`). */
  rows: number;
  /** Deliverables whose slot overlaps the window on any platform: what the GiST scan returns. */
  slotOverlaps: number;
  /**
   * The floor: the bare GiST lookup of the same window (`FLOOR_SQL`, a count, so no rows are
   * sent), timed the same way on the same connection just before the candidate query.
   */
  floor: TimingSummary;
  /** Server-side execution time of one EXPLAIN ANALYZE, and whether the slot index did the work. */
  explainExecutionMs: number;
  usesSlotIndex: boolean;
}

/** The bare GiST lookup of the outage window: what no impact query can beat. */
const FLOOR_SQL = `SELECT count(*)::text AS count FROM deliverables d
  WHERE deliverable_slot(d.scheduled_at, d.duration_minutes) && tstzrange($1, $2, '[)')`;

/**
 * The impact engine's candidate query exactly as the service sends it for an administrator
 * (`candidateSql('TRUE')`), with the outage's direct platform (Meta) and its window, over one
 * `pg` connection: no Nest, no TypeORM, no engine — the SQL floor of `outageImpact`.
 */
export async function benchCandidateSql(
  url: string,
  runs: number,
  warmup: number,
): Promise<CandidateResult> {
  const client = new Client({ connectionString: url, application_name: 'deal-ledger-bench' });
  await client.connect();
  try {
    const { rows: platforms } = await client.query<{ id: string }>(
      `SELECT id FROM platforms WHERE slug = $1`,
      [BENCH_OUTAGE.platformSlug],
    );
    if (platforms.length !== 1) throw new Error(`No platform ${BENCH_OUTAGE.platformSlug}`);
    const sql = candidateSql('TRUE');
    const parameters = [[platforms[0].id], BENCH_OUTAGE.startsAt, BENCH_OUTAGE.endsAt];

    const window = [BENCH_OUTAGE.startsAt, BENCH_OUTAGE.endsAt];
    const floor = await time(() => client.query(FLOOR_SQL, window), runs, warmup);
    const { samplesMs, last } = await time(() => client.query(sql, parameters), runs, warmup);

    const { rows: overlaps } = await client.query<{ count: string }>(FLOOR_SQL, window);
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
      parameters,
    );
    const lines = plan.map((line) => line['QUERY PLAN']);
    const execution = lines.find((line) => line.startsWith('Execution Time'));
    return {
      name: 'candidate SQL (pg)',
      description: 'candidateSql(TRUE) over one pg connection, its JSON answer fetched and parsed',
      summary: summarize(samplesMs),
      samplesMs: samplesMs.map((ms) => Math.round(ms * 100) / 100),
      rows: (last.rows[0] as { hits: unknown[] }).hits.length,
      slotOverlaps: Number(overlaps[0].count),
      floor: summarize(floor.samplesMs),
      explainExecutionMs: Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? NaN),
      usesSlotIndex: lines.some((line) => line.includes('deliverables_slot_gist')),
    };
  } finally {
    await client.end();
  }
}
