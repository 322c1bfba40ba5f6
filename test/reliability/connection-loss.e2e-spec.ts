import { Client } from 'pg';
import { runTransaction } from '../../src/common/database/retry';
import { AppConfig } from '../../src/config/app-config';
import { captureErrorLogs } from '../support/error-log';
import { createDeal, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { until } from '../support/spawn-app';

const CREATE_DEAL = `mutation($input: CreateDealInput!) {
  createDeal(input: $input) { userErrors { field code message } deal { id } }
}`;

function dealFor(brandName: string) {
  return {
    title: `Deal with ${brandName}`,
    brandName,
    currency: 'USD',
    totalFee: '300.00',
    status: 'ACTIVE',
    deliverables: [
      {
        platformSlug: 'instagram',
        kind: 'REEL',
        title: 'Reel',
        scheduledAt: '2030-03-05T16:00:00Z',
        dueAt: '2030-03-05T18:00:00Z',
      },
    ],
  };
}

// Killing a backend and racing two sessions need a server with separate backends: the embedded
// engine is one connection inside this process, with nothing to kill and nobody to race.
(process.env.DATABASE_URL ? describe : describe.skip)('database faults mid-request', () => {
  let t: TestApp;
  let creator: Account;
  /** A second session on the test's own database, outside the app's pool. */
  let outsider: Client;

  beforeAll(async () => {
    t = await TestApp.start();
    creator = await signUpCreator(t);
    outsider = new Client({ connectionString: t.app.get(AppConfig).DATABASE_URL });
    outsider.on('error', () => undefined); // dropping the database at the end ends it
    await outsider.connect();
  });
  afterAll(async () => {
    await outsider?.end().catch(() => undefined);
    await t?.close();
  });

  async function counts(brandName: string) {
    const [row] = await t.sql(
      `SELECT (SELECT count(*) FROM brands WHERE name = $1)::int AS brands,
              (SELECT count(*) FROM deals d JOIN brands b ON b.id = d.brand_id WHERE b.name = $1)::int AS deals`,
      [brandName],
    );
    return row;
  }

  it('answers SERVICE_UNAVAILABLE when the backend is killed mid-transaction, writes nothing, and recovers', async () => {
    // The mutation inserts its brand, then queues for the deals table, which this session holds.
    await outsider.query('BEGIN');
    await outsider.query('LOCK TABLE deals IN ACCESS EXCLUSIVE MODE');
    const pending = t.gql(CREATE_DEAL, { input: dealFor('Killed Brand') }, creator.token);
    let victim: number;
    try {
      victim = await until(async () => {
        // Inside a transaction the activity view is a snapshot taken once: refresh it.
        await outsider.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await outsider.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'deal-ledger'
              AND wait_event_type = 'Lock' AND state = 'active'`,
        );
        return rows[0]?.pid;
      }, 'the mutation to wait on the lock');
      const { rows } = await outsider.query<{ query: string; in_transaction: boolean }>(
        `SELECT query, xact_start IS NOT NULL AS in_transaction FROM pg_stat_activity WHERE pid = $1`,
        [victim],
      );
      expect(rows[0]).toMatchObject({
        in_transaction: true,
        query: expect.stringMatching(/^INSERT INTO "?deals"? /),
      });
      const killed = await outsider.query(`SELECT pg_terminate_backend($1) AS ok`, [victim]);
      expect(killed.rows[0].ok).toBe(true);
    } finally {
      await outsider.query('ROLLBACK');
    }

    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.data?.createDeal ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({
      message: 'The database is unavailable; retry shortly',
      path: ['createDeal'],
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' },
    });
    expect(JSON.stringify(response.errors)).not.toMatch(/terminat|administrator|57P01/i);

    // The brand it had inserted went with the transaction.
    expect(await counts('Killed Brand')).toEqual({ brands: 0, deals: 0 });
    await until(async () => {
      const { rowCount } = await outsider.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [
        victim,
      ]);
      return rowCount === 0;
    }, 'the killed backend to exit');

    // The pool dropped the dead client: the next requests run on live connections, the same
    // mutation included, however many times the pool is cycled through.
    for (let index = 0; index < 12; index += 1) {
      const again = await t.gql(
        CREATE_DEAL,
        { input: dealFor(`Recovered ${index}`) },
        creator.token,
      );
      expect(again.errors).toBeUndefined();
      expect(again.data?.createDeal.userErrors).toEqual([]);
    }
    const retried = await t.gql(CREATE_DEAL, { input: dealFor('Killed Brand') }, creator.token);
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.createDeal.userErrors).toEqual([]);
    expect(await counts('Killed Brand')).toEqual({ brands: 1, deals: 1 });
  });

  it('runTransaction retries a real serialization failure (40001) and then commits', async () => {
    const deal = await createDeal(t, creator.token, { brandName: 'Serial Brand' });
    const [{ version }] = await t.sql(`SELECT version FROM deals WHERE id = $1`, [deal.id]);
    const tries: number[] = [];
    const result = await runTransaction(
      t.dataSource,
      async (manager) => {
        tries.push(tries.length + 1);
        // REPEATABLE READ takes its snapshot at the first statement…
        await manager.query(`SELECT version FROM deals WHERE id = $1`, [deal.id]);
        // … another session then commits a change to the row (only during the first try) …
        if (tries.length === 1) {
          await outsider.query(`UPDATE deals SET version = version + 1 WHERE id = $1`, [deal.id]);
        }
        // … so updating it fails with 40001 the first time, and works on the fresh snapshot.
        await manager.query(`UPDATE deals SET notes = 'updated after a retry' WHERE id = $1`, [
          deal.id,
        ]);
        return 'committed';
      },
      { isolationLevel: 'REPEATABLE READ', baseDelayMs: 5 },
    );
    expect(result).toBe('committed');
    expect(tries).toEqual([1, 2]);
    const [row] = await t.sql(`SELECT version, notes FROM deals WHERE id = $1`, [deal.id]);
    expect(row).toEqual({ version: version + 1, notes: 'updated after a retry' });
  });

  it('answers writes hit by terminated connections with SERVICE_UNAVAILABLE only, logs no error, and keeps nothing of a refused one', async () => {
    // Another session kills the app's busy backends again and again while mutations run:
    // between two statements of a transaction (TypeORM then refuses its released query runner),
    // or in the middle of one.
    let killing = true;
    let kills = 0;
    const killer = (async () => {
      while (killing) {
        const { rows } = await outsider.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'deal-ledger'
              AND pid <> pg_backend_pid() AND state <> 'idle'`,
        );
        kills += rows[0].n;
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 40));
      }
    })();
    const logs = captureErrorLogs();
    const outcomes: Array<{ brand: string; code: string | null }> = [];
    try {
      for (let wave = 0; wave < 6; wave += 1) {
        const brands = Array.from({ length: 8 }, (_, index) => `Churn ${wave}-${index}`);
        const responses = await Promise.all(
          brands.map((brand) => t.gql(CREATE_DEAL, { input: dealFor(brand) }, creator.token)),
        );
        responses.forEach((response, index) => {
          // A refusal of the input (a user error) would be a wrong answer too: it is counted as one.
          const userErrors = (response.data?.createDeal?.userErrors ?? []) as Array<{
            code: string;
          }>;
          const code = response.errors
            ? String(response.errors[0].extensions?.code)
            : userErrors.length > 0
              ? `userErrors: ${userErrors.map((error) => error.code).join(',')}`
              : null;
          outcomes.push({ brand: brands[index], code });
        });
      }
    } finally {
      killing = false;
      await killer;
      logs.stop();
    }
    expect(kills).toBeGreaterThan(0);
    expect(logs.lines).toEqual([]);
    const codes = new Set(outcomes.map((outcome) => outcome.code));
    expect([...codes].filter((code) => code !== null && code !== 'SERVICE_UNAVAILABLE')).toEqual(
      [],
    );
    // Whatever was answered as done is there once; whatever was refused left nothing behind.
    for (const { brand, code } of outcomes) {
      expect(await counts(brand)).toEqual(
        code === null ? { brands: 1, deals: 1 } : { brands: 0, deals: 0 },
      );
    }
    // And the pool recovers.
    for (let index = 0; index < 4; index += 1) {
      const again = await t.gql(
        CREATE_DEAL,
        { input: dealFor(`After churn ${index}`) },
        creator.token,
      );
      expect(again.errors).toBeUndefined();
      expect(again.data?.createDeal.userErrors).toEqual([]);
    }
  });
});
