import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { checksumEmbedded } from '../../src/database/embedded-backup';
import { closeEmbeddedPostgres, openEmbeddedPostgres } from '../../src/database/embedded-postgres';
import {
  listTables,
  PIN_TEXT_FORMAT,
  tableChecksums,
  type TableChecksum,
} from '../../src/database/table-checksums';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/scripts/demo/demo-data';
import { CREATE_DEAL, dealInput, signUpCreator } from '../support/factories';
import { ApiProcess, ChildService, killAllSpawned } from '../support/spawn-app';

/**
 * `npm run backup`, `npm run restore` and `npm run db:move`, run as the built commands against a
 * running service on an embedded data folder loaded with the demo data: a backup taken while
 * deals are being created holds every deal finished before it began and none begun after it
 * ended, each one whole; a quiet backup, its restore and its move to a server hold exactly the
 * original's rows (per-table checksums) and answer the same reports.
 */
const ROOT = resolve(__dirname, '../..');
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LONG = 300_000;

interface Run {
  code: number | null;
  output: string;
}

async function runScript(script: string, args: string[], env: Record<string, string>) {
  const child = ChildService.spawn(
    script,
    process.execPath,
    [join(ROOT, 'dist/src/scripts', `${script}.js`), ...args],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        NODE_ENV: 'test',
        ...env,
      },
    },
  );
  const { code } = await child.waitForExit(LONG);
  return { code, output: child.output } satisfies Run;
}

function expectSuccess(run: Run): string {
  if (run.code !== 0) throw new Error(`exit ${run.code}:\n${run.output}`);
  return run.output;
}

async function embeddedChecksums(folder: string): Promise<TableChecksum[]> {
  const pglite = await openEmbeddedPostgres(folder);
  try {
    return (await checksumEmbedded(pglite)).tables;
  } finally {
    await closeEmbeddedPostgres(pglite);
  }
}

type Sql = (text: string, parameters?: unknown[]) => Promise<Array<Record<string, any>>>;

async function withEmbedded<T>(folder: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const pglite = await openEmbeddedPostgres(folder);
  const query: Sql = async (text, parameters = []) =>
    (await pglite.query<Record<string, any>>(text, parameters)).rows;
  try {
    return await work(query);
  } finally {
    await closeEmbeddedPostgres(pglite);
  }
}

async function serverChecksums(url: string): Promise<TableChecksum[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (text: string, parameters?: unknown[]) =>
      (await client.query(text, parameters)).rows as Array<Record<string, unknown>>;
    await query('BEGIN');
    for (const statement of PIN_TEXT_FORMAT) await query(statement);
    const checksums = await tableChecksums(query, await listTables(query));
    await query('COMMIT');
    return checksums;
  } finally {
    await client.end();
  }
}

async function serverReachable(): Promise<boolean> {
  const client = new Client({ connectionString: SERVER, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const OUTAGES = `query { outages(first: 20) { edges { node { id } } } }`;
const IMPACT = `query($id: ID!, $asOf: DateTime) { outageImpact(outageId: $id, asOf: $asOf) {
  provisional
  totals { currency delayed { amount } lost { amount } retained { amount } recoverable { amount }
           atRisk { amount } byOutcome { outcome deliverableCount } }
  deliverables(first: 100) { totalCount edges { node { outcome deliverable { id title } } } }
} }`;

/** Everything the reports say about the data, at a fixed instant: GraphQL and the CSV. */
async function reports(api: ApiProcess, token: string, asOf: string) {
  const outages = await api.gqlOk(OUTAGES, {}, token);
  const ids: string[] = outages.outages.edges.map((edge: any) => edge.node.id).sort();
  const impacts = [];
  const csv: string[] = [];
  for (const id of ids) {
    impacts.push(await api.gqlOk(IMPACT, { id, asOf }, token));
    const response = await fetch(`${api.baseUrl}/reports/outages/${id}.csv?asOf=${asOf}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    csv.push(await response.text());
  }
  return { ids, impacts, csv };
}

interface LoadCall {
  title: string;
  startedAt: number;
  finishedAt: number;
  dealId: string;
}

/** Creates deals over `lanes` concurrent connections, each with an Idempotency-Key, until stopped. */
function writeLoad(api: ApiProcess, token: string, lanes: number) {
  const calls: LoadCall[] = [];
  let running = true;
  let counter = 0;
  const lane = async () => {
    while (running) {
      const title = `Load deal ${(counter += 1)}`;
      const startedAt = Date.now();
      const response = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ query: CREATE_DEAL, variables: { input: dealInput({ title }) } }),
      });
      const body = (await response.json()) as any;
      const deal = body.data?.createDeal?.deal;
      if (!deal) throw new Error(`createDeal failed under load: ${JSON.stringify(body)}`);
      calls.push({ title, startedAt, finishedAt: Date.now(), dealId: deal.id });
    }
  };
  const done = Promise.all(Array.from({ length: lanes }, lane));
  return {
    calls,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('backups, restore and moving to a server (npm run backup / restore / db:move)', () => {
  const work = mkdtempSync(join(tmpdir(), 'deal-ledger-backup-'));
  const original = join(work, 'original');
  const tokenFile = join(work, 'admin.token');
  let api: ApiProcess | null = null;
  let admin: string;
  let creator: string;
  let asOf: string;
  const databases: string[] = [];

  beforeAll(async () => {
    expectSuccess(await runScript('demo', [], { DATA_DIR: original }));
    api = await ApiProcess.start({ DATA_DIR: original, WEBHOOK_WORKER: 'off' });
    const signIn = await api.gqlOk(
      `mutation($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD } },
    );
    admin = signIn.signIn.token;
    const issued = await api.gqlOk(
      `mutation { createAccessToken(input: { name: "backups" }) { token } }`,
      {},
      admin,
    );
    writeFileSync(tokenFile, `${issued.createAccessToken.token}\n`, { mode: 0o600 });
    creator = (await signUpCreator(api)).token;
    asOf = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  }, LONG);

  afterAll(async () => {
    await api?.stop();
    await killAllSpawned();
    if (databases.length > 0) {
      const client = new Client({ connectionString: SERVER });
      await client.connect();
      for (const name of databases) {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
      await client.end();
    }
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'backs up while deals are being created: whole deals, all finished before it, none begun after',
    async () => {
      const load = writeLoad(api!, creator, 3);
      // Let the load get going, so the backup lands in the middle of it.
      while (load.calls.length < 6) await new Promise((wait) => setTimeout(wait, 50));
      const backupStarted = Date.now();
      const run = await runScript(
        'backup',
        ['--out', join(work, 'under-load.tar.gz'), '--token-file', tokenFile],
        { DATA_DIR: original, PORT: String(api!.port) },
      );
      const backupEnded = Date.now();
      // A few more after it, then stop.
      const after = load.calls.length;
      while (load.calls.length < after + 6) await new Promise((wait) => setTimeout(wait, 50));
      await load.stop();
      expect(expectSuccess(run)).toMatch(/taken by the running service \(pid \d+\)/);
      // Requests were in flight while the backup ran.
      expect(
        load.calls.some((call) => call.startedAt < backupEnded && call.finishedAt > backupStarted),
      ).toBe(true);

      const restored = join(work, 'restored-under-load');
      const restore = expectSuccess(
        await runScript('restore', [join(work, 'under-load.tar.gz'), '--data-dir', restored], {}),
      );
      expect(restore).toMatch(/Verified: \d+ tables, \d+ rows, every row count and checksum/);

      const present = await withEmbedded(restored, async (sql) => {
        const deals = await sql(`SELECT id, title FROM deals WHERE title LIKE 'Load deal %'`);
        const audited = await sql(
          `SELECT DISTINCT entity_id::text AS id FROM audit_entries WHERE entity_type = 'DEAL'`,
        );
        const audit = new Set(audited.map((row) => row.id));
        // Each deal came with its audit entry: no transaction is half in the backup.
        for (const deal of deals) expect(audit.has(deal.id)).toBe(true);
        return new Set(deals.map((row) => row.title as string));
      });
      const before = load.calls.filter((call) => call.finishedAt < backupStarted);
      const later = load.calls.filter((call) => call.startedAt > backupEnded);
      expect(before.length).toBeGreaterThan(0);
      expect(later.length).toBeGreaterThan(0);
      for (const call of before) expect(present.has(call.title)).toBe(true);
      for (const call of later) expect(present.has(call.title)).toBe(false);
    },
    LONG,
  );

  it(
    'restores and moves to a server with every row and every report identical',
    async () => {
      const seen = await reports(api!, admin, asOf);
      expect(seen.ids.length).toBeGreaterThanOrEqual(3);
      expect(seen.csv.join('\n').split('\n').length).toBeGreaterThan(10);
      const backup = join(work, 'quiet.tar.gz');
      expectSuccess(
        await runScript('backup', ['--out', backup, '--token-file', tokenFile], {
          DATA_DIR: original,
          PORT: String(api!.port),
        }),
      );
      await api!.stop();
      api = null;
      const originalSums = await embeddedChecksums(original);
      const rowsOf = (table: string) => originalSums.find((sum) => sum.table === table)!.rows;
      // The audit trail, the idempotency keys (bytea answers) and the outbox are all there.
      expect(rowsOf('audit_entries')).toBeGreaterThan(100);
      expect(rowsOf('idempotency_keys')).toBeGreaterThan(10);
      expect(rowsOf('webhook_events')).toBeGreaterThan(100);

      // With the service stopped, the CLI backs the folder up itself: the same rows.
      const offline = join(work, 'offline.tar.gz');
      expect(
        expectSuccess(await runScript('backup', ['--out', offline], { DATA_DIR: original })),
      ).toMatch(/no service was running on it/);

      const restored = join(work, 'restored');
      expectSuccess(await runScript('restore', [backup, '--data-dir', restored], {}));
      expect(await embeddedChecksums(restored)).toEqual(originalSums);

      // A folder that holds something is refused without --force, and left alone.
      const refused = await runScript('restore', [offline, '--data-dir', restored], {});
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/is not empty .* add --force/);
      expect(await embeddedChecksums(restored)).toEqual(originalSums);
      expectSuccess(await runScript('restore', [offline, '--data-dir', restored, '--force'], {}));
      expect(await embeddedChecksums(restored)).toEqual(originalSums);

      // Moved before any service runs on the restored folder (a request may touch a token).
      let target: string | null = null;
      if (await serverReachable()) {
        const name = `deal_ledger_move_${randomBytes(6).toString('hex')}`;
        const server = new Client({ connectionString: SERVER });
        await server.connect();
        await server.query(`CREATE DATABASE ${name}`);
        await server.end();
        databases.push(name);
        const url = new URL(SERVER);
        url.pathname = `/${name}`;
        target = url.toString();

        const move = expectSuccess(
          await runScript('db-move', ['--to', target], { DATA_DIR: restored }),
        );
        expect(move).toContain(`DATABASE_URL=${target}`);
        for (const sum of originalSums) expect(move).toContain(`  ${sum.table} `);
        expect(await serverChecksums(target)).toEqual(originalSums);

        // A database that is not empty is refused, and left as it was.
        const again = await runScript('db-move', ['--to', target], { DATA_DIR: restored });
        expect(again.code).toBe(1);
        expect(again.output).toMatch(/The target database is not empty/);
        expect(await serverChecksums(target)).toEqual(originalSums);
        // The embedded folder it came from is untouched, and not left locked.
        expect(await embeddedChecksums(restored)).toEqual(originalSums);
        expect(readdirSync(restored)).not.toContain('deal-ledger.lock');
      } else {
        console.warn(`PostgreSQL at ${SERVER} is not reachable: the move to a server is skipped`);
      }

      const onRestored = await ApiProcess.start({ DATA_DIR: restored, WEBHOOK_WORKER: 'off' });
      try {
        expect(await reports(onRestored, admin, asOf)).toEqual(seen);
      } finally {
        await onRestored.stop();
      }
      if (target) {
        const onServer = await ApiProcess.start({ DATABASE_URL: target, WEBHOOK_WORKER: 'off' });
        try {
          expect(await reports(onServer, admin, asOf)).toEqual(seen);
        } finally {
          await onServer.stop();
        }
      }
    },
    LONG * 2,
  );
});
