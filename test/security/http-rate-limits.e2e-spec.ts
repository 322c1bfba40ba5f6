import { signUpCreator } from '../support/factories';
import { TestApp } from '../support/test-app';
import { post, redisKeys, twoInstancesSharingRedis } from './support';

const PERIOD = '/reports/period.csv?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z';
const EXPORT = '/exports/deals.csv';
// Well-formed but unknown: the feed answers 404, after being charged.
const FEED = `/calendar/dl_cal_${'A'.repeat(43)}.ics`;

/** A GET from `address` (the app trusts X-Forwarded-For from loopback), with a token or not. */
function get(t: TestApp, address: string, path: string, token?: string) {
  let call = t.http().get(path).set('x-forwarded-for', address);
  if (token) call = call.set('authorization', `Bearer ${token}`);
  return call;
}

function graphql(t: TestApp, address: string, query: string, token?: string) {
  return post(t, { query }, { token, headers: { 'x-forwarded-for': address } });
}

type HttpResponse = Awaited<ReturnType<typeof get>>;

/** 429, Retry-After and the plain HTTP routes' JSON error shape; nothing of the report. */
function expectRateLimited(response: HttpResponse) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers['content-type']).toContain('application/json');
  expect(response.headers['content-disposition']).toBeUndefined();
  expect(response.body).toEqual({
    error: {
      code: 'RATE_LIMITED',
      reason: 'QUERY_BUDGET_SPENT',
      message: `Too many requests; retry in ${retryAfter} s`,
      retryAfterSeconds: retryAfter,
    },
  });
}

describe('rate limits on /reports, /exports and /calendar, in-process store', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({
      RATE_LIMIT_COST_PER_MINUTE: '2500',
      RATE_LIMIT_COST_PER_MINUTE_PER_IP: '5000',
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('charges a token 1 000 per report or export, from the same budget as its GraphQL', async () => {
    const maya = await signUpCreator(t);
    const address = '203.0.113.1';
    expect((await get(t, address, EXPORT, maya.token)).status).toBe(200); // 1 000
    expect(
      (
        await graphql(
          t,
          address,
          `
            {
              me {
                id
              }
            }
          `,
          maya.token,
        )
      ).status,
    ).toBe(200); // 1 002
    expect((await get(t, address, PERIOD, maya.token)).status).toBe(200); // 2 002
    // 2 002 + 1 000 > 2 500: refused whole, from any address, before the guard looks the token
    // up or the export reads a deal (not one statement) …
    for (const from of [address, '203.0.113.2']) {
      let response: HttpResponse | undefined;
      const statements = await t.countQueries(async () => {
        response = await get(t, from, EXPORT, maya.token);
      });
      expectRateLimited(response!);
      expect(statements).toBe(0);
    }
    // … and charged nothing, so the token's GraphQL still has its 498 left …
    expect(
      (
        await graphql(
          t,
          address,
          `
            {
              me {
                id
                email
              }
            }
          `,
          maya.token,
        )
      ).status,
    ).toBe(200);
    // … which a query of 1 + 200 × 3 = 601 would overspend.
    expect(
      (
        await graphql(
          t,
          address,
          `
            {
              deals(first: 200) {
                edges {
                  node {
                    id
                  }
                }
              }
            }
          `,
          maya.token,
        )
      ).status,
    ).toBe(429);
    // Express routes case-insensitively, and the charge applies the same way.
    expectRateLimited(await get(t, '203.0.113.3', '/EXPORTS/Deals.csv', maya.token));
  });

  it('charges the client address for anonymous calls, 100 per calendar feed', async () => {
    const address = '203.0.113.10';
    // Four unauthenticated report calls (401, but charged: 4 000) and ten feeds (404: 1 000) …
    for (let call = 0; call < 4; call += 1) {
      expect((await get(t, address, PERIOD)).status).toBe(401);
    }
    for (let call = 0; call < 10; call += 1) {
      expect((await get(t, address, FEED)).status).toBe(404);
    }
    // … spend the address's 5 000: every route and GraphQL are refused from it now.
    for (const path of [FEED, PERIOD, EXPORT]) expectRateLimited(await get(t, address, path));
    expect(
      (
        await graphql(
          t,
          address,
          `
            {
              __typename
            }
          `,
        )
      ).status,
    ).toBe(429);
    // Another address is not affected.
    expect((await get(t, '203.0.113.11', FEED)).status).toBe(404);
  });

  it('gives a signed link a budget of its own, wherever it is opened from', async () => {
    const noor = await signUpCreator(t);
    const link = await t.gqlOk(`{ dealsExportLink { url } }`, {}, noor.token);
    const url = new URL(link.dealsExportLink.url);
    const path = `${url.pathname}${url.search}`;
    expect((await get(t, '198.51.100.1', path)).status).toBe(200);
    expect((await get(t, '198.51.100.2', path)).status).toBe(200);
    expectRateLimited(await get(t, '198.51.100.3', path)); // 3 000 > 2 500 for this link
    // The bearer token of the same user is another budget.
    expect((await get(t, '198.51.100.3', EXPORT, noor.token)).status).toBe(200);
  });
});

describe('rate limits on the HTTP routes, Redis store shared by two instances', () => {
  const shared = twoInstancesSharingRedis({
    RATE_LIMIT_COST_PER_MINUTE_PER_IP: '300',
    TRUST_PROXY: 'loopback',
  });
  const { prefix } = shared;

  it('spends one address budget across instances', async () => {
    const address = '203.0.113.20';
    for (const app of [shared.one, shared.two, shared.one]) {
      expect((await get(app, address, FEED)).status).toBe(404);
    }
    expectRateLimited(await get(shared.two, address, FEED));
    expectRateLimited(await get(shared.one, address, PERIOD));
    expect((await get(shared.two, '203.0.113.21', FEED)).status).toBe(404);
    for (const { key } of await redisKeys(prefix)) expect(key).not.toContain('203.0.113');
  });
});
