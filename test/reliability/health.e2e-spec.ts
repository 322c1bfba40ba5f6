import { signUpCreator } from '../support/factories';
import { TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { freePort } from '../support/spawn-app';
import { TcpProxy } from './fixtures/tcp-proxy';

const onServer = Boolean(process.env.DATABASE_URL);

describe(`health endpoints (${onServer ? 'PostgreSQL server' : 'embedded engine'})`, () => {
  let t: TestApp;
  let proxy: TcpProxy | undefined;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (onServer) {
      // The app reaches its database through a proxy this test can cut.
      database = await createTestDatabase();
      const server = new URL(process.env.DATABASE_URL!);
      proxy = new TcpProxy(await freePort(), {
        host: server.hostname,
        port: Number(server.port || 5432),
      });
      await proxy.open();
      t = await TestApp.start({ DATABASE_URL: proxy.urlFor(database.databaseUrl!) });
    } else {
      t = await TestApp.start();
    }
  });
  afterAll(async () => {
    await proxy?.open(); // closing the app needs its database
    await t?.close();
    await proxy?.cut();
    await database?.drop();
  });

  it('answers liveness and readiness without a token, and with a bad one', async () => {
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(live.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');

    const ready = await t.http().get('/health/ready').set('authorization', 'Bearer nonsense');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  if (onServer) {
    it('reports 503 while the database is unreachable and recovers when it is back', async () => {
      const creator = await signUpCreator(t);
      await proxy!.cut();

      const down = await t.http().get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
      // Liveness is about the process: still fine.
      expect((await t.http().get('/health/live')).status).toBe(200);
      // GraphQL callers get a clean, retryable error, not an internal one.
      const meanwhile = await t.gql(`query { me { id } }`, {}, creator.token);
      expect(meanwhile.errors?.[0]).toMatchObject({
        message: 'The database is unavailable; retry shortly',
        extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' },
      });
      expect(JSON.stringify(meanwhile.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

      await proxy!.open();
      expect((await t.http().get('/health/ready')).status).toBe(200);
      const after = await t.gqlOk<{ me: { id: string } }>(`query { me { id } }`, {}, creator.token);
      expect(after.me.id).toBe(creator.userId);
    });
  } else {
    it('reports 503 when the single embedded connection does not answer within a second', async () => {
      // A long transaction holds the engine's only connection.
      let finish!: () => void;
      const held = new Promise<void>((resolve) => (finish = resolve));
      const transaction = t.dataSource.transaction(async (manager) => {
        await manager.query('SELECT 1');
        await held;
      });
      try {
        const started = Date.now();
        const busy = await t.http().get('/health/ready');
        expect(busy.status).toBe(503);
        expect(busy.body).toMatchObject({
          status: 'error',
          error: { database: { status: 'down' } },
        });
        expect(Date.now() - started).toBeGreaterThanOrEqual(900); // the 1 s timeout
      } finally {
        finish();
        await transaction;
      }
      expect((await t.http().get('/health/ready')).status).toBe(200);
    });
  }
});
