import { TestApp } from '../support/test-app';
import {
  post,
  redisKeys,
  SIGN_IN,
  SIGN_UP,
  signUpInput,
  twoInstancesSharingRedis,
  expectLimitRefusal,
} from './support';

const PASSWORD = 'a long enough password';
const DELAY_MS = 100;

function signIn(t: TestApp, address: string, email: string, password: string) {
  return post(
    t,
    { query: SIGN_IN, variables: { input: { email, password } } },
    { headers: { 'x-forwarded-for': address } },
  );
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

type Response = Awaited<ReturnType<typeof post>>;

function expectBadCredentials(response: Response) {
  expect(response.status).toBe(200);
  expect(response.body.data).toBeNull();
  expect(response.body.errors[0].message).toBe('Email or password is incorrect');
  expect(response.body.errors[0].extensions).toEqual({
    code: 'UNAUTHENTICATED',
    reason: 'BAD_CREDENTIALS',
  });
}

function expectLocked(response: Response, lockoutSeconds: number) {
  expectLimitRefusal(response, 'SIGN_IN_LOCKED', lockoutSeconds, /email|password|account/i);
}

async function tokensOf(t: TestApp, email: string): Promise<number> {
  const rows = await t.sql(
    `SELECT count(*)::int AS n FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1`,
    [email],
  );
  return rows[0].n;
}

/** The comparable part of an answer: what an attacker could tell two emails apart by. */
const shape = (response: Response) => ({
  status: response.status,
  retryAfter: response.headers['retry-after'] !== undefined,
  body: {
    ...response.body,
    errors: response.body.errors?.map(({ locations: _l, ...error }: any) => error),
  },
});

describe('sign-in brute force, in-process store', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({
      SIGN_IN_MAX_FAILURES_PER_EMAIL: '3',
      SIGN_IN_MAX_FAILURES_PER_IP: '6',
      SIGN_IN_LOCKOUT_MINUTES: '15',
      SIGN_IN_DELAY_MS: String(DELAY_MS),
      TRUST_PROXY: 'loopback',
    });
    for (const email of ['victim@example.com', 'typo@example.com', 'office@example.com']) {
      const response = await post(t, { query: SIGN_UP, variables: signUpInput(email, PASSWORD) });
      expect(response.body.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('slows repeated failures for one email, then refuses it, right password or not', async () => {
    const tokensBefore = await tokensOf(t, 'victim@example.com');
    const first = await timed(() =>
      signIn(t, '203.0.113.1', 'victim@example.com', 'guess number 1'),
    );
    const second = await timed(() =>
      signIn(t, '203.0.113.2', 'victim@example.com', 'guess number 2'),
    );
    const third = await timed(() =>
      signIn(t, '203.0.113.3', 'Victim@Example.com ', 'guess number 3'),
    );
    for (const attempt of [first, second, third]) expectBadCredentials(attempt.result);
    // No delay for the first failure, then 100 ms, then 200 ms (the scrypt check is ~1 ms here).
    expect(second.ms).toBeGreaterThanOrEqual(DELAY_MS - 5);
    expect(third.ms).toBeGreaterThanOrEqual(2 * DELAY_MS - 5);

    // Locked for every address, and even the right password gets no token.
    const locked = await signIn(t, '203.0.113.4', 'victim@example.com', PASSWORD);
    expectLocked(locked, 15 * 60);
    expectLocked(await signIn(t, '198.51.100.9', 'VICTIM@example.com', PASSWORD), 15 * 60);
    expect(await tokensOf(t, 'victim@example.com')).toBe(tokensBefore);
  });

  it('treats an unknown email exactly like a known one', async () => {
    const known: Response[] = [];
    const unknown: Response[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      known.push(await signIn(t, '203.0.113.20', 'typo@example.com', `wrong ${attempt} password`));
      unknown.push(
        await signIn(t, '203.0.113.21', 'nobody@example.com', `wrong ${attempt} password`),
      );
    }
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expectBadCredentials(known[2]);
    expectLocked(known[3], 15 * 60);
    expect(await t.sql(`SELECT 1 FROM users WHERE email = 'nobody@example.com'`)).toEqual([]);
  });

  it('clears the email’s count on a successful sign-in', async () => {
    const address = '203.0.113.30';
    expectBadCredentials(await signIn(t, address, 'office@example.com', 'wrong password 1'));
    expectBadCredentials(await signIn(t, address, 'office@example.com', 'wrong password 2'));
    const ok = await signIn(t, address, 'office@example.com', PASSWORD);
    expect(ok.body.data.signIn.token).toMatch(/^dl_tok_/);
    // Two more failures and a third try would have been past 3 without the reset.
    expectBadCredentials(await signIn(t, address, 'office@example.com', 'wrong password 3'));
    expectBadCredentials(await signIn(t, address, 'office@example.com', 'wrong password 4'));
    expect(
      (await signIn(t, address, 'office@example.com', PASSWORD)).body.data.signIn.token,
    ).toMatch(/^dl_tok_/);
  });

  it('refuses an address that fails across many emails, and only that address', async () => {
    const address = '203.0.113.40';
    // Six failures (the address limit) spread over emails that never reach their own limit …
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expectBadCredentials(await signIn(t, address, `spray${attempt}@example.com`, PASSWORD));
    }
    // … lock the address, for a real account with its right password too …
    const tokensBefore = await tokensOf(t, 'office@example.com');
    expectLocked(await signIn(t, address, 'office@example.com', PASSWORD), 15 * 60);
    expect(await tokensOf(t, 'office@example.com')).toBe(tokensBefore);
    // … but not the account from elsewhere.
    const elsewhere = await signIn(t, '203.0.113.41', 'office@example.com', PASSWORD);
    expect(elsewhere.body.data.signIn.token).toMatch(/^dl_tok_/);
    expect(await tokensOf(t, 'office@example.com')).toBe(tokensBefore + 1);
  });
});

describe('sign-in brute force, Redis store shared by two instances', () => {
  const shared = twoInstancesSharingRedis({
    SIGN_IN_MAX_FAILURES_PER_EMAIL: '2',
    SIGN_IN_LOCKOUT_MINUTES: '5',
    SIGN_IN_DELAY_MS: '0',
    // The sign-up below is counted in Redis too: its keys should expire within the window as well.
    SIGN_UP_WINDOW_MINUTES: '5',
    TRUST_PROXY: 'loopback',
  });
  const { prefix } = shared;

  beforeAll(async () => {
    await post(shared.one, {
      query: SIGN_UP,
      variables: signUpInput('shared@example.com', PASSWORD),
    });
  });

  it('locks an email on every instance once it failed on any', async () => {
    expectBadCredentials(
      await signIn(shared.one, '203.0.113.50', 'shared@example.com', 'wrong one here'),
    );
    expectBadCredentials(
      await signIn(shared.two, '203.0.113.51', 'shared@example.com', 'wrong two here'),
    );
    expectLocked(await signIn(shared.one, '203.0.113.52', 'shared@example.com', PASSWORD), 5 * 60);
    expect(await tokensOf(shared.one, 'shared@example.com')).toBe(1); // the sign-up's only

    const keys = await redisKeys(prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const { key, ttlMs } of keys) {
      expect(key).not.toMatch(/shared|example|203\.0/);
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(5 * 60_000);
    }
  });
});
