import type { Viewer } from '../../src/auth/viewer';
import { FixedClock } from '../../src/infrastructure/clock';
import { RequestContext } from '../../src/infrastructure/graphql/request-context';
import { ReportDeliverableResolver } from '../../src/reports/report-fields.resolver';
import { ReportsService } from '../../src/reports/reports.service';
import { expectError } from '../support/errors';
import { createDeal, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { seedWorkedExample, type WorkedExample } from '../support/worked-example';

// The app's "now": a report asked without asOf is as of it, and generated at it.
const NOW = '2031-06-01T12:00:00.000Z';

/** The app (AppModule imports ReportsModule, and so the report model) on a fresh database. */
function startApp(): Promise<TestApp> {
  // The rate limits are not under test here; the cost limit per query is.
  return TestApp.start(
    { RATE_LIMIT_COST_PER_MINUTE: '100000000', RATE_LIMIT_COST_PER_MINUTE_PER_IP: '100000000' },
    { clock: new FixedClock(NOW) },
  );
}

const TOTALS = `currency delayed { amount } lost { amount } retained { amount } recoverable { amount }
  atRisk { amount } platformIncomeLost { amount } byOutcome { outcome amount { amount } deliverableCount }`;

/** A connection's nodes as a plain list, at any depth (the lists below select only `nodes`). */
function unwrap(value: any): any {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'nodes') return unwrap(value.nodes);
  return Object.fromEntries(keys.map((key) => [key, unwrap(value[key])]));
}

// The server caps a query's estimated cost (every unpaged list counts ten times), so the whole
// report is fetched in three selections and merged, as a client asking for everything would.
const REPORT_PARTS = [
  `title kind evaluatedAt generatedAt provisional
  viewer { role description seesPlatformIncome }
  period { startsAt endsAt } platformFilter { slug name }
  outages(first: 20) { nodes { id title startsAt endsAt ongoing countedUntilAt severity degradationBps provisional
            deliverablesHit directPlatforms { slug name } dependentPlatforms { slug } } }
  totals { ${TOTALS} }
  recommendations { code text }`,
  `deliverables(first: 50) { nodes { deliverableId title kind timing platform { slug name } dealTitle creatorName
    brandName outcome currency fee { amount currency } delayed { amount } lost { amount } retained { amount }
    recoverable { amount } atRisk { amount } daysLate penaltyBps delayMinutes scheduledAt slotEndsAt
    durationMinutes dueAt effectiveDeadlineAt suggestedSlotAt suggestedPlatform { slug } originalPaymentDueAt
    newPaymentDueAt explanation explanationCode provisional outageId outageIds downThrough { slug }
    lostWithForceMajeure { amount } } }
  platformIncome(first: 50) { nodes { accountId creatorId creatorName platform { id slug } downtimeMinutes
    factorBps loss { amount currency } outageIds explanation explanationCode } }`,
  // A page of breakdowns costs first × 10 currencies × 10 outcomes in the cost estimate: 10 each.
  `byCreator(first: 10) { nodes { creatorId creatorName totals { ${TOTALS} } } }
  byBrand(first: 10) { nodes { brandId brandName totals { ${TOTALS} } } }`,
  `byDeal(first: 10) { nodes { dealId dealTitle creatorName brandName totals { ${TOTALS} }
           terms { forceMajeure killFeeBps killAfterDaysLate alternatePlatforms { slug } } } }`,
  `byPlatform(first: 10) { nodes { platform { id slug name } totals { ${TOTALS} } } }`,
];
const ROWS = REPORT_PARTS[1];

const outageReportQuery = (fields: string) =>
  `query($id: ID!, $asOf: DateTime) { outageReport(outageId: $id, asOf: $asOf) { ${fields} } }`;
const periodReportQuery = (
  fields: string,
) => `query($from: DateTime!, $to: DateTime!, $platformSlug: String, $asOf: DateTime) {
  periodReport(from: $from, to: $to, platformSlug: $platformSlug, asOf: $asOf) { ${fields} } }`;
const OUTAGE_REPORT = outageReportQuery(`${REPORT_PARTS[0]} ${ROWS}`);
const PERIOD_REPORT = periodReportQuery(`${REPORT_PARTS[0]} ${ROWS}`);

const IMPACT_PARTS = [
  `provisional directPlatforms { slug } affectedPlatforms { slug }
  totals { ${TOTALS} }
  deliverables(first: 100) { totalCount edges { node {
    outcome daysLate penaltyBps delayMinutes suggestedSlotAt originalPaymentDueAt newPaymentDueAt
    effectiveDeadlineAt provisional explanation explanationCode fee { amount currency } delayed { amount }
    lost { amount } retained { amount } recoverable { amount } atRisk { amount } suggestedPlatform { slug }
    deliverable { id title }
  } } }`,
  `byCreator(first: 10) { nodes { creatorId totals { ${TOTALS} } } }
  byBrand(first: 10) { nodes { brandId totals { ${TOTALS} } } }`,
  `byPlatform(first: 10) { nodes { platformId totals { ${TOTALS} } } }
  byDeal(first: 10) { nodes { dealId totals { ${TOTALS} } } }`,
  `platformIncome(first: 50) { nodes { creator { id } platform { id } downtimeMinutes factorBps
    loss { amount currency } explanation explanationCode } }`,
];

const MARCH = { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' };

const byKey = <T>(rows: T[], key: (row: T) => string): Record<string, T> =>
  Object.fromEntries(rows.map((row) => [key(row), row]));

/** Minor units of a decimal amount with two places (USD, GBP). */
const minor = (amount: string) => BigInt(amount.replace('.', ''));

describe('report model through GraphQL: the worked example', () => {
  let t: TestApp;
  let ex: WorkedExample;
  /** t.gqlOk with connections of nodes read as plain lists. */
  const gqlOk = async (query: string, variables: Record<string, unknown>, token?: string) =>
    unwrap(await t.gqlOk(query, variables, token));

  beforeAll(async () => {
    t = await startApp();
    ex = await seedWorkedExample(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Runs each part of a query and merges the answers' `field`. */
  async function merged(
    parts: string[],
    query: (fields: string) => string,
    field: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<any> {
    const answers = [];
    for (const fields of parts) answers.push((await gqlOk(query(fields), variables, token))[field]);
    return Object.assign({}, ...answers);
  }

  const fullOutageReport = (token: string, id = ex.outageId) =>
    merged(REPORT_PARTS, outageReportQuery, 'outageReport', { id }, token);
  const fullPeriodReport = (token: string, variables: Record<string, unknown> = MARCH) =>
    merged(REPORT_PARTS, periodReportQuery, 'periodReport', variables, token);

  async function both(token: string) {
    const report = await fullOutageReport(token);
    const impact = await merged(
      IMPACT_PARTS,
      (fields) => `query($id: ID!) { outageImpact(outageId: $id) { ${fields} } }`,
      'outageImpact',
      { id: ex.outageId },
      token,
    );
    return { report, impact };
  }

  it("has outageImpact's figures for every caller: admin, creators and brands", async () => {
    for (const account of [ex.admin, ex.maya, ex.noor, ex.acme, ex.globex]) {
      const { report, impact } = await both(account.token);
      expect(report.kind).toBe('OUTAGE');
      expect(report.provisional).toBe(impact.provisional);
      expect(report.totals).toEqual(impact.totals);

      const items = impact.deliverables.edges.map((edge: any) => edge.node);
      expect(report.deliverables).toHaveLength(impact.deliverables.totalCount);
      const rows = byKey(report.deliverables, (row: any) => row.deliverableId);
      for (const item of items) {
        const { deliverable, ...figures } = item;
        const row = rows[deliverable.id];
        expect(row.title).toBe(deliverable.title);
        expect(row).toMatchObject(figures);
      }

      const totalsById = (groups: any[], id: (g: any) => string) =>
        Object.fromEntries(groups.map((g) => [id(g), g.totals]));
      expect(totalsById(report.byCreator, (g) => g.creatorId)).toEqual(
        totalsById(impact.byCreator, (g) => g.creatorId),
      );
      expect(totalsById(report.byBrand, (g) => g.brandId)).toEqual(
        totalsById(impact.byBrand, (g) => g.brandId),
      );
      expect(totalsById(report.byDeal, (g) => g.dealId)).toEqual(
        totalsById(impact.byDeal, (g) => g.dealId),
      );
      expect(totalsById(report.byPlatform, (g) => g.platform.id)).toEqual(
        totalsById(impact.byPlatform, (g) => g.platformId),
      );

      const [outage] = report.outages;
      expect(outage.directPlatforms.map((p: any) => p.slug)).toEqual(
        impact.directPlatforms.map((p: any) => p.slug),
      );
      expect(
        [...outage.directPlatforms, ...outage.dependentPlatforms].map((p: any) => p.slug).sort(),
      ).toEqual(impact.affectedPlatforms.map((p: any) => p.slug));

      if (report.viewer.seesPlatformIncome) {
        const income = (rows: any[], creator: (r: any) => string, platform: (r: any) => string) =>
          rows
            .map((r) => [
              creator(r),
              platform(r),
              r.downtimeMinutes,
              r.factorBps,
              r.loss,
              r.explanation,
            ])
            .sort();
        expect(
          income(
            report.platformIncome,
            (r) => r.creatorId,
            (r) => r.platform.id,
          ),
        ).toEqual(
          income(
            impact.platformIncome,
            (r) => r.creator.id,
            (r) => r.platform.id,
          ),
        );
      }
    }
  });

  it("is as of, and generated at, the clock's now unless asOf is given", async () => {
    const fields = 'evaluatedAt generatedAt';
    const outage = await gqlOk(outageReportQuery(fields), { id: ex.outageId }, ex.maya.token);
    expect(outage.outageReport).toEqual({ evaluatedAt: NOW, generatedAt: NOW });
    const period = await gqlOk(periodReportQuery(fields), MARCH, ex.maya.token);
    expect(period.periodReport).toEqual({ evaluatedAt: NOW, generatedAt: NOW });
    const asked = await gqlOk(
      outageReportQuery(fields),
      { id: ex.outageId, asOf: '2024-03-05T16:00:00Z' },
      ex.maya.token,
    );
    expect(asked.outageReport).toEqual({
      evaluatedAt: '2024-03-05T16:00:00.000Z',
      generatedAt: NOW,
    });
  });

  it('gives the worked example figures, names and recommendations to the admin', async () => {
    const { report } = await both(ex.admin.token);
    expect(report).toMatchObject({
      title: 'Outage report: Meta down',
      viewer: { role: 'ADMIN', description: 'admin view', seesPlatformIncome: true },
      period: null,
      outages: [
        {
          id: ex.outageId,
          title: 'Meta down',
          startsAt: '2024-03-05T15:00:00.000Z',
          endsAt: '2024-03-05T17:20:00.000Z',
          ongoing: false,
          severity: 'FULL',
          deliverablesHit: 4,
          directPlatforms: [{ slug: 'meta', name: 'Meta infrastructure' }],
        },
      ],
    });
    const rows = byKey(report.deliverables, (row: any) => row.title);
    expect(Object.keys(rows).sort()).toEqual(['X reel', 'X story', 'Y live', 'Z live']); // tiktok is not hit
    expect(rows['X story']).toMatchObject({
      platform: { slug: 'facebook', name: 'Facebook' },
      dealTitle: 'Deal X',
      creatorName: 'Maya',
      brandName: 'Acme',
      outcome: 'LATE',
      lost: { amount: '10.00' }, // 1 day × 2.5 % of 400.00
      lostWithForceMajeure: { amount: '0.00' }, // the deadline would stretch to 18:50
      downThrough: [{ slug: 'meta' }],
      scheduledAt: '2024-03-05T15:30:00.000Z',
      slotEndsAt: '2024-03-05T15:30:00.000Z',
      outageIds: [ex.outageId],
      explanationCode: 'LATE_PENALTY',
    });
    expect(rows['Z live']).toMatchObject({
      slotEndsAt: '2024-03-05T16:30:00.000Z',
      explanationCode: 'FIXED_SLOT_MISSED',
      lostWithForceMajeure: null, // Deal Z has the clause
      retained: { amount: '200.00' },
    });
    expect(report.platformIncome).toEqual([
      expect.objectContaining({
        creatorName: 'Maya',
        platform: expect.objectContaining({ slug: 'instagram' }),
        loss: { amount: '11.67', currency: 'USD' }, // 140 min × 120.00 / 1440
        outageIds: [ex.outageId],
        explanationCode: 'FULL_DOWNTIME',
      }),
    ]);
    expect(report.recommendations).toEqual(
      expect.arrayContaining([
        {
          code: 'POST_ON_ALTERNATE',
          text: 'Post Y live (Deal Y) on YouTube at its planned slot, 2024-03-05 14:30 UTC, to keep 500.00 GBP.',
        },
        {
          code: 'ADD_FORCE_MAJEURE',
          text: 'Deal X has no force-majeure clause: 10.00 USD was lost that force majeure would have reduced to 0.00 USD.',
        },
      ]),
    );
    expect(
      report.byDeal.find((d: any) => d.dealTitle === 'Deal Y').terms.alternatePlatforms,
    ).toEqual([{ slug: 'youtube' }]);
  });

  it('shows a brand only its deals and no platform income at all', async () => {
    const acme = await fullOutageReport(ex.acme.token);
    expect(acme.viewer).toEqual({
      role: 'BRAND',
      description: "Acme's view",
      seesPlatformIncome: false,
    });
    expect(acme.deliverables.map((row: any) => row.title).sort()).toEqual(['X reel', 'X story']);
    expect(acme.platformIncome).toBeNull();
    const allTotals = [
      ...acme.totals,
      ...acme.byCreator.flatMap((g: any) => g.totals),
      ...acme.byPlatform.flatMap((g: any) => g.totals),
    ];
    expect(allTotals.length).toBeGreaterThan(0);
    for (const totals of allTotals) expect(totals.platformIncomeLost).toBeNull();
    expect(JSON.stringify(acme)).not.toContain('Noor');

    const maya = (await gqlOk(OUTAGE_REPORT, { id: ex.outageId }, ex.maya.token)).outageReport;
    expect(maya.viewer.description).toBe("Maya's view");
    expect(maya.totals[0].platformIncomeLost).toEqual({ amount: '11.67' });
  });

  it('refuses an unknown outage', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expectError(await t.gql(OUTAGE_REPORT, { id }, ex.maya.token), 'NOT_FOUND');
    }
    expectError(await t.gql(OUTAGE_REPORT, { id: ex.outageId }), 'UNAUTHENTICATED');
  });

  it('links every row to its deliverable, deal, creator, brand, platform and outage', async () => {
    const EDGES = `deliverables(first: 50) { nodes { title deliverableId dealId creatorId brandId platformId
        deliverable { id } deal { id } creator { id } brand { id } platform { id } } }
      byDeal(first: 50) { nodes { dealId creatorId brandId deal { id } creator { id } brand { id } } }
      byCreator(first: 50) { nodes { creatorId creator { id } } }
      byBrand(first: 50) { nodes { brandId brand { id } } }
      byPlatform(first: 50) { nodes { platformId platform { id } } }
      outages(first: 5) { nodes { id outage { id } } }`;
    for (const account of [ex.admin, ex.maya, ex.acme]) {
      const report = (await gqlOk(outageReportQuery(EDGES), { id: ex.outageId }, account.token))
        .outageReport;
      expect(report.deliverables.length).toBeGreaterThan(0);
      for (const row of report.deliverables) {
        expect(row).toMatchObject({
          deliverable: { id: row.deliverableId },
          deal: { id: row.dealId },
          creator: { id: row.creatorId },
          brand: { id: row.brandId },
          platform: { id: row.platformId },
        });
      }
      for (const row of report.byDeal) {
        expect(row).toMatchObject({
          deal: { id: row.dealId },
          creator: { id: row.creatorId },
          brand: { id: row.brandId },
        });
      }
      for (const row of report.byCreator) expect(row.creator).toEqual({ id: row.creatorId });
      for (const row of report.byBrand) expect(row.brand).toEqual({ id: row.brandId });
      for (const row of report.byPlatform) expect(row.platform).toEqual({ id: row.platformId });
      expect(report.outages).toEqual([{ id: ex.outageId, outage: { id: ex.outageId } }]);
    }
  });

  it("reads another tenant's linked deal and deliverable as null", async () => {
    const rows = (
      await gqlOk(
        outageReportQuery(
          'deliverables(first: 50) { nodes { title deliverableId dealId creatorId } }',
        ),
        { id: ex.outageId },
        ex.admin.token,
      )
    ).outageReport.deliverables;
    const mine = rows.find((row: any) => row.title === 'X story'); // Maya's deal X
    const noors = rows.find((row: any) => row.title === 'Y live'); // Noor's deal Y
    const maya: Viewer = {
      userId: ex.maya.userId,
      email: ex.maya.email,
      role: 'CREATOR',
      isAdmin: false,
      tokenId: '',
      creatorId: mine.creatorId,
      brandIds: [],
    };
    // A row Maya's report could never hold, resolved with her loaders: tenancy lives in them.
    const resolver = t.app.get(ReportDeliverableResolver);
    const ctx = new RequestContext({ viewer: maya } as RequestContext['req']);
    expect(await resolver.deal(noors, ctx)).toBeNull();
    expect(await resolver.deliverable(noors, ctx)).toBeNull();
    expect(await resolver.deal(mine, ctx)).toMatchObject({ id: mine.dealId });
    expect(await resolver.deliverable(mine, ctx)).toMatchObject({ id: mine.deliverableId });
  });

  it('pages every report list (first/after) and refuses a page over 100', async () => {
    const page = (after?: string) =>
      t.gqlOk(
        `query($id: ID!, $after: String) { outageReport(outageId: $id) {
          deliverables(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }
            nodes { title } } } }`,
        { id: ex.outageId, after },
        ex.admin.token,
      );
    const first = (await page()).outageReport.deliverables;
    expect(first.totalCount).toBe(4);
    expect(first.nodes.map((n: any) => n.title)).toEqual(['Y live', 'X story', 'X reel']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).outageReport.deliverables;
    expect(second.nodes.map((n: any) => n.title)).toEqual(['Z live']);
    expect(second.pageInfo.hasNextPage).toBe(false);

    for (const list of [
      'outages',
      'byCreator',
      'byBrand',
      'byDeal',
      'byPlatform',
      'deliverables',
      'platformIncome',
    ]) {
      expectError(
        await t.gql(
          outageReportQuery(`${list}(first: 101) { totalCount }`),
          { id: ex.outageId },
          ex.admin.token,
        ),
        'BAD_USER_INPUT',
        ['first'],
      );
    }
  });

  describe('period report over two overlapping outages', () => {
    let partialId: string;

    beforeAll(async () => {
      // Instagram degraded by half 15:00–16:30, inside Meta's full outage.
      const recorded = await gqlOk(
        `mutation { recordOutage(input: { title: "Instagram degraded", platformSlugs: ["instagram"],
          startsAt: "2024-03-05T15:00:00Z", endsAt: "2024-03-05T16:30:00Z", severity: PARTIAL, degradationBps: 5000 }) { outage { id } } }`,
        {},
        ex.admin.token,
      );
      partialId = recorded.recordOutage.outage.id;
    });

    it('counts the reel, hit by both, once at its worst outcome', async () => {
      // Alone, the partial outage puts the reel only AT_RISK.
      const partial = await gqlOk(OUTAGE_REPORT, { id: partialId }, ex.admin.token);
      const alone = byKey(partial.outageReport.deliverables, (row: any) => row.title);
      expect(alone['X reel']).toMatchObject({ outcome: 'AT_RISK', atRisk: { amount: '1200.00' } });

      const report = await fullPeriodReport(ex.admin.token);
      expect(report.kind).toBe('PERIOD');
      expect(report.period).toEqual({
        startsAt: '2024-03-01T00:00:00.000Z',
        endsAt: '2024-04-01T00:00:00.000Z',
      });
      expect(report.outages.map((o: any) => o.title).sort()).toEqual([
        'Instagram degraded',
        'Meta down',
      ]);
      expect(report.deliverables).toHaveLength(4);
      const reel = report.deliverables.find((row: any) => row.title === 'X reel');
      expect(reel).toMatchObject({
        outcome: 'DELAYED', // DELAYED under Meta is worse than AT_RISK under the partial outage
        delayed: { amount: '1200.00' },
        atRisk: null, // does not apply to DELAYED
        outageId: ex.outageId,
        outageIds: [ex.outageId, partialId],
      });

      // Totals add up from the rows, each deliverable once.
      for (const totals of report.totals) {
        const rows = report.deliverables.filter((row: any) => row.currency === totals.currency);
        for (const field of ['delayed', 'lost', 'retained', 'recoverable', 'atRisk']) {
          // a part that does not apply to a row's outcome is null and adds nothing
          const sum = rows.reduce(
            (acc: bigint, row: any) => acc + (row[field] ? minor(row[field].amount) : 0n),
            0n,
          );
          expect(minor(totals[field].amount)).toBe(sum);
        }
        // Every outcome once, in the enum's order, with the fees and count of its rows.
        expect(totals.byOutcome).toEqual(
          ['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE'].map((outcome) => {
            const of = rows.filter((row: any) => row.outcome === outcome);
            const fees = of.reduce((acc: bigint, row: any) => acc + minor(row.fee.amount), 0n);
            return {
              outcome,
              amount: { amount: (Number(fees) / 100).toFixed(2) },
              deliverableCount: of.length,
            };
          }),
        );
      }
      const usd = report.totals.find((row: any) => row.currency === 'USD');
      expect(usd).toMatchObject({
        delayed: { amount: '1590.00' }, // 1200.00 + 390.00, as for Meta alone
        atRisk: { amount: '0.00' },
        // the degraded 90 minutes lie inside Meta's 140: 11.67, not 11.67 + 3.75
        platformIncomeLost: { amount: '11.67' },
      });
      expect(report.platformIncome).toEqual([
        expect.objectContaining({
          loss: { amount: '11.67', currency: 'USD' },
          downtimeMinutes: 140,
        }),
      ]);
      expect([...report.platformIncome[0].outageIds].sort()).toEqual(
        [ex.outageId, partialId].sort(),
      );
    });

    it('scopes the period to the caller', async () => {
      const globex = await fullPeriodReport(ex.globex.token);
      expect(globex.deliverables.map((row: any) => row.title).sort()).toEqual(['Y live', 'Z live']);
      expect(globex.platformIncome).toBeNull();
      expect(globex.totals.every((row: any) => row.platformIncomeLost === null)).toBe(true);
    });

    it('keeps only the outages that take the platform down, directly or through dependencies', async () => {
      const titles = async (platformSlug: string) =>
        (
          await gqlOk(PERIOD_REPORT, { ...MARCH, platformSlug }, ex.admin.token)
        ).periodReport.outages
          .map((o: any) => o.title)
          .sort();
      expect(await titles('instagram')).toEqual(['Instagram degraded', 'Meta down']);
      expect(await titles('facebook')).toEqual(['Meta down']); // through Meta
      expect(await titles('tiktok')).toEqual([]);
      const filtered = (
        await gqlOk(PERIOD_REPORT, { ...MARCH, platformSlug: 'facebook' }, ex.admin.token)
      ).periodReport;
      expect(filtered.platformFilter).toEqual({ slug: 'facebook', name: 'Facebook' });
      expect(filtered.title).toBe('Period report: 2024-03-01 to 2024-04-01 (Facebook)');
      const outside = (
        await gqlOk(
          PERIOD_REPORT,
          { from: '2024-04-01T00:00:00Z', to: '2024-05-01T00:00:00Z' },
          ex.admin.token,
        )
      ).periodReport;
      expect(outside).toMatchObject({ outages: [], deliverables: [], totals: [] });
    });

    it('refuses a bad period or platform', async () => {
      expectError(
        await t.gql(PERIOD_REPORT, { from: MARCH.to, to: MARCH.from }, ex.maya.token),
        'BAD_USER_INPUT',
        ['to'],
      );
      expectError(
        await t.gql(PERIOD_REPORT, { from: MARCH.from, to: MARCH.from }, ex.maya.token),
        'BAD_USER_INPUT',
        ['to'],
      );
      expectError(
        await t.gql(
          PERIOD_REPORT,
          { from: '2024-01-01T00:00:00Z', to: '2025-01-02T00:00:01Z' },
          ex.maya.token,
        ),
        'BAD_USER_INPUT',
        ['to'],
      );
      // 2024 is a leap year: 366 days is the longest period allowed.
      await t.gqlOk(
        PERIOD_REPORT,
        { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
        ex.maya.token,
      );
      expectError(
        await t.gql(PERIOD_REPORT, { ...MARCH, platformSlug: 'metaverse' }, ex.maya.token),
        'BAD_USER_INPUT',
        ['platformSlug'],
      );
    });
  });

  // Runs after the period tests above (declaration order): both outages exist by now.
  it('reports progress to a CLI and loads names in a constant number of queries', async () => {
    const reports = t.app.get(ReportsService);
    // The CLI's administrator view: no token, no creator profile.
    const cli: Viewer = {
      userId: '',
      email: 'cli',
      role: 'CREATOR',
      isAdmin: true,
      tokenId: '',
      creatorId: null,
      brandIds: [],
    };
    const calls: Array<[number, number]> = [];
    const model = await reports.periodReport(
      cli,
      { from: new Date(MARCH.from), to: new Date(MARCH.to) },
      (done, total) => calls.push([done, total]),
    );
    expect(model.viewer.description).toBe('admin view');
    expect(calls[0][0]).toBe(0);
    expect(calls.at(-1)).toEqual([6, 6]); // 2 outages + 4 rows
    for (let i = 1; i < calls.length; i++)
      expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);

    const queries = () =>
      t.countQueries(() => t.gqlOk(OUTAGE_REPORT, { id: ex.outageId }, ex.admin.token));
    const before = await queries();
    // Another creator, brand and deal with five more deliverables the outage hits.
    const ava: Account = await signUpCreator(t, { displayName: 'Ava' });
    await createDeal(t, ava.token, {
      title: 'Deal W',
      brandName: 'Wayne',
      currency: 'EUR',
      totalFee: '500.00',
      deliverables: [1, 2, 3, 4, 5].map((n) => ({
        platformSlug: 'whatsapp',
        kind: 'POST',
        title: `W post ${n}`,
        scheduledAt: `2024-03-05T16:0${n}:00Z`,
        dueAt: '2024-03-05T18:00:00Z',
      })),
    });
    const report = (await gqlOk(OUTAGE_REPORT, { id: ex.outageId }, ex.admin.token)).outageReport;
    expect(report.deliverables).toHaveLength(9);
    expect([...new Set(report.deliverables.map((row: any) => row.creatorName))].sort()).toEqual([
      'Ava',
      'Maya',
      'Noor',
    ]);
    expect(await queries()).toBe(before);
  });
});
