import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess, killAllSpawned } from '../support/spawn-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TestApp } from '../support/test-app';

const onServer = Boolean(process.env.DATABASE_URL);
const SPAWN_MS = 180_000;

type Line = Record<string, any>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const tag = randomBytes(4).toString('hex');
// One address the text scrubber would catch, and one it lets through (a documentation domain):
// the second shows that bodies and variables are never logged in the first place.
const CREATOR_EMAIL = `logcheck-${tag}@redaction.test`;
const OTHER_EMAIL = `quiet-${tag}@example.org`;
const PASSWORD = `Pass-${tag}-never-logged`;

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id } userErrors { code } } }`;
const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }`;
const CREATE_TOKEN = `mutation CreateToken($input: CreateAccessTokenInput!) {
  createAccessToken(input: $input) { token userErrors { code } } }`;
const CREATE_FEED = `mutation CreateFeed($input: CreateCalendarFeedInput!) {
  createCalendarFeed(input: $input) { url userErrors { code } } }`;
const REPORT_LINK = `query ReportLink($input: ReportLinkInput!) { reportLink(input: $input) { url } }`;

/** The built service's stdout and stderr, every line a JSON object (LOG_FORMAT=json). */
function parseLines(output: string): Line[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);
}

describe(`structured logs of the built service (${onServer ? 'PostgreSQL server' : 'embedded engine'})`, () => {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let api: ApiProcess;

  beforeAll(async () => {
    // Requests come from 127.0.0.1, so TRUST_PROXY=loopback makes this test a trusted proxy.
    const environment: Record<string, string> = { LOG_FORMAT: 'json', TRUST_PROXY: 'loopback' };
    if (onServer) {
      database = await createTestDatabase();
      environment.DATABASE_URL = database.databaseUrl!;
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'deal-ledger-logging-'));
      environment.DATA_DIR = dataDir;
    }
    api = await ApiProcess.start(environment);
  }, SPAWN_MS);

  afterAll(async () => {
    await killAllSpawned();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** POST /graphql; returns the answer and the X-Request-Id the service answered with. */
  async function post(
    query: string,
    variables: Record<string, unknown>,
    options: { token?: string; requestId?: string } = {},
  ): Promise<{ body: any; requestId: string }> {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { body: await response.json(), requestId: response.headers.get('x-request-id')! };
  }

  /** Waits for the request's completion line (written when the response finished). */
  async function completionLine(requestId: string): Promise<Line> {
    await api.waitForOutput(new RegExp(`"requestId":"${requestId}"[^\\n]*"status":`), 10_000);
    const lines = parseLines(api.output).filter(
      (line) => line.requestId === requestId && line.status !== undefined,
    );
    expect(lines).toHaveLength(1);
    return lines[0];
  }

  it(
    'logs sign-up, sign-in, tokens, a calendar feed, a signed link and refusals without a secret',
    async () => {
      const secrets: string[] = [CREATOR_EMAIL, OTHER_EMAIL, PASSWORD];

      const signUp = await post(SIGN_UP, {
        input: { email: CREATOR_EMAIL, password: PASSWORD, role: 'CREATOR', displayName: 'Log' },
      });
      const sessionToken: string = signUp.body.data.signUp.token;
      const userId: string = signUp.body.data.signUp.user.id;
      secrets.push(sessionToken);
      expect(signUp.requestId).toMatch(UUID);
      expect(await completionLine(signUp.requestId)).toMatchObject({
        level: 'info',
        method: 'POST',
        path: '/graphql',
        status: 200,
        graphql: { operationName: 'SignUp', operationType: 'mutation', fields: ['signUp'] },
      });

      await post(SIGN_UP, {
        input: { email: OTHER_EMAIL, password: PASSWORD, role: 'CREATOR', displayName: 'Quiet' },
      });

      // A refused mutation with an e-mail in its input: the count of userErrors, not the input.
      const taken = await post(SIGN_UP, {
        input: { email: CREATOR_EMAIL, password: PASSWORD, role: 'CREATOR', displayName: 'Again' },
      });
      expect(taken.body.data.signUp.userErrors).toEqual([{ code: 'EMAIL_TAKEN' }]);
      const takenLine = await completionLine(taken.requestId);
      expect(takenLine.graphql).toMatchObject({ operationName: 'SignUp', userErrors: 1 });

      const signIn = await post(SIGN_IN, { input: { email: CREATOR_EMAIL, password: PASSWORD } });
      secrets.push(signIn.body.data.signIn.token);

      // A wrong password for a known e-mail: an error code on the line.
      const wrong = await post(SIGN_IN, {
        input: { email: OTHER_EMAIL, password: `${PASSWORD}-wrong` },
      });
      const codes = (wrong.body.errors ?? []).map((e: any) => e.extensions.code);
      expect(codes.length).toBeGreaterThan(0);
      expect((await completionLine(wrong.requestId)).graphql).toMatchObject({
        operationName: 'SignIn',
        errorCodes: codes,
      });

      const created = await post(
        CREATE_TOKEN,
        { input: { name: 'ci-bot' } },
        { token: sessionToken, requestId: `proxy-${tag}.1` },
      );
      const accessToken: string = created.body.data.createAccessToken.token;
      secrets.push(accessToken);
      // Sane, and from a trusted proxy: the service uses it.
      expect(created.requestId).toBe(`proxy-${tag}.1`);
      expect(await completionLine(created.requestId)).toMatchObject({
        userId,
        graphql: { operationName: 'CreateToken' },
      });

      const feed = await post(CREATE_FEED, { input: {} }, { token: accessToken });
      const feedUrl: string = feed.body.data.createCalendarFeed.url;
      const feedPath = new URL(feedUrl).pathname;
      secrets.push(
        feedPath
          .split('/')
          .pop()!
          .replace(/\.ics$/, ''),
      );
      const ics = await fetch(`${api.baseUrl}${feedPath}`);
      expect(ics.status).toBe(200);
      expect(await completionLine(ics.headers.get('x-request-id')!)).toMatchObject({
        method: 'GET',
        path: '/calendar/[redacted]',
        status: 200,
      });

      const link = await post(
        REPORT_LINK,
        {
          input: { format: 'CSV', from: '2021-10-01T00:00:00Z', to: '2021-10-08T00:00:00Z' },
        },
        { token: accessToken },
      );
      const reportUrl = new URL(link.body.data.reportLink.url as string);
      secrets.push(reportUrl.searchParams.get('sig')!);
      const report = await fetch(`${api.baseUrl}${reportUrl.pathname}${reportUrl.search}`);
      expect(report.status).toBe(200);
      expect(await completionLine(report.headers.get('x-request-id')!)).toMatchObject({
        path: reportUrl.pathname,
        status: 200,
      });

      // An id that is not sane is replaced even from a trusted proxy.
      const odd = await post('{ __typename }', {}, { requestId: 'has spaces and @' });
      expect(odd.requestId).toMatch(UUID);

      const everything = api.output;
      for (const secret of secrets) expect(everything).not.toContain(secret);
      expect(everything).not.toMatch(/dl_(tok|cal|inv)_/);
      expect(everything).not.toMatch(/authorization|bearer/i);
      expect(everything).not.toContain('"variables"');
      expect(everything).not.toContain('sig=');
      // Every line is one JSON object: nothing escaped the logger.
      expect(() => parseLines(everything)).not.toThrow();
    },
    SPAWN_MS,
  );
});

describe('X-Request-Id without a trusted proxy (TRUST_PROXY unset)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ignores the id a client sends and answers with a fresh one', async () => {
    const first = await t.http().get('/health/live').set('x-request-id', 'client-picked-1');
    const second = await t.http().get('/health/live').set('x-request-id', 'client-picked-1');
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('gives an id to a request the body parser refuses before routing', async () => {
    const refused = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": ');
    expect(refused.status).toBe(400);
    expect(refused.headers['x-request-id']).toMatch(UUID);
  });
});
