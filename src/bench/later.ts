import type { DatasetInfo } from './dataset';
import type { TimingSummary } from './stats';

/**
 * Hooks for the next slices of the performance work. Each takes the data set (its database URL,
 * sizes, and through `BENCH_ADMIN` / `BENCH_OUTAGE` in ./dataset the administrator's credentials
 * and the outage to ask about) and returns a result for the table and results.json. None is
 * implemented yet: `run.ts` lists them as skipped.
 */
export interface ScenarioContext {
  dataset: DatasetInfo;
  runs: number;
  warmup: number;
}

export interface ScenarioResult {
  name: string;
  summary: TimingSummary;
  rows?: number;
  requestsPerSecond?: number;
}

export interface LaterScenario {
  name: string;
  description: string;
  run: (context: ScenarioContext) => Promise<ScenarioResult>;
}

class NotImplementedYet extends Error {
  constructor(name: string) {
    super(`${name}: not implemented yet`);
  }
}

/**
 * `outageImpact` through HTTP /graphql as the administrator: boot the built app on the bench
 * database (DATABASE_URL = dataset.url, a free PORT), `signIn` with BENCH_ADMIN once, then time
 * the query for the bench outage (id = md5('outage-bench')::uuid).
 */
export async function benchGraphqlOutageImpact(_context: ScenarioContext): Promise<ScenarioResult> {
  throw new NotImplementedYet('GraphQL outageImpact over HTTP');
}

/** The same request under concurrent load with autocannon: throughput and latency percentiles. */
export async function benchAutocannonOutageImpact(
  _context: ScenarioContext,
): Promise<ScenarioResult> {
  throw new NotImplementedYet('autocannon outageImpact');
}

/** A PostGraphile server on the same database, as a reference for the GraphQL layer's cost. */
export async function benchPostGraphileReference(
  _context: ScenarioContext,
): Promise<ScenarioResult> {
  throw new NotImplementedYet('PostGraphile reference');
}

export const LATER_SCENARIOS: LaterScenario[] = [
  {
    name: 'GraphQL outageImpact (HTTP, admin)',
    description: 'Nest + Apollo + engine, one request at a time',
    run: benchGraphqlOutageImpact,
  },
  {
    name: 'autocannon outageImpact',
    description: 'the same request under concurrent load',
    run: benchAutocannonOutageImpact,
  },
  {
    name: 'PostGraphile reference',
    description: 'generated GraphQL on the same data',
    run: benchPostGraphileReference,
  },
];
