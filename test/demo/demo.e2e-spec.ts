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

const RECEIVABLES = `query($after: String) { receivables(first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id kind status dueAt daysOverdue writeOffReason owed { amount currency }
          paid { amount } writtenOff { amount } open { amount }
          deliverable { title } deal { id title brand { name } } }
} }`;

const PAYMENTS = `query { deals(first: 100) { totalCount nodes {
  id payments { kind receivedAt allocations { receivableId amount { amount } } }
} } }`;

const CASHFLOW = `query($from: DateTime!, $to: DateTime!) { cashflow(from: $from, to: $to, bucket: MONTH) {
  bucketStart currency received { amount } overdue { amount }
} }`;

const RECEIVABLE_STATUSES = ['NOT_DUE', 'DUE', 'OVERDUE', 'PARTIALLY_PAID', 'PAID', 'WRITTEN_OFF'];

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
      (SELECT count(*)::int FROM platform_accounts) AS accounts,
      (SELECT count(*)::int FROM payments) AS payments,
      (SELECT count(*)::int FROM receivable_write_offs) AS write_offs`);
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
}

/** Every receivable the token's holder sees now, page by page. */
async function allReceivables(t: TestApp, token: string): Promise<any[]> {
  const found: any[] = [];
  let after: string | null = null;
  do {
    const page: any = (await t.gqlOk(RECEIVABLES, { after }, token)).receivables;
    found.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return found;
}

/**
 * What the token's holder sees of money owed: the statuses, and each PAID receivable as on time
 * or late (its last payment, from the deal's ledger, received by its due date or after it).
 */
async function moneyOwed(t: TestApp, token: string) {
  const receivables = await allReceivables(t, token);
  const { deals } = await t.gqlOk(PAYMENTS, {}, token);
  expect(deals.nodes.length).toBe(deals.totalCount);
  const ledgerOf = new Map<string, any[]>(deals.nodes.map((deal: any) => [deal.id, deal.payments]));
  const title = (r: any) => r.deliverable?.title ?? `deposit of ${r.deal.title}`;
  const lastPaid = (r: any): number =>
    Math.max(
      ...(ledgerOf.get(r.deal.id) ?? [])
        .filter((p: any) =>
          p.allocations.some((a: any) => a.receivableId === r.id && Number(a.amount.amount) > 0),
        )
        .map((p: any) => Date.parse(p.receivedAt)),
    );
  const paid = receivables.filter((r) => r.status === 'PAID');
  const withStatus = (status: string) => receivables.filter((r) => r.status === status);
  return {
    receivables,
    statuses: new Set(receivables.map((r) => r.status)),
    paidOnTime: paid.filter((r) => lastPaid(r) <= Date.parse(r.dueAt)).map(title),
    paidLate: paid.filter((r) => lastPaid(r) > Date.parse(r.dueAt)).map(title),
    withStatus: (status: string) => withStatus(status).map(title),
    writtenOff: withStatus('WRITTEN_OFF').map((r) => ({
      title: title(r),
      reason: r.writeOffReason,
      paid: r.paid.amount,
      writtenOff: r.writtenOff.amount,
      open: r.open.amount,
    })),
    deposits: receivables
      .filter((r) => r.kind === 'DEPOSIT')
      .map((r) => ({ deal: r.deal.title, status: r.status, owed: r.owed.amount })),
  };
}

/**
 * Received and overdue per currency over every month of the demo, from September 2021 to past
 * its last upcoming deliverable, asked a year at a time (the longest window cashflow takes).
 */
async function cashflowTotals(t: TestApp, token: string, anchor: Date) {
  const last = new Date(anchor.getTime() + 61 * 86_400_000);
  const end = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1);
  const totals: Record<string, { received: number; overdue: number }> = {};
  let buckets = { received: 0, overdue: 0 };
  for (let year = 2021; Date.UTC(year, 8, 1) < end; year++) {
    const from = new Date(Date.UTC(year, 8, 1));
    const to = new Date(Math.min(Date.UTC(year + 1, 8, 1), end));
    const { cashflow } = await t.gqlOk(CASHFLOW, { from, to }, token);
    for (const row of cashflow) {
      const sums = (totals[row.currency] ??= { received: 0, overdue: 0 });
      sums.received += Number(row.received.amount);
      sums.overdue += Number(row.overdue.amount);
      buckets = {
        received: buckets.received + (Number(row.received.amount) > 0 ? 1 : 0),
        overdue: buckets.overdue + (Number(row.overdue.amount) > 0 ? 1 : 0),
      };
    }
  }
  return { totals, buckets };
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
        payments: firstCounts.payments,
        writeOffs: 1,
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

  it('shows money owed in every state, to the creator and to the brand', async () => {
    const creator = await moneyOwed(t, first.tokens.creator.token); // Maya Okafor
    const brand = await moneyOwed(t, first.tokens.brand.token); // Lumen & Fern Skincare
    const admin = await moneyOwed(t, first.tokens.admin.token);

    for (const seen of [creator, brand, admin]) {
      expect([...seen.statuses].sort()).toEqual([...RECEIVABLE_STATUSES].sort());
      // Barrier balm relaunch (Maya–Lumen & Fern), posted over the last ten weeks, judged today.
      expect(seen.paidOnTime).toContain('Barrier balm first-look reel'); // paid 2 days before due
      expect(seen.paidLate).toContain('Barrier balm routine video'); // paid 8 days after due
      expect(seen.withStatus('PARTIALLY_PAID')).toContain('Barrier balm story set');
      expect(seen.withStatus('OVERDUE')).toContain('Barrier balm duet');
      expect(seen.withStatus('DUE')).toEqual(
        expect.arrayContaining([
          'Barrier balm in 60 seconds',
          'deposit of Lumen & Fern summer SPF',
        ]),
      );
      // Planned posts, past (never marked posted) and upcoming.
      expect(seen.withStatus('NOT_DUE')).toEqual(
        expect.arrayContaining(['Glow Serum story set', 'Summer SPF reel']),
      );
      // 30 % of 5400.00, due 14 days after the deal became ACTIVE (the load).
      expect(seen.deposits).toEqual([
        { deal: 'Lumen & Fern summer SPF', status: 'DUE', owed: '1620.00' },
      ]);
      // 1000.00 of 1500.00 paid on time in 2021, the rest written off with its reason.
      expect(seen.writtenOff).toEqual([
        {
          title: 'Glow Serum unboxing reel',
          reason: "Lumen & Fern's 2021 agency closed owing the last 500.00; not worth a claim.",
          paid: '1000.00',
          writtenOff: '500.00',
          open: '0.00',
        },
      ]);
    }
    const partial = creator.receivables.find(
      (r) => r.deliverable?.title === 'Barrier balm story set',
    );
    expect({ paid: partial.paid.amount, open: partial.open.amount }).toEqual({
      paid: '250.00',
      open: '350.00',
    });
    expect(partial.daysOverdue).toBeGreaterThan(0);

    // The brand sees its deals with every creator, and nothing of other brands.
    expect(brand.paidLate).toEqual(
      expect.arrayContaining([
        'Summer glow reel', // Chloé's 2022 deal, paid three weeks after the last fell due
        'Summer glow routine',
        'Summer glow day-in-the-life',
      ]),
    );
    expect(creator.paidLate).not.toContain('Summer glow reel');
    expect(new Set(brand.receivables.map((r) => r.deal.brand.name))).toEqual(
      new Set(['Lumen & Fern Skincare']),
    );
    // The other creators' history is paid too, on time and late.
    expect(admin.paidOnTime).toEqual(
      expect.arrayContaining([
        'Espresso week reel',
        'Trail kit carousel',
        'Pancake flip challenge',
      ]),
    );
    expect(admin.paidLate).toEqual(
      expect.arrayContaining(['Rain shell storm ride', 'City loop ride-along']),
    );
    expect(admin.receivables.length).toBeGreaterThan(brand.receivables.length);
    expect(admin.receivables.length).toBeGreaterThan(creator.receivables.length);

    // Cash flow over the demo's months: money received and money overdue.
    const mine = await cashflowTotals(t, first.tokens.creator.token, first.anchor);
    expect(mine.totals).toEqual({
      // Received: 1000.00 (Glow Serum, Nov 2021) + 1200.00 + 1500.00 + 250.00 (Barrier balm).
      // Overdue: 350.00 left of the story set + 400.00 duet.
      USD: { received: 3950, overdue: 750 },
    });
    const theirs = await cashflowTotals(t, first.tokens.brand.token, first.anchor);
    expect(theirs.totals).toEqual({
      EUR: { received: 2400, overdue: 0 }, // Summer glow, August 2022
      USD: { received: 3950, overdue: 750 },
    });
    const all = await cashflowTotals(t, first.tokens.admin.token, first.anchor);
    expect(all.buckets.received).toBeGreaterThanOrEqual(8);
    expect(all.buckets.overdue).toBeGreaterThanOrEqual(1);
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
