import autocannon from 'autocannon';
import { Pool } from 'pg';

export interface LoadResult {
  name: string;
  description: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Transport errors, timeouts, non-2xx answers and answers that failed the body check. */
  errors: number;
  /** SQL statements one request issues (measured separately, one request at a time). */
  statementsPerRequest?: number;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

/**
 * `connections` keep-alive clients POST `body` for `durationSeconds`; an answer counts as an error
 * unless it is 2xx and `bodyOk` accepts it (GraphQL reports errors with status 200).
 */
export async function httpLoad(
  name: string,
  description: string,
  url: string,
  body: string,
  headers: Record<string, string>,
  bodyOk: (body: string) => boolean,
  options: LoadOptions,
): Promise<LoadResult> {
  // autocannon hands the body over as a string (its typings allow a Buffer too).
  const verifyBody = (received: unknown) => bodyOk(String(received));
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections: options.connections,
    duration: options.durationSeconds,
    verifyBody,
  });
  return {
    name,
    description,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / options.durationSeconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + (result.mismatches ?? 0),
  };
}

/**
 * The ceiling: `sql` sent by `connections` concurrent clients over a pool of as many connections,
 * each sending the next as soon as its answer (every row) has arrived.
 */
export async function sqlLoad(
  name: string,
  description: string,
  databaseUrl: string,
  sql: string,
  parameters: unknown[],
  expectedRows: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  try {
    // Open every connection before the clock starts, as the HTTP servers have theirs warm.
    const warm = await Promise.all(
      Array.from({ length: options.connections }, () => pool.connect()),
    );
    warm.forEach((client) => client.release());
    const deadline = Date.now() + options.durationSeconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const started = process.hrtime.bigint();
        try {
          const { rowCount } = await pool.query(sql, parameters);
          if (rowCount !== expectedRows) errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    await pool.end();
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies.length === 0
      ? NaN
      : latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    name,
    description,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / options.durationSeconds),
    p50Ms: round(percentile(0.5)),
    p99Ms: round(percentile(0.99)),
    errors,
  };
}
