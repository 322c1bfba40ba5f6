import { postGraphql } from './app-server';
import { BENCH_ADMIN } from './dataset';
import { IMPACT_AS_OF, IMPACT_QUERY } from './queries';
import { summarize, time, type TimingSummary } from './stats';

export const BENCH_OUTAGE_ID_SQL = `SELECT md5('outage-bench')::uuid::text AS id`;

export async function signIn(
  endpoint: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const { body } = await postGraphql<{ signIn: { token: string } }>(
    endpoint,
    'mutation SignIn($input: SignInInput!) { signIn(input: $input) { token } }',
    { input: credentials },
  );
  const token = body.data?.signIn.token;
  if (!token) throw new Error(`Could not sign in as ${credentials.email}: ${JSON.stringify(body)}`);
  return token;
}

export interface ImpactHttpResult {
  summary: TimingSummary;
  samplesMs: number[];
  /** Hit deliverables the answer counts (its items' totalCount). */
  hits: number;
}

/** `outageImpact` for the bench outage over HTTP as the administrator, one request at a time. */
export async function benchImpactOverHttp(
  baseUrl: string,
  outageId: string,
  runs: number,
  warmup: number,
): Promise<ImpactHttpResult> {
  const endpoint = `${baseUrl}/graphql`;
  const token = await signIn(endpoint, BENCH_ADMIN);
  const variables = { outageId, asOf: IMPACT_AS_OF.toISOString() };
  const { samplesMs, last } = await time(
    () =>
      postGraphql<{ outageImpact: { deliverables: { totalCount: number } } }>(
        endpoint,
        IMPACT_QUERY,
        variables,
        token,
      ),
    runs,
    warmup,
  );
  if (last.body.errors?.length || !last.body.data) {
    throw new Error(`outageImpact failed: ${JSON.stringify(last.body.errors ?? last.body)}`);
  }
  return {
    summary: summarize(samplesMs),
    samplesMs: samplesMs.map((ms) => Math.round(ms * 100) / 100),
    hits: last.body.data.outageImpact.deliverables.totalCount,
  };
}
