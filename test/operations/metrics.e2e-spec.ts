import { TestApp } from '../support/test-app';
import { createDeal, signUpAdmin, type Account } from '../support/factories';
import { hasSeries, parsePrometheusText, valueOf, type PromSample } from './prometheus-text';

const METRICS_TOKEN = 'scrape-me-please-0123456789';
const OPERATION = 'deal_ledger_graphql_operation_duration_seconds_count';
const HTTP = 'deal_ledger_http_request_duration_seconds_count';
const ERRORS = 'deal_ledger_graphql_errors_total';
const REFUSALS = 'deal_ledger_rate_limit_refusals_total';

/** Costs 1 + 100 × (1 + 1 + (1 + 10 × 2)) = 2301 (src/security/query-cost.ts). */
const EXPENSIVE = `query Expensive { deals(first: 100) { edges { node { deliverables { id title } } } } }`;

/**
 * GET /metrics, scraped like Prometheus does: requests of every outcome move the counters and
 * histograms by exactly what was sent, on whichever database the suite runs against.
 */
describe('GET /metrics', () => {
  let t: TestApp;
  let admin: Account;

  beforeAll(async () => {
    t = await TestApp.start({
      METRICS_TOKEN,
      // Room for this spec's own calls; a throwaway token spends its budget in three requests.
      RATE_LIMIT_COST_PER_MINUTE: '5000',
    });
    admin = await signUpAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function scrape(): Promise<PromSample[]> {
    const response = await t
      .http()
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(response.text);
  }

  it('refuses a scrape without the token, or with another one', async () => {
    const missing = await t.http().get('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.text).not.toContain('deal_ledger_');
    const wrong = await t
      .http()
      .get('/metrics')
      .set('authorization', 'Bearer not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('deal_ledger_');
  });

  it('counts operations by name and outcome, errors by code, and rate-limit refusals', async () => {
    const before = await scrape();

    await t.gqlOk(`query Viewer { me { id } }`, {}, admin.token);
    await t.gqlOk(`query Viewer { me { id } }`, {}, admin.token);
    // A refused input: the payload's userErrors, no top-level error.
    const refused = await t.gql(
      `mutation Refused($input: CreateDealInput!) { createDeal(input: $input) { userErrors { code } } }`,
      {
        input: {
          title: 'x',
          brandName: 'Acme',
          currency: 'USD',
          totalFee: '-1.00',
          deliverables: [],
        },
      },
      admin.token,
    );
    expect(refused.errors).toBeUndefined();
    expect(refused.data?.createDeal.userErrors.length).toBeGreaterThan(0);
    // A validation error: no operation is resolved.
    const invalid = await t.gql(`query Broken { noSuchField }`, {}, admin.token);
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // An anonymous operation that fails: no token.
    const anonymous = await t.gql(`{ me { id } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A throwaway token: charged 2031 twice (each then refused as UNAUTHENTICATED), then refused.
    const spent = [];
    for (let call = 0; call < 3; call += 1) spent.push(await t.gql(EXPENSIVE, {}, 'throwaway'));
    expect(spent.map((answer) => answer.errors?.[0].extensions?.code)).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
    ]);
    expect(spent[2].status).toBe(429);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    expect(delta(OPERATION, { operation: 'Viewer', outcome: 'ok' })).toBe(2);
    expect(delta(OPERATION, { operation: 'Refused', outcome: 'user_errors' })).toBe(1);
    expect(delta(OPERATION, { operation: 'Refused', outcome: 'ok' })).toBe(0);
    expect(delta(OPERATION, { operation: '(invalid)', outcome: 'error' })).toBe(1);
    expect(delta(OPERATION, { operation: '(anonymous)', outcome: 'error' })).toBe(1);
    expect(delta(OPERATION, { operation: 'Expensive', outcome: 'error' })).toBe(3);
    expect(delta(ERRORS, { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(delta(ERRORS, { code: 'UNAUTHENTICATED' })).toBe(3);
    expect(delta(ERRORS, { code: 'RATE_LIMITED' })).toBe(1);
    expect(delta(REFUSALS, { surface: 'graphql', reason: 'QUERY_BUDGET_SPENT' })).toBe(1);
    // The eight requests above went to /graphql; the scrape before counts as /metrics.
    expect(delta(HTTP, { route: '/graphql', method: 'POST' })).toBe(8);
    expect(delta(HTTP, { route: '/graphql', status: '429' })).toBe(1);
    expect(delta(HTTP, { route: '/graphql', status: '400' })).toBe(1);
    expect(delta(HTTP, { route: '/metrics', method: 'GET', status: '200' })).toBe(1);
    // The histogram's sum moved too (seconds spent), and its +Inf bucket equals its count.
    expect(
      delta('deal_ledger_graphql_operation_duration_seconds_sum', { operation: 'Viewer' }),
    ).toBeGreaterThan(0);
    expect(
      valueOf(after, 'deal_ledger_graphql_operation_duration_seconds_bucket', {
        operation: 'Viewer',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBe(valueOf(after, OPERATION, { operation: 'Viewer', outcome: 'ok' }));
  });

  it('labels plain HTTP routes by their pattern, not by the path sent', async () => {
    const before = await scrape();
    const id = '00000000-0000-4000-8000-000000000001';
    await t.http().get(`/health/live`).expect(200);
    await t.http().get(`/no/such/${id}`).expect(404);
    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      valueOf(after, HTTP, labels) - valueOf(before, HTTP, labels);
    expect(delta({ route: '/health/live', status: '200' })).toBe(1);
    expect(delta({ route: '(unmatched)', status: '404' })).toBe(1);
    expect(after.some((sample) => Object.values(sample.labels).some((v) => v.includes(id)))).toBe(
      false,
    );
  });

  it('counts impact computations and the deliverables they hit', async () => {
    await createDeal(t, admin.token);
    const before = await scrape();
    const answer = await t.gqlOk(
      `query Simulate($input: SimulateOutageInput!) {
         simulateOutage(input: $input, asOf: "2030-03-06T00:00:00Z") { deliverables(first: 1) { totalCount } }
       }`,
      {
        input: {
          platformSlugs: ['meta'],
          startsAt: '2030-03-05T15:00:00Z',
          endsAt: '2030-03-05T17:00:00Z',
          severity: 'FULL',
        },
      },
      admin.token,
    );
    const hits = answer.simulateOutage.deliverables.totalCount as number;
    expect(hits).toBeGreaterThan(0);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('deal_ledger_impact_computations_total', { kind: 'simulated' })).toBe(1);
    expect(delta('deal_ledger_impact_deliverables_hit_total', { kind: 'simulated' })).toBe(hits);
    expect(
      delta('deal_ledger_impact_computation_duration_seconds_count', { kind: 'simulated' }),
    ).toBe(1);
    expect(delta('deal_ledger_impact_computations_total', { kind: 'recorded' })).toBe(0);
  });

  it('reports the pool, the outbox backlog and the process', async () => {
    const samples = await scrape();
    const engine = process.env.DATABASE_URL ? 'server' : 'embedded';
    // The embedded engine has exactly one connection; the server pool DATABASE_POOL_SIZE (10).
    expect(valueOf(samples, 'deal_ledger_db_pool_max_connections', { engine })).toBe(
      engine === 'embedded' ? 1 : 10,
    );
    expect(valueOf(samples, 'deal_ledger_db_pool_connections', { engine })).toBeGreaterThanOrEqual(
      1,
    );
    expect(hasSeries(samples, 'deal_ledger_db_pool_waiting_requests')).toBe(true);
    expect(
      valueOf(samples, 'deal_ledger_db_pool_acquire_duration_seconds_count', { engine }),
    ).toBeGreaterThan(0);
    // The worker is off in tests, so the deal's events wait: the gauge counts what the table holds.
    const [waiting] = await t.sql<{ events: number }>(
      `SELECT count(*)::int AS events FROM webhook_events WHERE fanned_out_at IS NULL`,
    );
    expect(valueOf(samples, 'deal_ledger_webhook_outbox_backlog', { kind: 'events' })).toBe(
      Number(waiting.events),
    );
    expect(hasSeries(samples, 'process_cpu_user_seconds_total')).toBe(true);
    expect(hasSeries(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is not there: 404, whatever the request carries', async () => {
    expect((await t.http().get('/metrics')).status).toBe(404);
    const withToken = await t.http().get('/metrics').set('authorization', 'Bearer anything-at-all');
    expect(withToken.status).toBe(404);
    expect(withToken.text).not.toContain('deal_ledger_');
  });
});
