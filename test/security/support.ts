import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { TestApp } from '../support/test-app';

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
