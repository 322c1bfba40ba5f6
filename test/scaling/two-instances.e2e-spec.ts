import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { allMigrations } from '../../migrations';
import { counterKey } from '../../src/security/rate-limit.service';
import {
  dealInput,
  PASSWORD,
  signUpAdmin,
  signUpCreator,
  type Account,
} from '../support/factories';
import { ApiProcess, type GraphqlAnswer } from '../support/spawn-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { startPgBouncer, type PgBouncer } from './pgbouncer';

const REDIS_URL = 'redis://127.0.0.1:6379';
/** Server connections PgBouncer keeps per database: fewer than the two instances' 2 × 5 clients. */
const SERVER_POOL = 3;
/**
 * Query cost one token may spend per minute, across both instances: room for the
 * administrator's reads of a deal with its deliverables, 43 of the rate-limit tests' QUERY.
 */
const BUDGET = 100_000;

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token user { id email } } }`;
const ME = `query { me { id email } }`;
const DEAL_FIELDS = `id title currency status version
  totalFee { amount currency minor }
  terms { netPaymentDays latePenaltyBpsPerDay latePenaltyCapBps killAfterDaysLate }
  brand { id name }
  deliverables { id title kind status scheduledAt dueAt fee { amount currency } platform { slug } }`;
const CREATE_DEAL = `mutation($input: CreateDealInput!) { createDeal(input: $input) { userErrors { field code message } deal { ${DEAL_FIELDS} } } }`;
const DEAL = `query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`;
const DEAL_COUNT = `query { deals(first: 100) { totalCount } }`;
const UPDATE_TITLE = `mutation($input: UpdateDealInput!) {
  updateDeal(input: $input) { userErrors { field code message } deal { id title version } }
}`;
const RECORD_OUTAGE = `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`;
const IMPACT = `query($id: ID!, $asOf: DateTime) { outageImpact(outageId: $id, asOf: $asOf) {
  evaluatedAt provisional affectedPlatforms { slug }
  totals { currency delayed { amount } lost { amount } retained { amount } recoverable { amount }
           byOutcome { outcome deliverableCount amount { amount } } }
  deliverables(first: 10) { totalCount edges { node {
    outcome daysLate penaltyBps delayMinutes suggestedSlotAt newPaymentDueAt
    fee { amount } lost { amount } delayed { amount } deliverable { id title }
  } } }
} }`;

function codes(answer: GraphqlAnswer): string[] {
  return (answer.errors ?? []).map((error) => String(error.extensions?.code));
}

/**
 * How an updateDeal answered: `ok`, a refusal of the input (`STALE_VERSION`, a user error), or a
 * top-level error as `CODE:reason`.
 */
function updateOutcome(answer: GraphqlAnswer): string {
  if (answer.errors?.length) {
    return answer.errors
      .map((error) => `${String(error.extensions?.code)}:${String(error.extensions?.reason)}`)
      .join(',');
  }
  const userErrors = (answer.data?.updateDeal?.userErrors ?? []) as Array<{ code: string }>;
  return userErrors.length > 0 ? userErrors.map((error) => error.code).join(',') : 'ok';
}

/**
 * Two API processes, one PostgreSQL behind PgBouncer in transaction mode, one Redis: what
 * running past one machine relies on. Each process has its own port and pool; whatever one
 * does, the other must see, and a token's rate-limit budget is one budget across both.
 */
// A server only: the embedded engine is one process's own database, there is nothing to share.
(process.env.DATABASE_URL ? describe : describe.skip)(
  'two API processes through PgBouncer (transaction mode) and Redis',
  () => {
    let dir: string;
    let database: TestDatabase | undefined;
    let bouncer: PgBouncer | undefined;
    let redis: Redis | undefined;
    let prefix: string;
    let a: ApiProcess | undefined;
    let b: ApiProcess | undefined;
    let A: ApiProcess;
    let B: ApiProcess;
    let admin: Account;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'deal-ledger-scaling-'));
      redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect().catch((error: unknown) => {
        throw new Error(`Redis is needed at ${REDIS_URL} (CI starts it): ${String(error)}`);
      });
      database = await createTestDatabase();
      bouncer = await startPgBouncer(dir, process.env.DATABASE_URL!, SERVER_POOL);
      prefix = `deal-ledger-test:${randomBytes(6).toString('hex')}:`;
      const environment = {
        NODE_ENV: 'production',
        DATABASE_URL: bouncer.urlFor(database.databaseUrl!),
        DATABASE_POOL_SIZE: '5',
        REDIS_URL,
        RATE_LIMIT_KEY_PREFIX: prefix,
        RATE_LIMIT_COST_PER_MINUTE: String(BUDGET),
        RATE_LIMIT_COST_PER_MINUTE_PER_IP: '100000000',
        PASSWORD_HASH_COST: '10',
      };
      // Both boot at once on the empty database, so both try to migrate it: the migration
      // lock makes one apply everything while the other waits and then finds nothing to do.
      // The temporary folder is their working directory: nothing is written into the repository.
      const started = await Promise.allSettled([
        ApiProcess.start(environment, { name: 'api-A', cwd: dir }),
        ApiProcess.start(environment, { name: 'api-B', cwd: dir }),
      ]);
      [a, b] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      [A, B] = [a!, b!];

      // The first account on an empty database is the administrator.
      admin = await signUpAdmin(A);
    }, 90_000);

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await bouncer?.stop();
      if (redis?.status === 'ready') {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      } else {
        redis?.disconnect();
      }
      await database?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** A direct connection to the test database, past PgBouncer. */
    async function direct<T>(work: (client: Client) => Promise<T>): Promise<T> {
      const client = new Client({ connectionString: database!.databaseUrl });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    }

    it('applied every migration exactly once although both instances migrated at start-up', async () => {
      const rows = await direct(async (client) => {
        const result = await client.query<{ name: string; times: number }>(
          `SELECT name, count(*)::int AS times FROM migrations GROUP BY name ORDER BY name`,
        );
        return result.rows;
      });
      expect(rows.map((row) => row.name).sort()).toEqual(
        allMigrations.map((migration) => migration.name).sort(),
      );
      expect(rows.every((row) => row.times === 1)).toBe(true);
    });

    it('accepts on B the token made on A, and signs in on B to an account made on A', async () => {
      const onB = await B.gqlOk(ME, {}, admin.token);
      expect(onB.me).toEqual({ id: admin.userId, email: admin.email });

      const signedIn = await B.gqlOk(SIGN_IN, {
        input: { email: admin.email, password: PASSWORD },
      });
      expect(signedIn.signIn.user.id).toBe(admin.userId);
      expect(signedIn.signIn.token).not.toBe(admin.token);
      const onA = await A.gqlOk(ME, {}, signedIn.signIn.token);
      expect(onA.me.id).toBe(admin.userId);
    });

    it('reads on B exactly the deal created on A', async () => {
      const created = (await A.gqlOk(CREATE_DEAL, { input: dealInput() }, admin.token)).createDeal
        .deal;
      expect(created.deliverables).toHaveLength(2);
      const [onB, onA] = await Promise.all([
        B.gqlOk(DEAL, { id: created.id }, admin.token),
        A.gqlOk(DEAL, { id: created.id }, admin.token),
      ]);
      expect(onB.deal).toEqual(created);
      expect(onA.deal).toEqual(created);
      const counts = await Promise.all([A, B].map((api) => api.gqlOk(DEAL_COUNT, {}, admin.token)));
      expect(counts.map((count) => count.deals.totalCount)).toEqual([1, 1]);
    });

    it('lets one of several concurrent updates on A and B win each version; the others are refused as stale', async () => {
      const deal = (
        await B.gqlOk(
          CREATE_DEAL,
          { input: dealInput({ title: 'Contested', deliverables: [] }) },
          admin.token,
        )
      ).createDeal.deal;
      const WRITERS = 8;
      let version: number = deal.version;
      for (let round = 1; round <= 2; round += 1) {
        const answers = await Promise.all(
          Array.from({ length: WRITERS }, (_unused, writer) =>
            (writer % 2 === 0 ? A : B).gql(
              UPDATE_TITLE,
              {
                input: {
                  id: deal.id,
                  title: `Round ${round} writer ${writer}`,
                  expectedVersion: version,
                },
              },
              admin.token,
            ),
          ),
        );
        const winners = answers.filter((answer) => updateOutcome(answer) === 'ok');
        const losers = answers.filter((answer) => updateOutcome(answer) !== 'ok');
        expect(winners).toHaveLength(1);
        // A loser saw the winner's version (STALE_VERSION, listed in userErrors with no deal), or
        // lost a serialization race past the retries (a top-level CONFLICT CONCURRENT_UPDATE).
        for (const loser of losers) {
          expect(['STALE_VERSION', 'CONFLICT:CONCURRENT_UPDATE']).toContain(updateOutcome(loser));
          if (!loser.errors) expect(loser.data.updateDeal.deal).toBeNull();
        }
        expect(losers).toHaveLength(WRITERS - 1);
        const winner = winners[0].data.updateDeal.deal;
        expect(winner.version).toBe(version + 1);
        // Both instances now read the winner's write.
        const reads = await Promise.all(
          [A, B].map((api) => api.gqlOk(DEAL, { id: deal.id }, admin.token)),
        );
        for (const read of reads) {
          expect({ title: read.deal.title, version: read.deal.version }).toEqual({
            title: winner.title,
            version: winner.version,
          });
        }
        version = winner.version;
      }

      // In turn, each instance building on what the other just wrote: every update succeeds.
      for (let step = 0; step < 6; step += 1) {
        const api = step % 2 === 0 ? A : B;
        const answer = await api.gqlOk(
          UPDATE_TITLE,
          { input: { id: deal.id, title: `Step ${step}`, expectedVersion: version } },
          admin.token,
        );
        expect(answer.updateDeal.deal.version).toBe(version + 1);
        version = answer.updateDeal.deal.version;
      }
      const final = await B.gqlOk(DEAL, { id: deal.id }, admin.token);
      expect({ title: final.deal.title, version: final.deal.version }).toEqual({
        title: 'Step 5',
        version,
      });

      // All that went through PgBouncer's few server connections, not one per client.
      const serverConnections = await direct(async (client) => {
        const result = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        return result.rows[0].n;
      });
      expect(serverConnections).toBeGreaterThan(0);
      expect(serverConnections).toBeLessThanOrEqual(SERVER_POOL);
    });

    it('computes the same outage impact on A and on B', async () => {
      const outage = await B.gqlOk(
        RECORD_OUTAGE,
        {
          input: {
            title: 'Meta down',
            severity: 'FULL',
            platformSlugs: ['meta'],
            startsAt: '2030-03-05T15:00:00Z',
            endsAt: '2030-03-05T17:20:00Z',
          },
        },
        admin.token,
      );
      const variables = { id: outage.recordOutage.outage.id, asOf: '2030-03-06T00:00:00Z' };
      const [onA, onB] = await Promise.all(
        [A, B].map((api) => api.gqlOk(IMPACT, variables, admin.token)),
      );
      expect(onB).toEqual(onA);
      // Not two empty answers: the deal from above has its reel and story on Meta's platforms.
      expect(onA.outageImpact.deliverables.totalCount).toBe(2);
      expect(onA.outageImpact.totals).toHaveLength(1);
      expect(onA.outageImpact.provisional).toBe(false);
    });

    describe('rate limits shared through Redis', () => {
      // 1 + 100 × (edges 1 + node 1 + deliverables (1 + 10 × 2)) = 2 301: 43 a minute.
      const QUERY = `query { deals(first: 100) { edges { node { deliverables { id title } } } } }`;

      async function freshToken(): Promise<string> {
        return (await signUpCreator(A, { displayName: 'Budget' })).token;
      }

      /** What one QUERY costs, as the instances charged it in Redis. */
      async function spentInRedis(token: string): Promise<number> {
        return Number(await redis!.get(prefix + counterKey('query:token', token)));
      }

      /** Sends QUERY on the instances in turn until one refuses; the answers that got through. */
      async function spendUntilRefused(token: string, apis: ApiProcess[]) {
        for (let sent = 0; sent < 200; sent += 1) {
          const api = apis[sent % apis.length];
          const answer = await api.gql(QUERY, {}, token);
          if (answer.errors) return { allowed: sent, refusal: answer, refusedBy: api };
        }
        throw new Error('never refused');
      }

      function expectRateLimited(answer: GraphqlAnswer): void {
        expect(answer.status).toBe(429);
        expect(codes(answer)).toEqual(['RATE_LIMITED']);
        const retryAfter = Number(answer.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }

      it('refuses on B, with RATE_LIMITED, a token that spent its budget on A', async () => {
        const token = await freshToken();
        await A.gqlOk(QUERY, {}, token);
        const cost = await spentInRedis(token);
        expect(cost).toBeGreaterThan(0);
        const perMinute = Math.floor(BUDGET / cost);
        expect(perMinute).toBeGreaterThan(2); // the test below needs a few rounds

        const onA = await spendUntilRefused(token, [A]);
        expect(onA.allowed + 1).toBe(perMinute); // the first query above counts too
        expectRateLimited(onA.refusal);
        // B never saw this token before, and refuses it at once.
        expectRateLimited(await B.gql(QUERY, {}, token));
        // It is this token's budget that is spent, not B that is unwell.
        expect(codes(await B.gql(QUERY, {}, admin.token))).toEqual([]);
      });

      it('lets a token spread over A and B spend one budget, not one per instance', async () => {
        const token = await freshToken();
        const { allowed, refusal } = await spendUntilRefused(token, [A, B]);
        const cost = (await spentInRedis(token)) / allowed;
        expect(Number.isInteger(cost)).toBe(true);
        // Per-instance counters would let twice as many through.
        expect(allowed).toBe(Math.floor(BUDGET / cost));
        expectRateLimited(refusal);
        expectRateLimited(await A.gql(QUERY, {}, token));
        expectRateLimited(await B.gql(QUERY, {}, token));
      });
    });
  },
);
