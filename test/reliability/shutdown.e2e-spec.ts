import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { signUpCreator } from '../support/factories';
import {
  ApiProcess,
  killAllSpawned,
  tryConnect,
  until,
  type GraphqlAnswer,
} from '../support/spawn-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const CREATE_DEAL = `mutation($input: CreateDealInput!) {
  createDeal(input: $input) { userErrors { field code message } deal { id title } }
}`;
const DEALS = `query { deals(first: 5) { totalCount } }`;

// Spawning the built service (and, on the embedded engine, creating its database) takes a few
// seconds, far more on a busy machine: generous but bounded.
const SPAWN_MS = 120_000;
const GRACE_MS = 3000;
const onServer = Boolean(process.env.DATABASE_URL);

/**
 * SIGTERM on the built service, on whichever database this run uses: requests in flight are
 * finished, new connections are refused, a request that never ends is cut at
 * SHUTDOWN_GRACE_MS, the pool (and the embedded engine with its lock) is closed, exit 0.
 */
describe(`SIGTERM (${onServer ? 'PostgreSQL server' : 'embedded engine'})`, () => {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let app: ApiProcess;
  let token: string;

  beforeAll(async () => {
    const environment: Record<string, string> = { SHUTDOWN_GRACE_MS: String(GRACE_MS) };
    if (onServer) {
      database = await createTestDatabase();
      environment.DATABASE_URL = database.databaseUrl!;
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'deal-ledger-shutdown-'));
      environment.DATA_DIR = dataDir;
    }
    app = await ApiProcess.start(environment);
    ({ token } = await signUpCreator(app, { displayName: 'Shut Down' }));
  }, SPAWN_MS);

  const lockers: Client[] = [];

  afterAll(async () => {
    await killAllSpawned();
    await Promise.all(lockers.map((client) => client.end().catch(() => undefined)));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'finishes requests in flight, refuses new connections, cuts the rest at the grace period and exits 0',
    async () => {
      // A: arrived before the signal, its body still on the way; it writes once it has it.
      const inFlight = await app.heldRequest(
        CREATE_DEAL,
        {
          input: {
            title: 'Signed during shutdown',
            brandName: 'Late Brand',
            currency: 'USD',
            totalFee: '10.00',
          },
        },
        token,
      );
      // C: never sends its body; only the grace period ends it.
      const stuck = await app.heldRequest(DEALS, {}, token);

      // B (server only): a query waiting on a lock this test holds, i.e. in flight in the database.
      let locker: Client | undefined;
      let waiting: Promise<GraphqlAnswer> | undefined;
      if (onServer) {
        locker = new Client({ connectionString: database!.databaseUrl });
        locker.on('error', () => undefined); // dropping the database ends it
        lockers.push(locker);
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE deals IN ACCESS EXCLUSIVE MODE');
        waiting = app.gql(DEALS, {}, token);
        await until(async () => {
          // Inside a transaction the activity view is a snapshot taken once: refresh it.
          await locker!.query('SELECT pg_stat_clear_snapshot()');
          const rows = await locker!.query(
            `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'deal-ledger'
              AND wait_event_type = 'Lock'`,
          );
          return rows.rowCount! > 0;
        }, 'the query to wait on the lock');
      }

      const signalledAt = Date.now();
      app.signal('SIGTERM');
      await app.waitForOutput(
        new RegExp(`finishing ${onServer ? 3 : 2} request\\(s\\) in flight \\(up to 3 s\\)`),
        15_000,
      );
      // The listener is closed: a new client is refused, not queued.
      expect(await tryConnect(app.port)).toBe('ECONNREFUSED');

      // A completes normally, database write included, after the signal (its INSERT queues
      // behind B's lock on the server, so the lock goes first).
      const answering = inFlight.send();
      if (locker && waiting) {
        await locker.query('COMMIT');
        const listed = await waiting;
        expect(listed.status).toBe(200);
        expect(listed.errors).toBeUndefined();
        expect(listed.data.deals.totalCount).toBeLessThanOrEqual(1);
      }
      const answer = await answering;
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.createDeal.userErrors).toEqual([]);
      expect(answer.data.createDeal.deal.title).toBe('Signed during shutdown');

      const exit = await app.waitForExit(GRACE_MS + 20_000);
      expect(exit).toEqual({ code: 0, signal: null });
      const took = Date.now() - signalledAt;
      expect(took).toBeGreaterThanOrEqual(GRACE_MS - 100); // C held it open to the end of the grace
      expect(await stuck.settled()).toBeInstanceOf(Error); // … and was then cut
      expect(app.output).toContain(
        '1 request(s) still running after 3 s (SHUTDOWN_GRACE_MS); closing their connections',
      );
      expect(app.output).toContain('Shut down cleanly');

      if (locker) {
        // A's write is committed, and the pool is closed: no session of the service is left.
        const deals = await locker.query(`SELECT title FROM deals`);
        expect(deals.rows).toEqual([{ title: 'Signed during shutdown' }]);
        const sessions = await locker.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'deal-ledger'`,
        );
        expect(sessions.rows[0].n).toBe(0);
      } else {
        // The embedded engine was closed and its folder released.
        expect(existsSync(join(dataDir!, 'deal-ledger.lock'))).toBe(false);
      }
    },
    SPAWN_MS,
  );
});
