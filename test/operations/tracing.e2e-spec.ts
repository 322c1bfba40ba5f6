import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiProcess, killAllSpawned, until } from '../support/spawn-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { OtlpReceiver, SPAN_KIND_SERVER, type ReceivedSpan } from './otlp-receiver';

const ROOT = resolve(__dirname, '../..');
const SPAWN_MS = 180_000;
const EMAIL = 'tracing-check@example.com';
const PASSWORD = 'a secret tracing password';

const SIGN_UP = `mutation TraceSignUp($input: SignUpInput!) { signUp(input: $input) { token userErrors { code } } }`;
const PLATFORMS = `query TracePlatforms($first: Int) { platforms(first: $first) { edges { node { slug } } } }`;

/** The ancestors of `span` within its trace, nearest first (stops where a parent is missing). */
function ancestors(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((one) => [one.spanId, one]));
  const chain: ReceivedSpan[] = [];
  for (let parent = span.parentSpanId; parent && byId.has(parent);) {
    const next = byId.get(parent)!;
    chain.push(next);
    parent = next.parentSpanId;
  }
  return chain;
}

/** The SQL text a pg span records (the attribute's name depends on the conventions' version). */
function sqlOf(span: ReceivedSpan): string {
  const text = span.attributes['db.query.text'] ?? span.attributes['db.statement'];
  return typeof text === 'string' ? text : '';
}

const isPgQuery = (span: ReceivedSpan) =>
  span.scope === '@opentelemetry/instrumentation-pg' &&
  span.name !== 'pg.connect' &&
  !span.name.startsWith('pg-pool');

/**
 * OpenTelemetry through the built service, as it runs in production: pointed at a tiny OTLP/HTTP
 * receiver, it exports one trace per request, rooted at the HTTP server span, with the GraphQL
 * and database spans inside it; without an endpoint nothing of the SDK is even loaded.
 */
describe('traces over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let api: ApiProcess;
  let database: TestDatabase;
  let dataDir: string | undefined;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    database = await createTestDatabase();
    dataDir = database.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'deal-ledger-otel-'));
    api = await ApiProcess.start({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATA_DIR: dataDir! }),
    });
  }, SPAWN_MS);

  afterAll(async () => {
    await api?.stop();
    await killAllSpawned();
    await receiver?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'exports one trace per request: the HTTP server span at the root, GraphQL and SQL inside',
    async () => {
      const signUp = await api.gqlOk(SIGN_UP, {
        input: { email: EMAIL, password: PASSWORD, role: 'CREATOR', displayName: 'Tracer' },
      });
      const token = signUp.signUp.token as string;
      await api.gqlOk(PLATFORMS, { first: 3 }, token);

      const serverSpans = () =>
        receiver.spans.filter(
          (span) => span.kind === SPAN_KIND_SERVER && span.scope.endsWith('instrumentation-http'),
        );
      // Batched every 2 s: wait for both requests' server spans and the SQL under them.
      await until(
        async () =>
          serverSpans().length >= 2 &&
          serverSpans().every((root) =>
            receiver.spans.some((span) => span.traceId === root.traceId && isPgQuery(span)),
          ),
        'both requests exported with their SQL',
        30_000,
        200,
      );
      const roots = serverSpans();
      // Only the two GraphQL requests: the readiness probes before them are not traced.
      expect(
        roots.map((root) => root.attributes['url.path'] ?? root.attributes['http.target']),
      ).toEqual(['/graphql', '/graphql']);
      expect(new Set(roots.map((root) => root.traceId)).size).toBe(2);

      for (const root of roots) {
        const trace = receiver.spans.filter((span) => span.traceId === root.traceId);
        // The server span is the root, and the only one: one trace per request.
        expect(root.parentSpanId).toBeUndefined();
        expect(trace.filter((span) => span.kind === SPAN_KIND_SERVER)).toHaveLength(1);
        expect(trace.filter((span) => !span.parentSpanId)).toEqual([root]);
        // Every other span of the trace hangs under the server span.
        for (const span of trace.filter((one) => one !== root)) {
          expect(ancestors(span, trace).at(-1)?.spanId).toBe(root.spanId);
        }
        const queries = trace.filter(isPgQuery);
        expect(queries.length).toBeGreaterThan(0);
        // The GraphQL execution is traced, and the SQL runs inside it.
        const execute = trace.find(
          (span) => span.name.startsWith('query') || span.name.startsWith('mutation'),
        );
        expect(execute?.scope).toBe('@opentelemetry/instrumentation-graphql');
        expect(
          queries.some((query) =>
            ancestors(query, trace).some((up) => up.spanId === execute!.spanId),
          ),
        ).toBe(true);
      }
      // The query's statements are in its own trace, not the sign-up's.
      const platformsTrace = roots[1].traceId;
      expect(
        receiver.spans.some(
          (span) =>
            span.traceId === platformsTrace && isPgQuery(span) && /platforms/i.test(sqlOf(span)),
        ),
      ).toBe(true);

      // Parameter values never leave the process: neither the e-mail nor the password is in any
      // export (the SQL text carries $1, $2 …).
      const exported = receiver.bodies.join('\n');
      expect(exported).not.toContain(EMAIL);
      expect(exported).not.toContain(PASSWORD);
      expect(exported).not.toContain(token);
      expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);

      const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(roots[0].resource).toMatchObject({
        'service.name': 'deal-ledger',
        'service.version': version,
      });
    },
    SPAWN_MS,
  );
});

describe('tracing off', () => {
  /** Loads main.ts's first module as main.ts does, then the libraries, and reports what it sees. */
  function probe(environment: Record<string, string>) {
    const script = `
      require('./dist/src/infrastructure/telemetry/start-tracing.js');
      require('pg'); require('express'); require('graphql');
      const { trace } = require('@opentelemetry/api');
      const span = trace.getTracer('probe').startSpan('probe');
      const loaded = Object.keys(require.cache).filter(
        (file) => file.includes('@opentelemetry') && !/@opentelemetry[\\\\/]api[\\\\/]/.test(file));
      console.log(JSON.stringify({ recording: span.isRecording(), sdkModulesLoaded: loaded.length,
        pgPatched: '__wrapped' in require('pg').Client.prototype.query }));
      process.exit(0);`;
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'test', ...environment },
      encoding: 'utf8',
    });
    return JSON.parse(output.trim().split('\n').at(-1)!) as {
      recording: boolean;
      sdkModulesLoaded: number;
      pgPatched: boolean;
    };
  }

  it('without OTEL_EXPORTER_OTLP_ENDPOINT loads no SDK, patches nothing, and traces nothing', () => {
    expect(probe({})).toEqual({ recording: false, sdkModulesLoaded: 0, pgPatched: false });
  });

  it('with it, the same start-up loads the SDK and patches pg (the probe can tell)', () => {
    const on = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(on.recording).toBe(true);
    expect(on.sdkModulesLoaded).toBeGreaterThan(0);
    expect(on.pgPatched).toBe(true);
  });
});
