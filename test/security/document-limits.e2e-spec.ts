import { expectError } from '../support/errors';
import { signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { post, rowCount, SIGN_UP, signUpInput } from './support';

/**
 * Depth, aliases, tokens, body bytes and cost, with the default limits (10, 30, 2 000 tokens,
 * 1 MB, cost 15 000). Each attack is a mutation that would write; the proof that no resolver
 * ran is an unchanged table and not a single SQL statement sent for the request.
 */
describe('abuse limits on the document', () => {
  let t: TestApp;
  let creator: Account;

  beforeAll(async () => {
    t = await TestApp.start();
    creator = await signUpCreator(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Sends `body` and checks that it was refused with `code` before anything touched the database. */
  async function refusedUntouched(
    body: unknown,
    code: string,
    table: string,
    options: Parameters<typeof post>[2] = {},
  ) {
    const before = await rowCount(t, table);
    let response: Awaited<ReturnType<typeof post>> | undefined;
    const statements = await t.countQueries(async () => {
      response = await post(t, body, options);
    });
    expect(statements).toBe(0);
    expect(await rowCount(t, table)).toBe(before);
    expect(response!.body.data).toBeUndefined();
    expectError({ status: response!.status, data: null, errors: response!.body.errors }, code);
    return response!;
  }

  it('refuses an operation deeper than 10 fields', async () => {
    // signUp 1, user 2, brands 3, deals 4, edges 5, node 6, deliverables 7, deal 8, brand 9,
    // deals 10, edges 11, node 12, id 13
    const deep = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { user { brands { deals {
      edges { node { deliverables { deal { brand { deals { edges { node { id } } } } } } } } } } } } }`;
    const response = await refusedUntouched(
      { query: deep, variables: signUpInput('deep@example.com') },
      'QUERY_TOO_DEEP',
      'users',
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_DEEP',
      limit: 10,
      actual: 13,
    });
    expect(await t.sql(`SELECT 1 FROM users WHERE email = 'deep@example.com'`)).toEqual([]);

    // Exactly 10 is fine: deals 1 … id 10.
    await t.gqlOk(
      `{ deals(first: 1) { edges { node { deliverables { deal { brand { deals(first: 1) { edges { node { id } } } } } } } } } }`,
      {},
      creator.token,
    );
  });

  it('refuses more than 30 aliases, counted across fragments', async () => {
    const signUps = Array.from(
      { length: 31 },
      (_, index) =>
        `a${index}: signUp(input: { email: "alias${index}@example.com", password: "a long enough password", role: BRAND }) { token }`,
    ).join('\n');
    const response = await refusedUntouched(
      { query: `mutation { ${signUps} }` },
      'TOO_MANY_ALIASES',
      'users',
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toMatchObject({ limit: 30, actual: 31 });

    // A fragment with 15 aliases, spread under two aliased fields: 2 + 2 × 15 = 32.
    const fragment = `fragment U on User { ${Array.from({ length: 15 }, (_, i) => `x${i}: id`).join(' ')} }`;
    const spread = await refusedUntouched(
      { query: `{ a: me { ...U } b: me { ...U } } ${fragment}` },
      'TOO_MANY_ALIASES',
      'users',
      { token: creator.token },
    );
    expect(spread.body.errors[0].extensions).toMatchObject({ limit: 30, actual: 32 });

    const thirty = Array.from({ length: 30 }, (_, index) => `a${index}: me { id }`).join(' ');
    const ok = await t.gqlOk(`{ ${thirty} }`, {}, creator.token);
    expect(Object.keys(ok)).toHaveLength(30);
  });

  it('refuses a document of more than 2 000 tokens while parsing', async () => {
    const padding = Array.from({ length: 2000 }, () => '__typename').join(' ');
    const query = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token ${padding} } }`;
    const response = await refusedUntouched(
      { query, variables: signUpInput('tokens@example.com') },
      'QUERY_TOO_LARGE',
      'users',
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_LARGE',
      reason: 'TOO_MANY_TOKENS',
      limit: 2000,
    });
  });

  it('refuses a request body over 1 MB with 413 and a JSON error, and reads one of 200 kB', async () => {
    const before = await rowCount(t, 'users');
    const huge = signUpInput('huge@example.com');
    const body = { query: SIGN_UP, variables: { ...huge, pad: 'x'.repeat(1_100_000) } };
    const response = await post(t, body);
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'The request body is larger than 1mb',
          extensions: { code: 'QUERY_TOO_LARGE', reason: 'REQUEST_BODY_TOO_LARGE', limit: 1048576 },
        },
      ],
    });
    expect(await rowCount(t, 'users')).toBe(before);

    // Past Express's own 100 kB default, within ours: an unused variable is just bytes.
    const ok = await post(t, {
      query: SIGN_UP,
      variables: { ...signUpInput('medium@example.com'), pad: 'x'.repeat(200_000) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.signUp.token).toMatch(/^dl_tok_/);
    expect(await rowCount(t, 'users')).toBe(before + 1);
  });

  it('answers malformed JSON as a GraphQL-shaped 400, not an HTML page', async () => {
    const response = await post(t, '{"query": "{ me { id } "');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        { message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
  });

  it('refuses an operation costing more than 15 000, lists multiplying by first', async () => {
    // slug 1; dependents (about 5) 1 + 5 × 1 = 6; platform 7; deliverables (about 10 a deal)
    // 1 + 10 × 7 = 71; node 72; edges 73; deals(first: 100) 1 + 100 × 73 = 7 301;
    // brands (about 3) 1 + 3 × 7 301 = 21 904; user 21 905; token 1;
    // createAccessToken 1 + 1 + 21 905 = 21 907
    const expensive = `mutation { createAccessToken(input: { name: "harvest" }) { token user { brands {
      deals(first: 100) { edges { node { deliverables { platform { dependents { slug } } } } } } } } } }`;
    const response = await refusedUntouched(
      { query: expensive },
      'QUERY_TOO_COMPLEX',
      'access_tokens',
      { token: creator.token },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 15000,
      actual: 21907,
    });

    // `first` multiplies, right at the limit: a deal is 73 as above, so deals(first: n) is
    // 1 + 73n, brands 1 + 3 × (1 + 73n) = 4 + 219n, in all 7 + 219n: first 69 is 15 118, refused;
    // first 68 is 14 899, fine.
    const shape = (name: string, first: number) =>
      `mutation { createAccessToken(input: { name: "${name}" }) { token user { brands {
        deals(first: ${first}) { edges { node { deliverables { platform { dependents { slug } } } } } } } } } }`;
    const justOver = await refusedUntouched(
      { query: shape('just-over', 69) },
      'QUERY_TOO_COMPLEX',
      'access_tokens',
      { token: creator.token },
    );
    expect(justOver.body.errors[0].extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 15000,
      actual: 15118,
    });
    await t.gqlOk(shape('fine', 68), {}, creator.token);
    expect(
      await t.sql(`SELECT name FROM access_tokens WHERE name IN ('harvest', 'just-over', 'fine')`),
    ).toEqual([{ name: 'fine' }]);
  });

  it('refuses fragments that expand past 10 000 selections, without walking them all', async () => {
    const chain = Array.from(
      { length: 16 },
      (_, index) => `fragment F${index} on Mutation { ...F${index + 1} ...F${index + 1} }`,
    ).join('\n');
    const query = `mutation { ...F0 } ${chain} fragment F16 on Mutation { createAccessToken(input: { name: "chain" }) { token } }`;
    const started = Date.now();
    const response = await refusedUntouched({ query }, 'QUERY_TOO_COMPLEX', 'access_tokens', {
      token: creator.token,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.body.errors[0].message).toMatch(/more than 10000 fields/);
  });

  it('outside production, still names suggestions and serves GraphiQL (production: see production.e2e-spec)', async () => {
    const typo = await t.gql(`{ mee { id } }`, {}, creator.token);
    expect(typo.errors?.[0].message).toMatch(/Did you mean "me"\?/);
    const page = await t.http().get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text.toLowerCase()).toContain('graphiql');
  });
});
