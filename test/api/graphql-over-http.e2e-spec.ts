import type { AddressInfo } from 'node:net';
import { serverAudits, type AuditResult } from 'graphql-http';
import { TestApp } from '../support/test-app';

/**
 * GraphQL over HTTP conformance (https://graphql.github.io/graphql-over-http/draft/), checked by
 * graphql-http's `serverAudits` against the app listening on a real port. Every MUST audit
 * passes; the SHOULD and MAY audits this API answers otherwise are pinned below by id, each with
 * its reason, so a change in either direction (a regression, or Apollo starting to conform) fails
 * here and gets looked at.
 *
 * The audits send anonymous requests. They only ask for `__typename` (and `__type` for the
 * variables audits), which no guard stands in front of, so they need no token; a protected field
 * asked for without one is a GraphQL error in a 200, see the last tests.
 */

/**
 * SHOULD audits answered otherwise on purpose. The spec asks for 200 under application/json for
 * a request that is well-formed HTTP but whose document does not parse or validate or whose
 * variables do not coerce (the "legacy" media type, for intermediaries that drop non-2xx bodies).
 * Apollo Server answers these with 400 whatever the client accepts, as it does for the abuse
 * limits (QUERY_TOO_DEEP, TOO_MANY_ALIASES, QUERY_TOO_LARGE: test/security/document-limits), and
 * clients of this API tell a request they must fix from a result by that status. Under
 * application/graphql-response+json, which the spec recommends, 400 is what it asks for, and
 * those audits pass.
 */
const DELIBERATE_SHOULD: Readonly<Record<string, string>> = {
  '572B': 'document parse failure under application/json: 400, not 200',
  FDE2: 'document validation failure under application/json: 400, not 200',
  // The audit's document, `query CoerceFailure($id: ID!) { __typename }`, already fails
  // validation (unused variable), so this is the same 400 as FDE2.
  '7B9B': 'variable coercion failure under application/json: 400, not 200',
};

/**
 * MAY audits that GET a query with no header but Accept. Apollo's CSRF prevention (csrfPrevention
 * in src/infrastructure/graphql/graphql.config.ts) refuses, with 400, a GET that a browser could
 * send cross-site without a preflight: a GET must carry `apollo-require-preflight` (any value)
 * or `x-apollo-operation-name`. With that header they pass (second test).
 */
const CSRF_REFUSED_GET_MAY = ['5A70', 'D6D5', '6A70'];

/** The header a non-browser client sends with a GET (docs/api.md). */
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

function requirement(result: AuditResult): 'MUST' | 'SHOULD' | 'MAY' {
  return result.name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY';
}

async function runAudits(url: string, fetchFn?: typeof fetch): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  // One at a time: a few dozen small requests, no need to load a shared machine.
  for (const audit of serverAudits({ url, fetchFn })) results.push(await audit.fn());
  return results;
}

/** "id status (HTTP status): reason" for every audit that did not pass, for readable failures. */
function failures(results: AuditResult[]): Record<string, string> {
  const failed: Record<string, string> = {};
  for (const result of results) {
    if (result.status === 'ok') continue;
    failed[result.id] =
      `${result.status} (${result.response.status}): ${result.name}: ${result.reason}`;
  }
  return failed;
}

interface GraphqlBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function bodyOf(response: Response): Promise<GraphqlBody> {
  return (await response.json()) as GraphqlBody;
}

/** The error codes of a GraphQL response, in order. */
async function codesOf(response: Response): Promise<Array<string | undefined>> {
  return ((await bodyOf(response)).errors ?? []).map((error) => error.extensions?.code);
}

/** A fetch that adds headers to every request the audits make. */
function fetchWith(extra: Record<string, string>): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
}

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('passes every MUST audit, and every SHOULD and MAY audit but the deliberate ones', async () => {
    const results = await runAudits(url);
    expect(results.length).toBeGreaterThan(50);

    const must = results.filter((result) => requirement(result) === 'MUST');
    expect(must.length).toBeGreaterThan(0);
    expect(failures(must)).toEqual({});

    const should = failures(results.filter((result) => requirement(result) === 'SHOULD'));
    expect(Object.keys(should).sort()).toEqual(Object.keys(DELIBERATE_SHOULD).sort());
    for (const result of results) {
      if (result.id in DELIBERATE_SHOULD && result.status !== 'ok') {
        expect([result.status, result.response.status]).toEqual(['warn', 400]);
      }
    }

    const may = failures(results.filter((result) => requirement(result) === 'MAY'));
    expect(Object.keys(may).sort()).toEqual([...CSRF_REFUSED_GET_MAY].sort());
  });

  it('passes the GET audits too when the requests carry the CSRF preflight header', async () => {
    const results = await runAudits(url, fetchWith(PREFLIGHT));
    const notOk = failures(results);
    expect(Object.keys(notOk).sort()).toEqual(Object.keys(DELIBERATE_SHOULD).sort());
    // Including "MAY NOT allow executing mutations on GET requests", now refused by Apollo
    // itself rather than by the CSRF check: see the next test.
    expect(results.find((result) => result.id === '9C48')?.status).toBe('ok');
  });

  it('runs queries over GET and refuses mutations over GET with 405 Allow: POST', async () => {
    const get = (query: string) =>
      fetch(`${url}?query=${encodeURIComponent(query)}`, {
        headers: { ...PREFLIGHT, accept: 'application/graphql-response+json' },
      });
    const query = await get('{ __typename }');
    expect(query.status).toBe(200);
    expect(await bodyOf(query)).toHaveProperty('data', { __typename: 'Query' });

    const mutation = await get('mutation { __typename }');
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(mutation.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await codesOf(mutation)).toEqual(['BAD_REQUEST']);
  });

  describe('a body refused before GraphQL reads it is answered in the accepted media type', () => {
    const post = (body: string, accept?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
        body,
      });
    const oversized = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(1_100_000) });

    it.each([
      ['application/graphql-response+json', /^application\/graphql-response\+json; charset=utf-8/],
      [
        'application/graphql-response+json, application/json;q=0.9',
        /^application\/graphql-response\+json/,
      ],
      ['application/json', /^application\/json; charset=utf-8/],
      ['*/*', /^application\/json/],
      [undefined, /^application\/json/],
    ])('Accept: %s', async (accept, contentType) => {
      const malformed = await post('{"query": "{ __typename }"', accept);
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toMatch(contentType);
      const body = await bodyOf(malformed);
      expect(body).not.toHaveProperty('data');
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);

      const tooLarge = await post(oversized, accept);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get('content-type')).toMatch(contentType);
      expect(await codesOf(tooLarge)).toEqual(['QUERY_TOO_LARGE']);
    });
  });

  it('answers a mutation whose input is refused with its user errors in a 200, under either media type', async () => {
    // Executed and answered with data: the refusal is in the payload, not a request error.
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({
          query: `mutation { signUp(input: { email: "http-audit@example.com", password: "short", role: CREATOR, displayName: "Probe" }) {
            userErrors { field code } token } }`,
        }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(
        new RegExp(`^${accept.replace('+', '\\+')}`),
      );
      const body = await bodyOf(response);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({
        signUp: {
          userErrors: [{ field: ['input', 'password'], code: 'PASSWORD_TOO_SHORT' }],
          token: null,
        },
      });
    }
  });

  it('answers an anonymous or badly authenticated protected query with UNAUTHENTICATED in a 200', async () => {
    // The spec: a request that was well-formed and executed answers 2xx under either media type
    // (under application/graphql-response+json because the response has a `data` entry).
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      for (const authorization of [undefined, 'Bearer not-a-token']) {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept,
            ...(authorization ? { authorization } : {}),
          },
          body: JSON.stringify({ query: '{ __typename me { id } }' }),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(
          new RegExp(`^${accept.replace('+', '\\+')}`),
        );
        const body = await bodyOf(response);
        expect(body).toHaveProperty('data', null);
        expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      }
    }
  });
});
