import { TestApp } from '../support/test-app';
import {
  post,
  redisKeys,
  rowCount,
  SIGN_UP_WITH_ERRORS,
  signUpInput,
  twoInstancesSharingRedis,
  expectLimitRefusal,
} from './support';

type Response = Awaited<ReturnType<typeof post>>;

function signUp(t: TestApp, address: string, email: string, password?: string) {
  return post(
    t,
    { query: SIGN_UP_WITH_ERRORS, variables: signUpInput(email, password) },
    { headers: { 'x-forwarded-for': address } },
  );
}

function expectCreated(response: Response) {
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data.signUp.userErrors).toEqual([]);
  expect(response.body.data.signUp.token).toMatch(/^dl_tok_/);
}

/** Refused as a user error of the payload: no top-level error, no token, the email named. */
function expectTaken(response: Response) {
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data.signUp).toEqual({
    userErrors: [
      {
        field: ['input', 'email'],
        code: 'EMAIL_TAKEN',
        message: 'An account with this email already exists',
      },
    ],
    token: null,
    user: null,
  });
}

function expectLimited(response: Response, windowSeconds: number) {
  expectLimitRefusal(response, 'SIGN_UP_LIMITED', windowSeconds, /email|account|exist|taken/i);
}

/** What an attacker could tell two refusals apart by (Retry-After may tick by a second). */
const shape = (response: Response) => ({
  status: response.status,
  retryAfter: response.headers['retry-after'] !== undefined,
  data: response.body.data,
  errors: response.body.errors?.map(
    ({ locations: _l, extensions: { retryAfterSeconds: _r, ...extensions }, ...error }: any) => ({
      ...error,
      extensions,
    }),
  ),
});

/** Everything a sign-up writes. */
async function footprint(t: TestApp) {
  return {
    users: await rowCount(t, 'users'),
    creators: await rowCount(t, 'creators'),
    brands: await rowCount(t, 'brands'),
    tokens: await rowCount(t, 'access_tokens'),
  };
}

describe('sign-up throttling, in-process store', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({
      SIGN_UP_MAX_ATTEMPTS_PER_EMAIL: '3',
      SIGN_UP_MAX_ATTEMPTS_PER_IP: '5',
      SIGN_UP_WINDOW_MINUTES: '15',
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts attempts per normalised email across addresses, then refuses them', async () => {
    expectCreated(await signUp(t, '203.0.113.1', 'taken@example.com'));
    expectTaken(await signUp(t, '203.0.113.2', 'Taken@Example.com'));
    expectTaken(await signUp(t, '203.0.113.3', 'TAKEN@example.COM'));
    // The fourth attempt on this email, from a fresh address: refused, whoever asks.
    const before = await footprint(t);
    const refused = await signUp(t, '198.51.100.4', 'taken@EXAMPLE.com');
    expectLimited(refused, 15 * 60);
    expect(await footprint(t)).toEqual(before);
  });

  it('refuses an address past its attempts with one answer, taken email or not, writing nothing', async () => {
    const address = '203.0.113.10';
    expectCreated(await signUp(t, '203.0.113.11', 'known@example.com'));
    // Five attempts (the address limit) over different emails, some new, one taken …
    for (const email of ['p1@example.com', 'p2@example.com', 'p3@example.com', 'p4@example.com']) {
      expectCreated(await signUp(t, address, email));
    }
    expectTaken(await signUp(t, address, 'known@example.com'));
    // … and the sixth gets the same refusal for a taken email and for a free one.
    const before = await footprint(t);
    let taken: Response | undefined;
    let free: Response | undefined;
    const statements = await t.countQueries(async () => {
      taken = await signUp(t, address, 'known@example.com');
      free = await signUp(t, address, 'never-seen@example.com');
    });
    expectLimited(taken!, 15 * 60);
    expectLimited(free!, 15 * 60);
    expect(shape(free!)).toEqual(shape(taken!));
    // Refused before the existence check, the hashing and the transaction: not one statement.
    expect(statements).toBe(0);
    expect(await footprint(t)).toEqual(before);
    expect(await t.sql(`SELECT 1 FROM users WHERE email = 'never-seen@example.com'`)).toEqual([]);

    // Only that address: the free email can still be taken from elsewhere.
    expectCreated(await signUp(t, '203.0.113.12', 'never-seen@example.com'));
  });

  it('does not count input that is refused anyway (a short password)', async () => {
    const address = '203.0.113.20';
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const response = await signUp(t, address, 'careful@example.com', 'too short');
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.signUp.token).toBeNull();
      expect(
        response.body.data.signUp.userErrors.map((error: { code: string }) => error.code),
      ).toEqual(['PASSWORD_TOO_SHORT']);
    }
    expectCreated(await signUp(t, address, 'careful@example.com'));
  });

  it('leaves sign-in alone: a refused address can still sign in', async () => {
    const address = '203.0.113.30';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signUp(t, address, `spray${attempt}@example.com`);
    }
    expectLimited(await signUp(t, address, 'spray9@example.com'), 15 * 60);
    const signIn = await post(
      t,
      {
        query: `mutation($input: SignInInput!) { signIn(input: $input) { token } }`,
        variables: { input: { email: 'spray0@example.com', password: 'a long enough password' } },
      },
      { headers: { 'x-forwarded-for': address } },
    );
    expect(signIn.body.data.signIn.token).toMatch(/^dl_tok_/);
  });
});

describe('sign-up throttling, Redis store shared by two instances', () => {
  const shared = twoInstancesSharingRedis({
    SIGN_UP_MAX_ATTEMPTS_PER_EMAIL: '2',
    SIGN_UP_WINDOW_MINUTES: '5',
    TRUST_PROXY: 'loopback',
  });
  const { prefix } = shared;

  it('counts an email’s attempts on every instance, keyed by digests that expire', async () => {
    expectCreated(await signUp(shared.one, '203.0.113.50', 'shared@example.com'));
    // The other instance has a database of its own, but the same counters.
    expectCreated(await signUp(shared.two, '203.0.113.51', 'shared@example.com'));
    const before = await footprint(shared.one);
    expectLimited(await signUp(shared.one, '203.0.113.52', 'shared@example.com'), 5 * 60);
    expectLimited(await signUp(shared.two, '203.0.113.53', 'Shared@example.com'), 5 * 60);
    expect(await footprint(shared.one)).toEqual(before);

    const keys = await redisKeys(prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const { key, ttlMs } of keys) {
      expect(key).not.toMatch(/shared|example|203\.0/);
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(5 * 60_000);
    }
  });
});
