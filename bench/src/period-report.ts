import { postGraphql } from './app-server';
import { BENCH_ADMIN, BENCH_OUTAGE } from './dataset';
import { benchImpactOverHttp, signIn, type ImpactHttpResult } from './impact-http';
import { IMPACT_AS_OF } from './queries';
import { summarize, time, type TimingSummary } from './stats';

const DAY_MS = 86_400_000;

/**
 * Thirty days around the bench outage (15 days either side of its start): the launch-day
 * outage and the generated outages that fall in that month, all counted at IMPACT_AS_OF.
 */
export const PERIOD = {
  from: new Date(BENCH_OUTAGE.startsAt.getTime() - 15 * DAY_MS),
  to: new Date(BENCH_OUTAGE.startsAt.getTime() + 15 * DAY_MS),
};

/** What a period report's first screen shows: the outages, totals by platform, 20 deliverables. */
export const PERIOD_REPORT_QUERY = `query BenchPeriod($from: DateTime!, $to: DateTime!, $asOf: DateTime!) {
  periodReport(from: $from, to: $to, asOf: $asOf) {
    kind
    evaluatedAt
    outages(first: 100) { totalCount edges { node { id deliverablesHit } } }
    byPlatform(first: 20) { totalCount }
    deliverables(first: 20) { totalCount edges { node { brandName creatorName currency } } }
  }
}`;

export interface PeriodReportResult {
  period: { from: string; to: string };
  /** Outages the report covers and deliverables it counts (each once). */
  outages: number;
  deliverables: number;
  report: TimingSummary;
  samplesMs: number[];
  /** One outage's `outageImpact` on the same server, just before. */
  oneOutage: ImpactHttpResult;
  /** Report median ÷ one outage's median. */
  ratio: number;
}

interface PeriodAnswer {
  periodReport: {
    outages: { totalCount: number };
    deliverables: { totalCount: number };
  };
}

/**
 * `periodReport` over PERIOD and `outageImpact` of the bench outage, over HTTP as the
 * administrator, one request at a time, on the server at `baseUrl`.
 */
export async function benchPeriodReport(
  baseUrl: string,
  outageId: string,
  runs: number,
  warmup: number,
): Promise<PeriodReportResult> {
  const endpoint = `${baseUrl}/graphql`;
  const oneOutage = await benchImpactOverHttp(baseUrl, outageId, runs, warmup);
  const token = await signIn(endpoint, BENCH_ADMIN);
  const variables = {
    from: PERIOD.from.toISOString(),
    to: PERIOD.to.toISOString(),
    asOf: IMPACT_AS_OF.toISOString(),
  };
  const { samplesMs, last } = await time(
    () => postGraphql<PeriodAnswer>(endpoint, PERIOD_REPORT_QUERY, variables, token),
    runs,
    warmup,
  );
  if (last.body.errors?.length || !last.body.data) {
    throw new Error(`periodReport failed: ${JSON.stringify(last.body.errors ?? last.body)}`);
  }
  const report = summarize(samplesMs);
  return {
    period: { from: variables.from, to: variables.to },
    outages: last.body.data.periodReport.outages.totalCount,
    deliverables: last.body.data.periodReport.deliverables.totalCount,
    report,
    samplesMs: samplesMs.map((ms) => Math.round(ms * 100) / 100),
    oneOutage,
    ratio: report.medianMs / oneOutage.summary.medianMs,
  };
}
