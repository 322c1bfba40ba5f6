import { FixedClock } from '../../src/infrastructure/clock';
import { expectError, expectUserError } from '../support/errors';
import { TestApp } from '../support/test-app';

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    userErrors { field code message }
    token user { id email role isAdmin } accessToken { id name expiresAt }
  }
}`;
const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { token user { id email } } }`;
const ME = `query { me { id email role isAdmin } }`;

describe('accounts and tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('makes the first user admin, the next ones not, and signs in case-insensitively', async () => {
    const first = await t.gqlOk(SIGN_UP, {
      input: {
        email: 'Ada@Example.com',
        password: 'correct horse battery',
        role: 'CREATOR',
        displayName: 'Ada',
      },
    });
    expect(first.signUp.user).toMatchObject({
      email: 'ada@example.com',
      role: 'CREATOR',
      isAdmin: true,
    });
    expect(first.signUp.token).toMatch(/^dl_tok_/);

    const second = await t.gqlOk(SIGN_UP, {
      input: {
        email: 'brand@example.com',
        password: 'another long secret',
        role: 'BRAND',
        brandName: 'Acme',
      },
    });
    expect(second.signUp.user.isAdmin).toBe(false);

    const signIn = await t.gqlOk(SIGN_IN, {
      input: { email: 'ADA@example.com', password: 'correct horse battery' },
    });
    expect(signIn.signIn.user.id).toBe(first.signUp.user.id);
    const me = await t.gqlOk(ME, {}, signIn.signIn.token);
    expect(me.me.email).toBe('ada@example.com');

    const stored = await t.sql(`SELECT password_hash FROM users WHERE email = 'ada@example.com'`);
    expect(stored[0].password_hash).toMatch(/^scrypt\$/);
    expect(stored[0].password_hash).not.toContain('correct horse');
    const tokens = await t.sql(`SELECT token_hash FROM access_tokens`);
    expect(tokens.map((row) => row.token_hash)).not.toContain(first.signUp.token);
  });

  it('refuses a duplicate email, a wrong password and weak input, writing nothing', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM users`);
    const taken = await t.gql(SIGN_UP, {
      input: {
        email: 'ADA@example.com',
        password: 'yet another long one',
        role: 'CREATOR',
        displayName: 'Copy',
      },
    });
    expect(expectUserError(taken, 'signUp', 'EMAIL_TAKEN', 'input.email')).toEqual([
      {
        field: ['input', 'email'],
        code: 'EMAIL_TAKEN',
        message: 'An account with this email already exists',
      },
    ]);
    const short = await t.gql(SIGN_UP, {
      input: { email: 'short@example.com', password: 'short', role: 'CREATOR', displayName: 'S' },
    });
    expect(expectUserError(short, 'signUp', 'PASSWORD_TOO_SHORT', 'input.password')).toEqual([
      {
        field: ['input', 'password'],
        code: 'PASSWORD_TOO_SHORT',
        message: 'password must be at least 10 characters long',
      },
    ]);
    // An unknown currency code in a variable is refused by GraphQL itself (CurrencyCode enum),
    // before anything runs.
    const currency = await t.gql(SIGN_UP, {
      input: {
        email: 'cur@example.com',
        password: 'long enough pass',
        role: 'CREATOR',
        displayName: 'C',
        homeCurrency: 'XYZ',
      },
    });
    expectError(currency, 'BAD_USER_INPUT');
    expect(currency.data ?? null).toBeNull();
    expect(currency.errors![0].message).toMatch(/homeCurrency/);
    expectError(
      await t.gql(SIGN_IN, { input: { email: 'ada@example.com', password: 'not the password' } }),
      'UNAUTHENTICATED',
    );
    const after = await t.sql(`SELECT count(*)::int AS n FROM users`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('denies anonymous and forged callers, and honours revocation and expiry', async () => {
    expectError(await t.gql(ME), 'UNAUTHENTICATED');
    expectError(await t.gql(ME, {}, 'dl_tok_' + 'A'.repeat(43)), 'UNAUTHENTICATED');
    expectError(await t.gql(ME, {}, 'not-even-a-token'), 'UNAUTHENTICATED');

    const session = await t.gqlOk(SIGN_IN, {
      input: { email: 'ada@example.com', password: 'correct horse battery' },
    });
    const created = await t.gqlOk(
      `mutation { createAccessToken(input: { name: "ci script", expiresInDays: 7 }) { token accessToken { id name expiresAt } } }`,
      {},
      session.signIn.token,
    );
    const scriptToken = created.createAccessToken.token;
    expect(created.createAccessToken.accessToken.name).toBe('ci script');
    expect((await t.gqlOk(ME, {}, scriptToken)).me.email).toBe('ada@example.com');

    await t.gqlOk(
      `mutation($input: RevokeAccessTokenInput!) { revokeAccessToken(input: $input) { accessToken { id revokedAt } } }`,
      { input: { id: created.createAccessToken.accessToken.id } },
      session.signIn.token,
    );
    expectError(await t.gql(ME, {}, scriptToken), 'UNAUTHENTICATED');

    await t.sql(
      `UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = 'ada@example.com')`,
    );
    expectError(await t.gql(ME, {}, session.signIn.token), 'UNAUTHENTICATED');
  });

  it("cannot revoke another user's token", async () => {
    const ada = await t.gqlOk(SIGN_IN, {
      input: { email: 'ada@example.com', password: 'correct horse battery' },
    });
    const brand = await t.gqlOk(SIGN_IN, {
      input: { email: 'brand@example.com', password: 'another long secret' },
    });
    const brandTokens = await t.gqlOk(`query { accessTokens { id } }`, {}, brand.signIn.token);
    expectError(
      await t.gql(
        `mutation($input: RevokeAccessTokenInput!) { revokeAccessToken(input: $input) { accessToken { id } } }`,
        { input: { id: brandTokens.accessTokens[0].id } },
        ada.signIn.token,
      ),
      'NOT_FOUND',
    );
  });
});

describe('token lifetimes on a fixed clock', () => {
  const clock = new FixedClock('2031-03-05T12:00:00Z');
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ SESSION_TOKEN_DAYS: '30' }, { clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('dates tokens by the app clock and refuses them once that clock passes their expiry', async () => {
    const signedUp = await t.gqlOk(SIGN_UP, {
      input: {
        email: 'grace@example.com',
        password: 'correct horse battery',
        role: 'CREATOR',
        displayName: 'Grace',
      },
    });
    // 30 session days from the fixed instant, not from the wall clock.
    expect(signedUp.signUp.accessToken.expiresAt).toBe('2031-04-04T12:00:00.000Z');
    const session = signedUp.signUp.token;
    const created = await t.gqlOk(
      `mutation { createAccessToken(input: { name: "nightly", expiresInDays: 1 }) { token accessToken { expiresAt } } }`,
      {},
      session,
    );
    expect(created.createAccessToken.accessToken.expiresAt).toBe('2031-03-06T12:00:00.000Z');
    const daily = created.createAccessToken.token;

    clock.advance(24 * 3_600_000 - 1_000); // one second before the day is up
    expect((await t.gqlOk(ME, {}, daily)).me.email).toBe('grace@example.com');
    clock.advance(1_000); // exactly at expiry: no longer valid
    expectError(await t.gql(ME, {}, daily), 'UNAUTHENTICATED');
    expect((await t.gqlOk(ME, {}, session)).me.email).toBe('grace@example.com');

    clock.set('2031-04-04T12:00:00Z');
    expectError(await t.gql(ME, {}, session), 'UNAUTHENTICATED');
  });
});
