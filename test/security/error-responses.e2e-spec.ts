import { createHash } from 'node:crypto';
import { withoutErrorLogs } from '../support/error-log';
import { signUpCreator } from '../support/factories';
import { TestApp } from '../support/test-app';
import { post } from './support';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What error answers give away, outside development: no stack traces, no absolute server paths,
 * no `X-Powered-By`; and Apollo's own refusals of a malformed request (persisted queries) are the
 * client's errors with their HTTP status, not logged internal errors.
 */
describe.each(['test', 'production'])('error responses with NODE_ENV=%s', (nodeEnv) => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: nodeEnv });
    token = (await signUpCreator(t)).token;
  });
  afterAll(async () => {
    await t.close();
  });

  /** Each kind of refusal the server has, over GraphQL and over the plain HTTP routes. */
  const probes: Array<[string, () => Promise<{ status: number; headers: any; text: string }>]> = [
    ['a syntax error', () => post(t, { query: '{ me { ' })],
    ['a validation error', () => post(t, { query: '{ nope }' })],
    ['an unauthenticated query', () => post(t, { query: '{ me { id } }' })],
    [
      'a bad variable',
      () =>
        post(
          t,
          { query: 'query($n: Int) { deals(first: $n) { totalCount } }', variables: { n: 'x' } },
          { token },
        ),
    ],
    [
      'an impossible date',
      () =>
        post(
          t,
          {
            query:
              '{ outageImpact(outageId: "00000000-0000-4000-8000-000000000000", asOf: "2031-02-30T00:00:00Z") { provisional } }',
          },
          { token },
        ),
    ],
    [
      'a NUL',
      () =>
        post(
          t,
          { query: 'query($id: ID!) { deal(id: $id) { id } }', variables: { id: '\u0000' } },
          { token },
        ),
    ],
    [
      'a mutation input refused in its payload',
      () =>
        post(t, {
          query: `mutation { signUp(input: { email: "probe@example.com", password: "short", role: CREATOR, displayName: "Probe" }) {
            userErrors { field code message } token } }`,
        }),
    ],
    ['a body that is not JSON', () => post(t, '{"query": ')],
    ['a batch', () => post(t, [{ query: '{ __typename }' }, { query: '{ __typename }' }])],
    [
      'a persisted query whose hash is not the query’s',
      () =>
        post(t, {
          query: '{ __typename }',
          extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ me { id } }') } },
        }),
    ],
    ['a report without a token', () => t.http().get('/reports/period.csv')],
    [
      'a report with a bad date',
      () =>
        t
          .http()
          .get('/reports/period.csv?from=0000-01-01T00:00:00Z&to=x')
          .set('authorization', `Bearer ${token}`),
    ],
    ['a report path that cannot be decoded', () => t.http().get('/reports/%E0%A4%A.csv')],
    ['an unknown route', () => t.http().get('/nowhere')],
  ];

  it.each(probes)('%s: no stack trace, no server path, no X-Powered-By', async (_what, send) => {
    const response = await withoutErrorLogs(send);
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.text).not.toMatch(/stacktrace|"stack"/i);
    expect(response.text).not.toContain(process.cwd());
    expect(response.text).not.toMatch(/\.[jt]s:\d+|\bat [\w.<>]+ \(|node_modules/);
  });

  it('lists a refused mutation input in its payload: a 200 with no top-level error', async () => {
    const response = await post(t, {
      query: `mutation { signUp(input: { email: "refused@example.com", password: "short", role: CREATOR, displayName: "Probe" }) {
        userErrors { field code message } token } }`,
    });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({
      signUp: {
        userErrors: [
          { field: ['input', 'password'], code: 'PASSWORD_TOO_SHORT', message: expect.any(String) },
        ],
        token: null,
      },
    });
  });

  it('sends no X-Powered-By on a success either', async () => {
    const response = await post(t, { query: '{ __typename }' });
    expect(response.status).toBe(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps Express’s last-resort error page free of stacks (its env is not development)', () => {
    const express = t.app.getHttpAdapter().getInstance() as { get(name: string): unknown };
    expect(express.get('env')).toBe('production');
  });

  describe('automatic persisted queries', () => {
    const query = '{ __typename }';

    it('refuses a hash that is not the query’s as BAD_REQUEST (400), unlogged', async () => {
      const response = await withoutErrorLogs(() =>
        post(t, {
          query,
          extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
      ]);
    });

    it('refuses an unknown version as BAD_REQUEST (400), unlogged', async () => {
      const response = await withoutErrorLogs(() =>
        post(t, {
          query,
          extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } },
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
    });

    it('passes PERSISTED_QUERY_NOT_FOUND through with Apollo’s status, then registers and serves', async () => {
      const hash = sha256(query);
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      const missing = await withoutErrorLogs(() => post(t, { extensions }));
      expect(missing.status).toBe(200);
      expect(missing.body.errors[0].extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_FOUND' });
      const registered = await post(t, { query, extensions });
      // Besides the data, only what the request cost (extensions.cost): no errors.
      expect(registered.body).toEqual({
        data: { __typename: 'Query' },
        extensions: { cost: expect.objectContaining({ requestedQueryCost: 1 }) },
      });
      const served = await post(t, { extensions });
      expect(served.body).toEqual({
        data: { __typename: 'Query' },
        extensions: { cost: expect.objectContaining({ requestedQueryCost: 1 }) },
      });
    });
  });
});
