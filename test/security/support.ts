import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TestApp } from '../support/test-app';

/** POST /graphql with any body and headers, as an attacker would. */
export function post(
  t: TestApp,
  body: unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
) {
  let call = t.http().post('/graphql').set('content-type', 'application/json');
  if (options.token) call = call.set('authorization', `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) call = call.set(name, value);
  return call.send(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function rowCount(t: TestApp, table: string): Promise<number> {
  const rows = await t.sql(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

export const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`;
/** SIGN_UP with the payload's user errors, for specs that read a refused input (it costs more). */
export const SIGN_UP_WITH_ERRORS = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { userErrors { field code message } token user { id } } }`;
export const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { token user { id } } }`;

export function signUpInput(email: string, password = 'a long enough password') {
  return { input: { email, password, role: 'CREATOR', displayName: 'Someone' } };
}

/** The Redis the shared-store tests use (CI and the dev machine run one on the default port). */
export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own per test file and run, so parallel runs never share counters. */
export function uniqueRedisPrefix(): string {
  return `deal-ledger-test:${randomBytes(6).toString('hex')}:`;
}

/** The keys under `prefix`, with their time to live in ms. */
export async function redisKeys(prefix: string): Promise<Array<{ key: string; ttlMs: number }>> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    return await Promise.all(keys.map(async (key) => ({ key, ttlMs: await redis.pttl(key) })));
  } finally {
    redis.disconnect();
  }
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/**
 * Two app instances sharing one Redis store under a key prefix of their own, as several API
 * processes behind a load balancer would; call inside a `describe`. Started before its tests;
 * afterwards both are closed and the prefix's keys deleted (and checked gone).
 */
export function twoInstancesSharingRedis(settings: Record<string, string>): {
  readonly prefix: string;
  readonly one: TestApp;
  readonly two: TestApp;
} {
  const prefix = uniqueRedisPrefix();
  const apps: TestApp[] = [];
  beforeAll(async () => {
    const environment = { REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix, ...settings };
    apps.push(await TestApp.start(environment), await TestApp.start(environment));
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await deleteRedisKeys(prefix);
    expect(await redisKeys(prefix)).toEqual([]);
  });
  return {
    prefix,
    get one() {
      return apps[0];
    },
    get two() {
      return apps[1];
    },
  };
}

/**
 * A refusal by a limit: 429 with a Retry-After of 1…`maxSeconds`, no data, one error whose
 * extensions say `reason` and the same wait, and a message that tells nothing `hidden` matches.
 */
export function expectLimitRefusal(
  response: { status: number; headers: Record<string, string>; body: any },
  reason: string,
  maxSeconds: number,
  hidden: RegExp,
): void {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(response.body.data).toBeNull();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors[0].extensions).toEqual({
    code: 'RATE_LIMITED',
    reason,
    retryAfterSeconds: retryAfter,
  });
  expect(response.body.errors[0].message).not.toMatch(hidden);
}
