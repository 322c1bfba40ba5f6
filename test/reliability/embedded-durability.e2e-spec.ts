import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUpCreator } from '../support/factories';
import { ApiProcess, killAllSpawned } from '../support/spawn-app';

const CREATE_DEAL = `mutation($input: CreateDealInput!) {
  createDeal(input: $input) { userErrors { field code message } deal { id } }
}`;
const DEALS_PAGE = `query($after: String) {
  deals(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;

const WRITERS = 4;
const ACKNOWLEDGED_BEFORE_KILL = 40;
// Two cold starts of the engine on a busy machine; bounded all the same.
const SLOW_MS = 180_000;

function dealInput(index: number) {
  return {
    title: `Deal ${index}`,
    brandName: `Brand ${index % 7}`,
    currency: 'USD',
    totalFee: '300.00',
    status: 'ACTIVE',
    deliverables: [
      {
        platformSlug: 'instagram',
        kind: 'REEL',
        title: `Reel ${index}`,
        scheduledAt: '2030-03-05T16:00:00Z',
        dueAt: '2030-03-05T18:00:00Z',
      },
      {
        platformSlug: 'youtube',
        kind: 'VIDEO',
        title: `Video ${index}`,
        scheduledAt: '2030-03-06T16:00:00Z',
        dueAt: '2030-03-07T18:00:00Z',
      },
    ],
  };
}

async function allDealIds(app: ApiProcess, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const { data, errors } = await app.gql(DEALS_PAGE, { after }, token);
    expect(errors).toBeUndefined();
    for (const edge of data.deals.edges) ids.add(edge.node.id);
    if (!data.deals.pageInfo.hasNextPage) return ids;
    after = data.deals.pageInfo.endCursor;
  }
}

// The data-folder lock and crash recovery belong to the embedded engine: they run in the
// embedded pass. With DATABASE_URL set the service never touches a data folder.
(process.env.DATABASE_URL ? describe.skip : describe)(
  'embedded engine: one process per data folder, crash-safe',
  () => {
    let dataDir: string;
    let lockFile: string;
    let token: string;
    const acknowledged: string[] = [];
    let survivor: ApiProcess;

    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'deal-ledger-durability-'));
      lockFile = join(dataDir, 'deal-ledger.lock');
    });
    afterAll(async () => {
      await killAllSpawned();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'keeps every acknowledged write when the process is SIGKILLed mid-stream',
      async () => {
        const first = await ApiProcess.start({ DATA_DIR: dataDir });
        expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: first.pid });
        ({ token } = await signUpCreator(first, { displayName: 'Durable' }));

        // Several writers keep requests in flight all the time; the kill lands among them.
        let next = 0;
        let killed = false;
        const writer = async () => {
          while (!killed) {
            const index = next++;
            try {
              const { status, data, errors } = await first.gql(
                CREATE_DEAL,
                { input: dealInput(index) },
                token,
              );
              if (status === 200 && data?.createDeal?.deal?.id) {
                acknowledged.push(data.createDeal.deal.id);
              } else if (!killed) {
                throw new Error(
                  `Write ${index} failed before the kill: ${JSON.stringify(errors ?? data)}`,
                );
              }
            } catch (error) {
              if (!killed) throw error;
              return; // cut by the kill: not acknowledged, so not promised
            }
            if (acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL && !killed) {
              killed = true;
              first.signal('SIGKILL');
            }
          }
        };
        await Promise.all(Array.from({ length: WRITERS }, writer));
        expect(await first.waitForExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
        expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
        // Nothing removed the lock: the next process finds it and must decide it is stale.
        expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: first.pid });

        survivor = await ApiProcess.start({ DATA_DIR: dataDir });
        expect(survivor.output).toContain(
          `Took over the lock on ${dataDir} from a process that is gone (pid ${first.pid}`,
        );
        expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: survivor.pid });

        const present = await allDealIds(survivor, token);
        const missing = acknowledged.filter((id) => !present.has(id));
        expect(missing).toEqual([]);
        // At most the writes in flight at the kill may have landed without an answer.
        expect(present.size - acknowledged.length).toBeLessThanOrEqual(WRITERS);

        // The database is usable: new writes land, and reads see them.
        const more = await survivor.gql(CREATE_DEAL, { input: dealInput(10_000) }, token);
        expect(more.errors).toBeUndefined();
        expect(more.data.createDeal.userErrors).toEqual([]);
        expect((await allDealIds(survivor, token)).has(more.data.createDeal.deal.id)).toBe(true);
      },
      SLOW_MS,
    );

    it(
      'refuses a second process on a folder in use, with a clear message',
      async () => {
        const intruder = await ApiProcess.spawn({ DATA_DIR: dataDir });
        const exit = await intruder.waitForExit(60_000);
        expect(exit).toEqual({ code: 1, signal: null });
        expect(intruder.output).toContain(
          `The embedded database in ${dataDir} is in use by another Deal Ledger process (pid ${survivor.pid}`,
        );
        expect(intruder.output).not.toContain('GraphQL API ready');
        // The running process and its lock are untouched.
        expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: survivor.pid });
        expect((await fetch(`${survivor.baseUrl}/health/ready`)).status).toBe(200);
      },
      SLOW_MS,
    );

    it('removes the lock on a clean shutdown', async () => {
      survivor.signal('SIGTERM');
      expect(await survivor.waitForExit(30_000)).toEqual({ code: 0, signal: null });
      expect(existsSync(lockFile)).toBe(false);
    });
  },
);
