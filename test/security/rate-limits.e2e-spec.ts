import { TestApp } from '../support/test-app';
import {
  post,
  redisKeys,
  rowCount,
  SIGN_UP,
  signUpInput,
  twoInstancesSharingRedis,
} from './support';

const ME = `{ me { id email } }`; // me 1 + id 1 + email 1 = 3
const TYPENAME = `{ __typename }`; // nothing to resolve, still 1: every request costs something

/** A POST /graphql from `address` (the app trusts X-Forwarded-For from loopback). */
function from(t: TestApp, address: string, query: string, token?: string, variables = {}) {
  return post(t, { query, variables }, { token, headers: { 'x-forwarded-for': address } });
}

async function signUpFrom(t: TestApp, address: string, email: string): Promise<string> {
  const response = await from(t, address, SIGN_UP, undefined, signUpInput(email));
  expect(response.body.errors).toBeUndefined();
  return response.body.data.signUp.token;
}

/** Checks the shape of a rate-limit refusal: 429, Retry-After, RATE_LIMITED, no data. */
function expectRateLimited(response: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors[0].extensions).toEqual({
    code: 'RATE_LIMITED',
    reason: 'QUERY_BUDGET_SPENT',
    retryAfterSeconds: retryAfter,
  });
}

describe('query rate limits, in-process store', () => {
  let t: TestApp;
  let tokenA: string;
  let tokenB: string;
  const minted: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start({
      RATE_LIMIT_COST_PER_MINUTE: '30',
      RATE_LIMIT_COST_PER_MINUTE_PER_IP: '100',
      TRUST_PROXY: 'loopback',
    });
    // signUp costs 50 + token 1 + user 1 + id 1 = 53: each from an address of its own.
    tokenA = await signUpFrom(t, '198.51.100.1', 'a@example.com');
    tokenB = await signUpFrom(t, '198.51.100.2', 'b@example.com');
    for (let index = 0; index < 4; index += 1) {
      const response = await from(
        t,
        '198.51.100.2',
        `mutation { createAccessToken(input: { name: "t${index}" }) { token } }`,
        tokenB,
      );
      minted.push(response.body.data.createAccessToken.token);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells every charged response what it cost and what is left of the tightest budget', async () => {
    const fresh = await signUpFrom(t, '198.51.100.9', 'cost@example.com');
    // Token budget 30 is tighter than the address budget 100: the token's is reported.
    const first = await from(t, '203.0.113.9', ME, fresh);
    expect(first.body.extensions.cost).toEqual({
      requestedQueryCost: 3,
      maximumQueryCost: 15_000,
      throttleStatus: { limitPerMinute: 30, remaining: 27 },
    });
    const second = await from(t, '203.0.113.9', TYPENAME, fresh);
    expect(second.body.extensions.cost.throttleStatus).toEqual({
      limitPerMinute: 30,
      remaining: 26,
    });
    // No token: the caller's address budget (100) is what limits it.
    const anonymous = await from(t, '203.0.113.10', TYPENAME);
    expect(anonymous.body.extensions.cost).toEqual({
      requestedQueryCost: 1,
      maximumQueryCost: 15_000,
      throttleStatus: { limitPerMinute: 100, remaining: 99 },
    });
  });

  it('counts cost per token, not requests, and refuses with 429 and Retry-After', async () => {
    // deals(first: 8): 1 + 8 × (edges 1 + node 1 + id 1) = 25
    const deals = await from(
      t,
      '203.0.113.1',
      `{ deals(first: 8) { edges { node { id } } } }`,
      tokenA,
    );
    expect(deals.status).toBe(200);
    expect((await from(t, '203.0.113.1', ME, tokenA)).status).toBe(200); // 28
    // 28 + 4 > 30: refused whole, and not charged …
    expectRateLimited(await from(t, '203.0.113.1', `{ me { id email createdAt } }`, tokenA));
    // … so 28 + 2 = 30 still fits.
    expect((await from(t, '203.0.113.1', `{ me { id } }`, tokenA)).status).toBe(200);

    // Spent: a write is refused before it runs (not a statement sent), from any address.
    const before = await rowCount(t, 'access_tokens');
    for (const address of ['203.0.113.1', '203.0.113.99']) {
      let response: Awaited<ReturnType<typeof post>> | undefined;
      const statements = await t.countQueries(async () => {
        response = await from(
          t,
          address,
          `mutation { createAccessToken(input: { name: "over budget" }) { token } }`,
          tokenA,
        );
      });
      expectRateLimited(response!);
      expect(statements).toBe(0);
    }
    expect(await rowCount(t, 'access_tokens')).toBe(before);

    // Another token from the same address has its own budget (the address has used 30 of 100).
    expect((await from(t, '203.0.113.1', ME, minted[0])).status).toBe(200);
  });

  it('counts cost per client address across tokens and anonymous calls', async () => {
    const address = '203.0.113.2';
    // Three tokens, 30 each = 90, then 10 anonymous calls at 1 = 100: the address is spent.
    for (const token of minted.slice(1, 4)) {
      for (let call = 0; call < 10; call += 1) {
        expect((await from(t, address, ME, token)).status).toBe(200);
      }
    }
    for (let call = 0; call < 10; call += 1) {
      expect((await from(t, address, TYPENAME)).status).toBe(200);
    }
    expectRateLimited(await from(t, address, TYPENAME));
    // A fresh token does not help from this address …
    expectRateLimited(await from(t, address, `{ me { id } }`, minted[0]));
    // … nor does signing up anew (and nothing is written).
    const users = await rowCount(t, 'users');
    expectRateLimited(await from(t, address, SIGN_UP, undefined, signUpInput('late@example.com')));
    expect(await rowCount(t, 'users')).toBe(users);
    // The same token from another address is fine.
    expect((await from(t, '203.0.113.3', `{ me { id } }`, minted[0])).status).toBe(200);
  });
});

describe('client address without TRUST_PROXY', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ RATE_LIMIT_COST_PER_MINUTE_PER_IP: '20' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('ignores X-Forwarded-For, so a client cannot pick a fresh address per request', async () => {
    for (let call = 0; call < 20; call += 1) {
      expect((await from(t, `192.0.2.${call}`, TYPENAME)).status).toBe(200);
    }
    expectRateLimited(await from(t, '192.0.2.200', TYPENAME));
  });
});

describe('query rate limits, Redis store shared by two instances', () => {
  const shared = twoInstancesSharingRedis({
    RATE_LIMIT_COST_PER_MINUTE: '30',
    RATE_LIMIT_COST_PER_MINUTE_PER_IP: '60',
    // The sign-up below is counted in Redis too: its keys should expire within the minute as well.
    SIGN_UP_WINDOW_MINUTES: '1',
    TRUST_PROXY: 'loopback',
  });
  const { prefix } = shared;

  it('spends one budget per address across instances', async () => {
    const address = '203.0.113.10';
    for (let call = 0; call < 60; call += 1) {
      expect((await from(call % 2 === 0 ? shared.one : shared.two, address, TYPENAME)).status).toBe(
        200,
      );
    }
    expectRateLimited(await from(shared.one, address, TYPENAME));
    expectRateLimited(await from(shared.two, address, TYPENAME));
    expect((await from(shared.two, '203.0.113.11', TYPENAME)).status).toBe(200);
  });

  it('spends one budget per token across instances, keyed by digests that expire', async () => {
    const token = await signUpFrom(shared.one, '198.51.100.10', 'shared@example.com');
    for (let call = 0; call < 5; call += 1) {
      expect((await from(shared.one, '203.0.113.12', ME, token)).status).toBe(200); // 15
    }
    // The other instance has its own database (the token means nothing there) but the same
    // counters: 15 more anonymous-cost calls carrying the token spend the rest.
    for (let call = 0; call < 15; call += 1) {
      expect((await from(shared.two, '203.0.113.13', TYPENAME, token)).status).toBe(200);
    }
    expectRateLimited(await from(shared.one, '203.0.113.12', ME, token));
    expectRateLimited(await from(shared.two, '203.0.113.14', TYPENAME, token));

    const keys = await redisKeys(prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const { key, ttlMs } of keys) {
      expect(key.startsWith(prefix)).toBe(true);
      expect(key).not.toContain(token);
      expect(key).not.toContain('203.0.113');
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(60_000);
    }
  });
});

describe('Redis unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_COST_PER_MINUTE_PER_IP: '5',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps serving and limiting, with counters of its own', async () => {
    for (let call = 0; call < 5; call += 1) {
      expect((await post(t, { query: TYPENAME })).status).toBe(200);
    }
    expectRateLimited(await post(t, { query: TYPENAME }));
  });
});
