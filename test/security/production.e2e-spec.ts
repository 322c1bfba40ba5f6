import { expectError } from '../support/errors';
import { signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { post, rowCount, SIGN_UP, signUpInput } from './support';

/**
 * NODE_ENV=production: what a stranger can learn about the schema and what a browser on another
 * site can make the API do. Every attack that would write is checked against the database.
 */
describe('production mode', () => {
  let t: TestApp;
  let creator: Account;

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production' });
    creator = await signUpCreator(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses introspection', async () => {
    for (const query of [
      `{ __schema { types { name } } }`,
      `{ __type(name: "Deal") { fields { name } } }`,
    ]) {
      const response = await t.gql(query, {}, creator.token);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expectError(response, 'GRAPHQL_VALIDATION_FAILED');
      expect(response.errors![0].message).toMatch(/introspection/i);
    }
    // __typename is not introspection of the schema.
    expect(await t.gqlOk(`{ __typename }`)).toEqual({ __typename: 'Query' });
  });

  it('gives no "Did you mean" hints: fields, arguments, enum values, input fields', async () => {
    const probes: Array<[string, Record<string, unknown>]> = [
      [`{ mee { id } }`, {}],
      [`{ me { emial } }`, {}],
      [`{ deals(frist: 5) { totalCount } }`, {}],
      [`{ deals(filter: { status: ACTIV }) { totalCount } }`, {}],
      [`query($f: DealFilter) { deals(filter: $f) { totalCount } }`, { f: { status: 'ACTIV' } }],
      [
        `mutation($input: SignInInput!) { signIn(input: $input) { token } }`,
        { input: { emial: 'a@example.com', password: 'whatever it is' } },
      ],
    ];
    for (const [query, variables] of probes) {
      const response = await t.gql(query, variables, creator.token);
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors!) {
        expect(error.message).not.toMatch(/did you mean/i);
        expect(error.extensions?.stacktrace).toBeUndefined();
      }
    }
  });

  it('never sends a stack trace', async () => {
    const responses = [
      await t.gql(`{ me { id } }`),
      await t.gql(`{ me { id } }`, {}, 'dl_tok_' + 'x'.repeat(43)),
      await t.gql(`{ deal(id: "00000000-0000-4000-8000-000000000000") { id } }`, {}, creator.token),
      await t.gql(`{ nope }`),
    ];
    for (const response of responses) {
      expect(response.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(response.errors)).not.toMatch(/stacktrace|\.ts:\d+|at [A-Z]\w+\./);
    }
  });

  it('serves no landing page: GET /graphql from a browser gets no GraphiQL', async () => {
    const page = await t.http().get('/graphql').set('accept', 'text/html');
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.headers['content-type']).not.toMatch(/text\/html/);
    expect(page.text.toLowerCase()).not.toMatch(/graphiql|<html|<script/);
  });

  it('refuses cross-site simple requests (CSRF): text/plain and form POSTs, GETs without a preflight header', async () => {
    const before = await rowCount(t, 'users');
    const body = JSON.stringify({ query: SIGN_UP, variables: signUpInput('csrf@example.com') });
    const textPlain = await t.http().post('/graphql').set('content-type', 'text/plain').send(body);
    expect(textPlain.status).toBe(400);
    expect(textPlain.text).toMatch(/Cross-Site Request Forgery/);
    const form = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(
        `query=${encodeURIComponent('mutation { signUp(input: { email: "form@example.com", password: "a long enough password", role: BRAND }) { token } }')}`,
      );
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/Cross-Site Request Forgery/);

    // A GET (an <img> or a link) without apollo-require-preflight / x-apollo-operation-name.
    const query = encodeURIComponent(`{ me { id email } }`);
    const bare = await t
      .http()
      .get(`/graphql?query=${query}`)
      .set('authorization', `Bearer ${creator.token}`);
    expect(bare.status).toBe(400);
    expect(bare.text).toMatch(/Cross-Site Request Forgery/);
    expect(bare.text).not.toContain(creator.email);
    // The same GET with the header a browser cannot add cross-site without a preflight: allowed.
    const preflighted = await t
      .http()
      .get(`/graphql?query=${query}`)
      .set('authorization', `Bearer ${creator.token}`)
      .set('apollo-require-preflight', 'true');
    expect(preflighted.status).toBe(200);
    expect(preflighted.body.data.me.email).toBe(creator.email);

    expect(await rowCount(t, 'users')).toBe(before);
    expect(
      await t.sql(`SELECT 1 FROM users WHERE email IN ('csrf@example.com', 'form@example.com')`),
    ).toEqual([]);
  });

  it('refuses batched requests', async () => {
    const before = await rowCount(t, 'users');
    const response = await post(t, [
      { query: SIGN_UP, variables: signUpInput('batch1@example.com') },
      { query: SIGN_UP, variables: signUpInput('batch2@example.com') },
    ]);
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/batching/i);
    expect(await rowCount(t, 'users')).toBe(before);
  });

  it('refuses mutations over GET', async () => {
    const before = await rowCount(t, 'access_tokens');
    const mutation = encodeURIComponent(
      `mutation { createAccessToken(input: { name: "via GET" }) { token } }`,
    );
    const response = await t
      .http()
      .get(`/graphql?query=${mutation}`)
      .set('authorization', `Bearer ${creator.token}`)
      .set('apollo-require-preflight', 'true');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.body.errors[0].message).toMatch(/GET requests only support query operations/);
    expect(await rowCount(t, 'access_tokens')).toBe(before);
  });

  it('keeps the abuse limits and their codes in production', async () => {
    const before = await rowCount(t, 'users');
    const signUps = Array.from(
      { length: 31 },
      (_, index) =>
        `a${index}: signUp(input: { email: "p${index}@example.com", password: "a long enough password", role: BRAND }) { token }`,
    ).join(' ');
    const response = await post(t, { query: `mutation { ${signUps} }` });
    expect(response.status).toBe(400);
    expect(
      response.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code),
    ).toEqual(['TOO_MANY_ALIASES']);
    expect(await rowCount(t, 'users')).toBe(before);
  });
});
