import { DEMO_ADMIN_EMAIL, SEEDED_PLATFORMS } from '../../src/scripts/demo/demo-data';
import { DemoRefusedError, loadDemo, type DemoResult } from '../../src/scripts/demo/load-demo';
import { TestApp } from '../support/test-app';

/**
 * `npm run demo`: the loader on a fresh database, then what it loaded, read back over GraphQL.
 * The 2021 figures are the demo's own worked example (Meta down 2021-10-04 15:39–21:45 UTC).
 */
const COUNTS = `query {
  deals(first: 1) { totalCount }
  deliverables(first: 1) { totalCount }
  outages(first: 1) { totalCount }
  brands(first: 1) { totalCount }
  platformAccounts(first: 1) { totalCount }
}`;

const IMPACT = `query($id: ID!) { outageImpact(outageId: $id) {
  provisional
  totals { currency delayed { amount } lost { amount } retained { amount } recoverable { amount }
           atRisk { amount } byOutcome { outcome deliverableCount } }
  deliverables(first: 100) { totalCount edges { node { outcome deliverable { title } } } }
  byBrand { totalCount nodes { brand { name } } }
  platformIncome(first: 100) { totalCount nodes { loss { amount currency } } }
} }`;

/** `ImpactTotals.byOutcome` (every outcome once, in the enum's order) as counts by outcome. */
function outcomeCounts(byOutcome: Array<{ outcome: string; deliverableCount: number }>) {
  expect(byOutcome.map((entry) => entry.outcome)).toEqual([
    'LOST',
    'LATE',
    'DELAYED',
    'AT_RISK',
    'RECOVERABLE',
  ]);
  const count = (outcome: string) =>
    byOutcome.find((entry) => entry.outcome === outcome)!.deliverableCount;
  return {
    lost: count('LOST'),
    late: count('LATE'),
    delayed: count('DELAYED'),
    atRisk: count('AT_RISK'),
    recoverable: count('RECOVERABLE'),
  };
}

const LOAD_TIMEOUT = 180_000;

async function databaseCounts(t: TestApp) {
  const [row] = await t.sql(`SELECT
      (SELECT count(*)::int FROM creators) AS creators,
      (SELECT count(*)::int FROM brands) AS brands,
      (SELECT count(*)::int FROM deals) AS deals,
      (SELECT count(*)::int FROM deliverables) AS deliverables,
      (SELECT count(*)::int FROM outages) AS outages,
      (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM platform_accounts) AS accounts`);
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
}

function outageId(result: DemoResult, key: string): string {
  const outage = result.outages.find((candidate) => candidate.key === key);
  if (!outage) throw new Error(`no outage ${key}`);
  return outage.id;
}

describe('npm run demo', () => {
  let t: TestApp;
  let first: DemoResult;
  let firstCounts: Record<string, number>;

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    await t?.close();
  });

  it(
    'loads creators, brands, deals, deliverables and outages into an empty database',
    async () => {
      first = await loadDemo(t.app);
      firstCounts = await databaseCounts(t);
      expect(firstCounts).toMatchObject({ creators: 12, brands: 8, outages: 3 });
      expect(firstCounts.deals).toBeGreaterThanOrEqual(30);
      expect(firstCounts.deliverables).toBeGreaterThanOrEqual(90);
      expect(first.counts).toMatchObject({
        creators: firstCounts.creators,
        brands: firstCounts.brands,
        deals: firstCounts.deals,
        deliverables: firstCounts.deliverables,
        outages: firstCounts.outages,
        admins: 1,
        unclaimedBrands: 2,
        brandsWithSeveralMembers: 1,
        dealCurrencies: ['EUR', 'GBP', 'JPY', 'USD'],
      });
      expect(Object.keys(first.counts.dealsByStatus).sort()).toEqual([
        'ACTIVE',
        'COMPLETED',
        'DRAFT',
      ]);
      expect(first.counts.deliverablesByStatus.POSTED).toBeGreaterThan(0);
      expect(first.counts.upcomingDeliverables).toBeGreaterThan(0);

      // The administrator reads everything over GraphQL: the same numbers.
      const admin = first.tokens.admin.token;
      const seen = await t.gqlOk(COUNTS, {}, admin);
      expect(seen.deals.totalCount).toBe(firstCounts.deals);
      expect(seen.deliverables.totalCount).toBe(firstCounts.deliverables);
      expect(seen.outages.totalCount).toBe(3);
      expect(seen.platformAccounts.totalCount).toBe(firstCounts.accounts);
      // The directory lists claimed brands only: 8 minus the 2 that creators merely named.
      expect(seen.brands.totalCount).toBe(6);
      const me = await t.gqlOk(`query { me { email isAdmin } }`, {}, admin);
      expect(me.me).toEqual({ email: DEMO_ADMIN_EMAIL, isAdmin: true });
    },
    LOAD_TIMEOUT,
  );

  it('shows every outcome of the 4 October 2021 Meta outage, in four currencies', async () => {
    const data = await t.gqlOk(
      IMPACT,
      { id: outageId(first, 'meta-2021') },
      first.tokens.admin.token,
    );
    const impact = data.outageImpact;
    expect(impact.provisional).toBe(false);
    const outcomes = new Set(impact.deliverables.edges.map((edge: any) => edge.node.outcome));
    for (const outcome of ['DELAYED', 'LATE', 'LOST', 'RECOVERABLE']) {
      expect(outcomes).toContain(outcome);
    }
    expect(impact.totals.length).toBeGreaterThanOrEqual(3);
    const totals = Object.fromEntries(
      impact.totals.map((row: any) => [
        row.currency,
        {
          delayed: row.delayed.amount,
          lost: row.lost.amount,
          retained: row.retained.amount,
          recoverable: row.recoverable.amount,
          counts: outcomeCounts(row.byOutcome),
        },
      ]),
    );
    expect(totals).toEqual({
      EUR: {
        delayed: '600.00', // body oil recipe card: 20:00 + 6 h 6 min under force majeure ≥ 21:45
        lost: '500.00', // fixed body oil reel: 1000.00 − 50 % kill fee
        retained: '500.00',
        recoverable: '1200.00', // trail kit reel, on YouTube
        counts: { lost: 1, late: 0, delayed: 1, atRisk: 0, recoverable: 1 },
      },
      GBP: {
        delayed: '540.00', // cold brew story: 600.00 − 60.00
        lost: '1260.00', // 1 day × 20 % capped at 10 % of 600.00 = 60.00; live 1600.00 − 25 % = 1200.00
        retained: '400.00',
        recoverable: '0.00',
        counts: { lost: 1, late: 1, delayed: 0, atRisk: 0, recoverable: 0 },
      },
      JPY: {
        delayed: '176400', // story 60000 + (120000 − 3 % = 116400)
        lost: '353600', // fixed live 200000 + killed reel 150000 + 3600 penalty
        retained: '0',
        recoverable: '0',
        counts: { lost: 2, late: 1, delayed: 1, atRisk: 0, recoverable: 0 },
      },
      USD: {
        delayed: '2265.00', // story set 900.00 + (1400.00 − 2.5 % = 1365.00)
        lost: '1055.00', // 35.00 penalty + 1200.00 live killed, less its 15 % kill fee (180.00)
        retained: '180.00',
        recoverable: '1500.00', // reel 1000.00 + giveaway 500.00 on YouTube (Facebook was down too)
        counts: { lost: 1, late: 1, delayed: 1, atRisk: 0, recoverable: 2 },
      },
    });
    // Posted, cancelled, draft, completed, TikTok and exactly-at-the-end ones are untouched.
    const titles = impact.deliverables.edges.map((edge: any) => edge.node.deliverable.title);
    for (const untouched of [
      'Glow Serum unboxing reel',
      'Voltaic Pro teaser story',
      'Night cream teaser',
      'Espresso week recap',
      'Glow Serum duet',
      'Cold brew recipe post',
    ]) {
      expect(titles).not.toContain(untouched);
    }
    expect(impact.platformIncome.totalCount).toBeGreaterThan(0);
    expect(impact.platformIncome.nodes.length).toBe(impact.platformIncome.totalCount);
  });

  it('shows AT_RISK for the partial X outage, and scopes a brand member to their brand', async () => {
    const partial = await t.gqlOk(
      IMPACT,
      { id: outageId(first, 'x-2023') },
      first.tokens.admin.token,
    );
    expect(
      partial.outageImpact.deliverables.edges.map((edge: any) => edge.node.outcome).sort(),
    ).toEqual(['AT_RISK', 'RECOVERABLE']);

    const asBrand = await t.gqlOk(
      IMPACT,
      { id: outageId(first, 'meta-2021') },
      first.tokens.brand.token,
    );
    expect(asBrand.outageImpact.byBrand).toEqual({
      totalCount: 1,
      nodes: [{ brand: { name: 'Lumen & Fern Skincare' } }],
    });
    expect(asBrand.outageImpact.platformIncome).toEqual({ totalCount: 0, nodes: [] });
    const asCreator = await t.gqlOk(COUNTS, {}, first.tokens.creator.token);
    expect(asCreator.deals.totalCount).toBeLessThan(firstCounts.deals);
  });

  it(
    'refuses to load twice, or into a database with users of its own; --reset reloads the same data',
    async () => {
      await expect(loadDemo(t.app)).rejects.toThrow(DemoRefusedError);
      await expect(loadDemo(t.app)).rejects.toThrow(/already loaded/);
      expect(await databaseCounts(t)).toEqual(firstCounts);

      // Users that are not the demo's: refused too, and nothing changes.
      await t.sql(`UPDATE users SET email = 'someone@elsewhere.example' WHERE email = $1`, [
        DEMO_ADMIN_EMAIL,
      ]);
      await expect(loadDemo(t.app)).rejects.toThrow(/already has 20 user\(s\)/);
      await t.sql(`UPDATE users SET email = $1 WHERE email = 'someone@elsewhere.example'`, [
        DEMO_ADMIN_EMAIL,
      ]);

      // A platform and an edge added since the migrations go; the seeded catalog stays.
      await t.gqlOk(
        `mutation { createPlatform(input: { slug: "bluesky", name: "Bluesky", kind: SOCIAL, dependsOn: ["x"] }) { platform { id } } }`,
        {},
        first.tokens.admin.token,
      );

      const second = await loadDemo(t.app, { reset: true });
      expect(second.resetTables).toEqual(expect.arrayContaining(['users', 'deals', 'outages']));
      expect(second.resetTables).not.toContain('platforms');
      expect(second.keptTables).toEqual(
        expect.arrayContaining(['migrations', 'platforms', 'platform_dependencies']),
      );
      expect(await databaseCounts(t)).toEqual(firstCounts);
      expect(second.counts).toEqual(first.counts);
      expect(second.outages.map(({ key, counts, lost }) => ({ key, counts, lost }))).toEqual(
        first.outages.map(({ key, counts, lost }) => ({ key, counts, lost })),
      );
      const platforms = await t.sql(`SELECT count(*)::int AS n FROM platforms`);
      expect(Number(platforms[0].n)).toBe(SEEDED_PLATFORMS.length); // 16
      const edges = await t.sql(`SELECT count(*)::int AS n FROM platform_dependencies`);
      expect(Number(edges[0].n)).toBe(7); // five platforms on Meta, YouTube on Google, TikTok on ByteDance

      // The old tokens died with their users; the new ones work.
      const stale = await t.gql(`query { me { email } }`, {}, first.tokens.admin.token);
      expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const fresh = await t.gqlOk(`query { me { email } }`, {}, second.tokens.admin.token);
      expect(fresh.me.email).toBe(DEMO_ADMIN_EMAIL);
    },
    LOAD_TIMEOUT * 2,
  );
});
