import { createHash } from 'node:crypto';
import { expectError, expectUserError } from '../support/errors';
import { signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { rowCount } from './support';

const WRITE = `mutation { createAccessToken(input: { name: "intruder" }) { token } }`;
const READ = `{ deals(first: 5) { totalCount edges { node { title } } } }`;
const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { userErrors { field code message } token user { id } }
}`;

/** Forged, stolen-hash, expired and revoked tokens: refused at once, and nothing written. */
describe('callers without a valid token', () => {
  let t: TestApp;
  let owner: Account;

  beforeAll(async () => {
    t = await TestApp.start();
    owner = await signUpCreator(t);
    await t.gqlOk(
      `mutation { createDeal(input: { title: "Secret deal", brandName: "Acme", currency: USD, totalFee: "1000.00" }) { deal { id } } }`,
      {},
      owner.token,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  async function expectRefused(token: string | undefined) {
    const before = await rowCount(t, 'access_tokens');
    const write = await t.gql(WRITE, {}, token);
    expectError(write, 'UNAUTHENTICATED');
    expect(write.data).toBeNull();
    const read = await t.gql(READ, {}, token);
    expectError(read, 'UNAUTHENTICATED');
    expect(JSON.stringify(read)).not.toContain('Secret deal');
    expect(await rowCount(t, 'access_tokens')).toBe(before);
    expect(await t.sql(`SELECT 1 FROM access_tokens WHERE name = 'intruder'`)).toEqual([]);
  }

  it('refuses an anonymous caller', async () => {
    await expectRefused(undefined);
  });

  it('refuses forged tokens, including the stored hash of a real one', async () => {
    const altered = owner.token.slice(0, -1) + (owner.token.endsWith('A') ? 'B' : 'A');
    const [{ token_hash: storedHash }] = await t.sql(
      `SELECT token_hash FROM access_tokens WHERE user_id = $1`,
      [owner.userId],
    );
    expect(storedHash).toBe(createHash('sha256').update(owner.token).digest('hex'));
    for (const forged of [
      'dl_tok_' + 'A'.repeat(43),
      altered,
      storedHash,
      `dl_tok_${storedHash}`,
      owner.token.slice(0, 20),
      `${owner.token} ${owner.token}`,
    ]) {
      await expectRefused(forged);
    }
    // The real one still works.
    expect((await t.gqlOk(READ, {}, owner.token)).deals.totalCount).toBe(1);
  });

  it('refuses an expired token and a revoked one at once', async () => {
    const minted = await t.gqlOk(
      `mutation { createAccessToken(input: { name: "short-lived", expiresInDays: 1 }) { token accessToken { id } } }`,
      {},
      owner.token,
    );
    const expiring = minted.createAccessToken.token;
    expect((await t.gqlOk(READ, {}, expiring)).deals.totalCount).toBe(1); // last_used_at set now
    await t.sql(`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      minted.createAccessToken.accessToken.id,
    ]);
    await expectRefused(expiring);

    const second = await t.gqlOk(
      `mutation { createAccessToken(input: { name: "to revoke" }) { token accessToken { id } } }`,
      {},
      owner.token,
    );
    const revocable = second.createAccessToken.token;
    expect((await t.gqlOk(READ, {}, revocable)).deals.totalCount).toBe(1);
    // Revoked with itself, then used again within the same second.
    await t.gqlOk(
      `mutation($input: RevokeAccessTokenInput!) { revokeAccessToken(input: $input) { accessToken { revokedAt } } }`,
      { input: { id: second.createAccessToken.accessToken.id } },
      revocable,
    );
    await expectRefused(revocable);
  });
});

describe('password rules', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses short passwords and the email in any case or spacing, writing nothing', async () => {
    const email = 'Grace.Hopper@Example.com';
    const before = await rowCount(t, 'users');
    const refused: Array<[string, string]> = [
      ['short', 'PASSWORD_TOO_SHORT'],
      ['123456789', 'PASSWORD_TOO_SHORT'], // 9 characters
      ['', 'PASSWORD_TOO_SHORT'],
      ['          ', 'PASSWORD_TOO_SHORT'],
      ['  12345678  ', 'PASSWORD_TOO_SHORT'],
      ['grace.hopper@example.com', 'WEAK_PASSWORD'],
      ['GRACE.HOPPER@EXAMPLE.COM', 'WEAK_PASSWORD'],
      ['  Grace.Hopper@Example.com  ', 'WEAK_PASSWORD'],
      ['grace.hopper @ example.com', 'WEAK_PASSWORD'],
      ['Grace.Hopper', 'WEAK_PASSWORD'],
    ];
    for (const [password, reason] of refused) {
      const response = await t.gql(SIGN_UP, {
        input: { email, password, role: 'CREATOR', displayName: 'Grace' },
      });
      const userErrors = expectUserError(response, 'signUp', reason, 'input.password');
      // The password is the input's only problem: exactly one user error, about it.
      expect({ password, userErrors }).toEqual({
        password,
        userErrors: [{ field: ['input', 'password'], code: reason, message: expect.any(String) }],
      });
    }
    expect(await rowCount(t, 'users')).toBe(before);

    // Ten characters that are not the email are enough.
    await t.gqlOk(SIGN_UP, {
      input: { email, password: 'cobol-1959', role: 'CREATOR', displayName: 'Grace' },
    });
    expect(await rowCount(t, 'users')).toBe(before + 1);
  });
});
