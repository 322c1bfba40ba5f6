import { ApiProcess, freePort, killAllSpawned } from '../support/spawn-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TcpProxy } from './fixtures/tcp-proxy';

// Spawning the built service (and, on the embedded engine, creating its database) takes a few
// seconds, far more on a busy machine: generous but bounded.
const SPAWN_MS = 120_000;

/** Start-up against a PostgreSQL server that is not there (yet), with the built service. */
describe('start-up while the database is unreachable', () => {
  afterAll(async () => {
    await killAllSpawned();
  });

  it(
    'retries with a growing wait, one line per try, then exits 1 with a clear message',
    async () => {
      // Nothing listens on port 1: every connect is refused at once.
      const app = await ApiProcess.spawn({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/deal_ledger',
        DATABASE_CONNECT_ATTEMPTS: '3',
        DATABASE_CONNECT_BACKOFF_MS: '50',
      });
      const exit = await app.waitForExit(60_000);
      expect(exit).toEqual({ code: 1, signal: null });
      const lines = app.output.split('\n');
      const retries = lines.filter((line) => line.includes('Database not reachable at'));
      expect(retries).toEqual([
        expect.stringContaining(
          'Database not reachable at 127.0.0.1:1 (attempt 1/3), retrying in 50 ms: connect ECONNREFUSED',
        ),
        expect.stringContaining(
          'Database not reachable at 127.0.0.1:1 (attempt 2/3), retrying in 100 ms: connect ECONNREFUSED',
        ),
        // Nest's exception handler prints the error once, main.ts once more as the last word.
        expect.stringMatching(
          /Database not reachable at 127\.0\.0\.1:1 after 3 attempt\(s\) over /,
        ),
        expect.stringMatching(
          /Database not reachable at 127\.0\.0\.1:1 after 3 attempt\(s\) over /,
        ),
      ]);
      expect(retries[3]).toContain('check DATABASE_URL');
      expect(app.output).not.toContain('GraphQL API ready');
      // Credentials never reach the log: only host and port are named.
      expect(app.output).not.toContain('postgres://');
    },
    SPAWN_MS,
  );

  it(
    'stops waiting at once on SIGTERM, with status 0',
    async () => {
      const app = await ApiProcess.spawn({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/deal_ledger',
        DATABASE_CONNECT_ATTEMPTS: '1000',
        DATABASE_CONNECT_BACKOFF_MS: '60000',
      });
      await app.waitForOutput(/\(attempt 1\/1000\), retrying in 1 min:/, 60_000);
      app.signal('SIGTERM');
      expect(await app.waitForExit(10_000)).toEqual({ code: 0, signal: null });
      expect(app.output).toContain('SIGTERM received during start-up: exiting');
    },
    SPAWN_MS,
  );

  // The server is needed to come up behind the proxy; the embedded engine has nothing to wait for.
  (process.env.DATABASE_URL ? describe : describe.skip)('on a PostgreSQL server', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;

    beforeAll(async () => {
      database = await createTestDatabase();
      const server = new URL(process.env.DATABASE_URL!);
      proxy = new TcpProxy(await freePort(), {
        host: server.hostname,
        port: Number(server.port || 5432),
      });
    });
    afterAll(async () => {
      await killAllSpawned();
      await proxy?.cut();
      await database?.drop();
    });

    it(
      'starts as soon as the database becomes reachable during the retries',
      async () => {
        const app = await ApiProcess.spawn({
          DATABASE_URL: proxy.urlFor(database.databaseUrl!),
          DATABASE_CONNECT_ATTEMPTS: '30',
          DATABASE_CONNECT_BACKOFF_MS: '100',
        });
        // Two refused tries, then the "server" comes up.
        await app.waitForOutput(/\(attempt 2\/30\), retrying in 200 ms/, 60_000);
        await proxy.open();
        await app.waitForOutput(/GraphQL API ready at/, 60_000);
        expect(app.output).toMatch(
          new RegExp(`Database reachable at 127\\.0\\.0\\.1:${proxy.port} \\(attempt \\d+/30\\)`),
        );
        const ready = await fetch(`${app.baseUrl}/health/ready`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({
          status: 'ok',
          info: { database: { status: 'up' } },
        });
        app.signal('SIGTERM');
        expect(await app.waitForExit(30_000)).toEqual({ code: 0, signal: null });
      },
      SPAWN_MS,
    );
  });
});
