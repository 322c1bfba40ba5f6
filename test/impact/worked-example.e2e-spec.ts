import { expectError } from '../support/errors';
import { inviteBrandUser, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { seedWorkedExample } from '../support/worked-example';

/**
 * The spec's worked example, driven through GraphQL: Meta down 2024-03-05 15:00–17:20 UTC.
 * Deal X (USD) belongs to Maya with Acme; deals Y and Z (GBP) to Noor with Globex.
 */
const IMPACT = `query($id: ID!, $outcome: ImpactOutcome) { outageImpact(outageId: $id) {
  simulated provisional window { title startsAt endsAt severity }
  outage { id title }
  affectedPlatforms { slug } directPlatforms { slug }
  totals { currency delayed { amount } lost { amount } retained { amount } recoverable { amount } atRisk { amount }
           platformIncomeLost { amount } byOutcome { outcome amount { amount } deliverableCount } }
  deliverables(outcome: $outcome, first: 100) { totalCount edges { node {
    deliverableId outcome daysLate penaltyBps delayMinutes suggestedSlotAt originalPaymentDueAt newPaymentDueAt effectiveDeadlineAt
    provisional explanation explanationCode
    fee { amount currency } delayed { amount } lost { amount } retained { amount } recoverable { amount } atRisk { amount }
    suggestedPlatform { slug } deliverable { id title platform { slug } deal { title } }
  } } }
  byCreator(first: 50) { nodes { creator { displayName } totals { currency lost { amount } platformIncomeLost { amount } } } }
  byBrand(first: 50) { nodes { brand { name } totals { currency lost { amount } } } }
  byPlatform(first: 50) { nodes { platform { slug } totals { currency delayed { amount } } } }
  byDeal(first: 50) { nodes { deal { title } totals { currency lost { amount } } } }
  platformIncome(first: 50) { nodes { accountId creator { displayName } platform { slug } downtimeMinutes
    loss { amount currency } provisional explanation explanationCode } }
} }`;

/** A connection's nodes as a plain list, at any depth (the lists above select only `nodes`). */
function unwrap(value: any): any {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'nodes') return unwrap(value.nodes);
  return Object.fromEntries(keys.map((key) => [key, unwrap(value[key])]));
}

/** byOutcome with counts only, every outcome in the enum's order. */
const counts = (lost: number, late: number, delayed: number, atRisk: number, recoverable: number) =>
  (['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE'] as const).map((outcome, i) => ({
    outcome,
    deliverableCount: [lost, late, delayed, atRisk, recoverable][i],
  }));

describe('impact engine through GraphQL: the worked example', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };
  let outageId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    ({ admin, maya, noor, acme, globex, outageId } = await seedWorkedExample(t));
  });
  afterAll(async () => {
    await t.close();
  });

  function byTitle(data: any): Record<string, any> {
    return Object.fromEntries(
      data.outageImpact.deliverables.edges.map((edge: any) => [
        edge.node.deliverable.title,
        edge.node,
      ]),
    );
  }

  it('gives an admin every figure of the example', async () => {
    const data = unwrap(await t.gqlOk(IMPACT, { id: outageId }, admin.token));
    const impact = data.outageImpact;
    expect(impact.simulated).toBe(false);
    expect(impact.provisional).toBe(false);
    expect(impact.outage.title).toBe('Meta down');
    expect(impact.directPlatforms.map((p: any) => p.slug)).toEqual(['meta']);
    expect(impact.affectedPlatforms.map((p: any) => p.slug)).toEqual([
      'facebook',
      'instagram',
      'messenger',
      'meta',
      'threads',
      'whatsapp',
    ]);

    const items = byTitle(data);
    expect(Object.keys(items).sort()).toEqual(['X reel', 'X story', 'Y live', 'Z live']); // tiktok is not hit
    // Reel: next slot 17:20 ≤ 18:00 deadline → DELAYED 1200.00 by 80 min; payment 30 days after the slot moves too
    for (const item of Object.values(items)) expect(item.deliverableId).toBe(item.deliverable.id);
    expect(items['X reel']).toMatchObject({
      outcome: 'DELAYED',
      delayed: { amount: '1200.00' },
      lost: null, // does not apply to DELAYED
      delayMinutes: 80,
      suggestedSlotAt: '2024-03-05T17:20:00.000Z',
      originalPaymentDueAt: '2024-04-04T16:00:00.000Z',
      newPaymentDueAt: '2024-04-04T17:20:00.000Z',
      suggestedPlatform: { slug: 'instagram' },
    });
    // Story: 17:20 is 50 min past 16:30 → 1 started day × 250 bps = 2.5 % of 400.00 = 10.00
    expect(items['X story']).toMatchObject({
      outcome: 'LATE',
      daysLate: 1,
      penaltyBps: 250,
      lost: { amount: '10.00' },
      delayed: { amount: '390.00' },
    });
    expect(items['X story'].explanation).toContain('10.00');
    // Live on instagram 14:30–15:30, hit at 15:00, youtube is up → RECOVERABLE there, same slot
    expect(items['Y live']).toMatchObject({
      outcome: 'RECOVERABLE',
      recoverable: { amount: '500.00' },
      lost: null, // does not apply to RECOVERABLE
      suggestedPlatform: { slug: 'youtube' },
      suggestedSlotAt: '2024-03-05T14:30:00.000Z',
    });
    // FIXED live, force majeure, kill fee 25 % of 800.00 → retained 200.00, lost 600.00
    expect(items['Z live']).toMatchObject({
      outcome: 'LOST',
      explanationCode: 'FIXED_SLOT_MISSED',
      retained: { amount: '200.00' },
      lost: { amount: '600.00' },
    });

    const totals = Object.fromEntries(impact.totals.map((row: any) => [row.currency, row]));
    expect(totals.USD).toMatchObject({
      delayed: { amount: '1590.00' }, // 1200.00 + 390.00
      lost: { amount: '10.00' },
      platformIncomeLost: { amount: '11.67' }, // 140 min × 120.00 / 1440 = 11.666… → 11.67
      // every outcome, in order; amount = the fees of its deliverables
      byOutcome: [
        { outcome: 'LOST', amount: { amount: '0.00' }, deliverableCount: 0 },
        { outcome: 'LATE', amount: { amount: '400.00' }, deliverableCount: 1 }, // story
        { outcome: 'DELAYED', amount: { amount: '1200.00' }, deliverableCount: 1 }, // reel
        { outcome: 'AT_RISK', amount: { amount: '0.00' }, deliverableCount: 0 },
        { outcome: 'RECOVERABLE', amount: { amount: '0.00' }, deliverableCount: 0 },
      ],
    });
    expect(totals.GBP).toMatchObject({
      lost: { amount: '600.00' },
      retained: { amount: '200.00' },
      recoverable: { amount: '500.00' },
      platformIncomeLost: { amount: '0.00' },
      byOutcome: [
        { outcome: 'LOST', amount: { amount: '800.00' }, deliverableCount: 1 }, // Z live
        { outcome: 'LATE', amount: { amount: '0.00' }, deliverableCount: 0 },
        { outcome: 'DELAYED', amount: { amount: '0.00' }, deliverableCount: 0 },
        { outcome: 'AT_RISK', amount: { amount: '0.00' }, deliverableCount: 0 },
        { outcome: 'RECOVERABLE', amount: { amount: '500.00' }, deliverableCount: 1 }, // Y live
      ],
    });
    expect(impact.platformIncome).toEqual([
      expect.objectContaining({
        creator: { displayName: 'Maya' },
        platform: { slug: 'instagram' },
        downtimeMinutes: 140,
        loss: { amount: '11.67', currency: 'USD' },
        provisional: false,
      }),
    ]);
    const [{ id: accountId }] = await t.sql(`SELECT id FROM platform_accounts`);
    expect(impact.platformIncome[0].accountId).toBe(accountId);

    // Which fields apply to which outcome: the rest are null (table in docs/impact-rules.md).
    const shape = (item: any) => ({
      daysLate: item.daysLate,
      penaltyBps: item.penaltyBps,
      delayMinutes: item.delayMinutes,
      suggestedSlotAt: item.suggestedSlotAt !== null,
      suggestedPlatform: item.suggestedPlatform !== null,
      newPaymentDueAt: item.newPaymentDueAt !== null,
      effectiveDeadlineAt: item.effectiveDeadlineAt !== null,
      money: ['delayed', 'lost', 'retained', 'recoverable', 'atRisk'].filter(
        (part) => item[part] !== null,
      ),
    });
    expect(shape(items['X reel'])).toEqual({
      daysLate: 0,
      penaltyBps: 0,
      delayMinutes: 80,
      suggestedSlotAt: true,
      suggestedPlatform: true,
      newPaymentDueAt: true,
      effectiveDeadlineAt: true,
      money: ['delayed'],
    });
    expect(shape(items['X story'])).toEqual({
      daysLate: 1,
      penaltyBps: 250,
      delayMinutes: 110, // 15:30 → 17:20
      suggestedSlotAt: true,
      suggestedPlatform: true,
      newPaymentDueAt: true,
      effectiveDeadlineAt: true,
      money: ['delayed', 'lost'],
    });
    expect(shape(items['Y live'])).toEqual({
      daysLate: null,
      penaltyBps: null,
      delayMinutes: 0, // same slot, on YouTube
      suggestedSlotAt: true,
      suggestedPlatform: true,
      newPaymentDueAt: true,
      effectiveDeadlineAt: false,
      money: ['recoverable'],
    });
    expect(shape(items['Z live'])).toEqual({
      daysLate: null, // FIXED: no deadline tested
      penaltyBps: null,
      delayMinutes: null,
      suggestedSlotAt: false,
      suggestedPlatform: false,
      newPaymentDueAt: false,
      effectiveDeadlineAt: false,
      money: ['lost', 'retained'],
    });
    expect(impact.byBrand.map((row: any) => row.brand.name).sort()).toEqual(['Acme', 'Globex']);
    expect(impact.byDeal.map((row: any) => row.deal.title).sort()).toEqual([
      'Deal X',
      'Deal Y',
      'Deal Z',
    ]);

    const late = unwrap(await t.gqlOk(IMPACT, { id: outageId, outcome: 'LATE' }, admin.token));
    expect(late.outageImpact.deliverables.totalCount).toBe(1);
  });

  it('gives each creator and brand exactly their part, and brands no platform income', async () => {
    const mine = unwrap(await t.gqlOk(IMPACT, { id: outageId }, maya.token)).outageImpact;
    expect(Object.keys(byTitle({ outageImpact: mine })).sort()).toEqual(['X reel', 'X story']);
    expect(mine.totals.map((row: any) => row.currency)).toEqual(['USD']);
    expect(mine.totals[0].platformIncomeLost.amount).toBe('11.67');

    const noors = unwrap(await t.gqlOk(IMPACT, { id: outageId }, noor.token)).outageImpact;
    expect(Object.keys(byTitle({ outageImpact: noors })).sort()).toEqual(['Y live', 'Z live']);
    expect(noors.platformIncome).toEqual([]); // Noor has no account on a Meta platform
    expect(noors.totals[0].platformIncomeLost.amount).toBe('0.00');

    const acmeMember = await inviteBrandUser(t, acme.token, acme.brandId!);
    for (const brandUser of [acme, acmeMember]) {
      const view = unwrap(await t.gqlOk(IMPACT, { id: outageId }, brandUser.token)).outageImpact;
      expect(Object.keys(byTitle({ outageImpact: view })).sort()).toEqual(['X reel', 'X story']);
      expect(view.platformIncome).toEqual([]);
      expect(view.totals).toEqual([
        expect.objectContaining({
          currency: 'USD',
          lost: { amount: '10.00' },
          platformIncomeLost: null,
        }),
      ]);
      expect(view.byCreator).toEqual([
        {
          creator: { displayName: 'Maya' },
          totals: [expect.objectContaining({ platformIncomeLost: null })],
        },
      ]);
    }
    const globexView = unwrap(await t.gqlOk(IMPACT, { id: outageId }, globex.token)).outageImpact;
    expect(globexView.totals.map((row: any) => row.currency)).toEqual(['GBP']);
  });

  it('shows risk on deliverables and deals, worst first', async () => {
    const data = await t.gqlOk(
      `query { deliverables(first: 50) { edges { node { title risk { level suggestedSlotAt explanation explanationCode suggestedPlatform { slug } outages { title } } } } }
               deals(first: 10) { edges { node { title impact { currency lost { amount } delayed { amount } byOutcome { outcome deliverableCount } } } } } }`,
      {},
      maya.token,
    );
    const risk = Object.fromEntries(
      data.deliverables.edges.map((edge: any) => [edge.node.title, edge.node.risk]),
    );
    // Asked now, long after the 2024 deadlines: every deliverable still PLANNED is OVERDUE, worse
    // than what the outage did to it (DELAYED, LATE, RECOVERABLE); LOST stays LOST.
    expect(risk['X reel']).toMatchObject({
      level: 'OVERDUE',
      outages: [{ title: 'Meta down' }], // the outage that DELAYED it before the deadline
      suggestedSlotAt: null,
      suggestedPlatform: null,
      explanationCode: 'DEADLINE_PASSED',
    });
    expect(risk['X reel'].explanation).toMatch(
      /^Deadline passed on 2024-03-05 18:00 UTC without a post → OVERDUE\. Before that, DELAYED: Instagram was down 15:00–17:20 UTC/,
    );
    expect(risk['X story'].level).toBe('OVERDUE');
    const noors = await t.gqlOk(
      `query { deliverables(first: 50) { edges { node { title risk { level outages { title } } } } } }`,
      {},
      noor.token,
    );
    const noorRisk = Object.fromEntries(
      noors.deliverables.edges.map((edge: any) => [edge.node.title, edge.node.risk]),
    );
    expect(noorRisk['Y live'].level).toBe('OVERDUE'); // was RECOVERABLE
    expect(noorRisk['Z live']).toMatchObject({ level: 'LOST', outages: [{ title: 'Meta down' }] });
    expect(risk['X short']).toMatchObject({ level: 'OVERDUE', outages: [] });
    expect(risk['X short'].explanation).toMatch(
      /^Deadline passed on 2024-03-05 18:00 UTC without a post/,
    );
    // Deal.impact still adds up what the outage did
    const dealX = data.deals.edges.find((edge: any) => edge.node.title === 'Deal X').node;
    expect(dealX.impact).toEqual([
      {
        currency: 'USD',
        lost: { amount: '10.00' },
        delayed: { amount: '1590.00' },
        byOutcome: counts(0, 1, 1, 0, 0),
      },
    ]);

    const RISKS = `query($first: Int) { deliverables(first: $first) { edges { node { risk { level outages { id } } deal { impact { currency } } } } } }`;
    const few = await t.countQueries(() => t.gqlOk(RISKS, { first: 1 }, admin.token));
    const many = await t.countQueries(() => t.gqlOk(RISKS, { first: 50 }, admin.token));
    expect(many).toBe(few);
  });

  it('judges risk on a list page from its own rows exactly as one deliverable at a time', async () => {
    // At 15:10, in the outage and before the deadlines, every outcome of the example shows,
    // RECOVERABLE (an alternate platform, read with the outages) included. The list judges its
    // page from the rows it read; deliverable(id) reads each one again: both must agree.
    const FIELDS = `risk(asOf: "2024-03-05T15:10:00Z") { level suggestedSlotAt provisional explanation explanationCode suggestedPlatform { slug } outages { title } }`;
    const levels = new Set<string>();
    for (const viewer of [maya, noor]) {
      const list = await t.gqlOk(
        `query { deliverables(first: 50) { edges { node { id ${FIELDS} } } } }`,
        {},
        viewer.token,
      );
      for (const { node } of list.deliverables.edges) {
        const one = await t.gqlOk(
          `query($id: ID!) { deliverable(id: $id) { id ${FIELDS} } }`,
          { id: node.id },
          viewer.token,
        );
        expect(node).toEqual(one.deliverable);
        levels.add(node.risk.level);
      }
    }
    expect(levels).toEqual(new Set(['DELAYED', 'LATE', 'LOST', 'RECOVERABLE', 'ON_TRACK']));
  });

  it('simulates an outage without storing it, and refuses bad input', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM outages`);
    const SIMULATE = `query($input: SimulateOutageInput!) { simulateOutage(input: $input, asOf: "2024-03-06T00:00:00Z") {
      simulated outage { id } window { title } totals { currency lost { amount } atRisk { amount } byOutcome { outcome deliverableCount } }
      deliverables(first: 10) { edges { node { outcome daysLate penaltyBps delayMinutes suggestedSlotAt suggestedPlatform { slug }
        originalPaymentDueAt newPaymentDueAt effectiveDeadlineAt delayed { amount } lost { amount } retained { amount }
        recoverable { amount } atRisk { amount } } } } } }`;
    const full = await t.gqlOk(
      SIMULATE,
      {
        input: {
          title: 'What if Instagram goes down',
          platformSlugs: ['instagram'],
          startsAt: '2024-03-05T15:50:00Z',
          endsAt: '2024-03-05T16:10:00Z',
          severity: 'FULL',
        },
      },
      maya.token,
    );
    expect(full.simulateOutage).toMatchObject({
      simulated: true,
      outage: null,
      window: { title: 'What if Instagram goes down' },
    });
    const partial = await t.gqlOk(
      SIMULATE,
      {
        input: {
          platformSlugs: ['meta'],
          startsAt: '2024-03-05T15:00:00Z',
          endsAt: '2024-03-05T17:00:00Z',
          severity: 'PARTIAL',
          degradationBps: 4000,
        },
      },
      maya.token,
    );
    // PARTIAL: both of Maya's hits are only at risk, no money moves
    expect(partial.simulateOutage.totals).toEqual([
      {
        currency: 'USD',
        lost: { amount: '0.00' },
        atRisk: { amount: '1600.00' },
        byOutcome: counts(0, 0, 0, 2, 0),
      },
    ]);
    // AT_RISK: only atRisk and the unchanged payment date apply
    for (const { node } of partial.simulateOutage.deliverables.edges) {
      expect(node).toEqual({
        outcome: 'AT_RISK',
        daysLate: null,
        penaltyBps: null,
        delayMinutes: null,
        suggestedSlotAt: null,
        suggestedPlatform: null,
        originalPaymentDueAt: node.originalPaymentDueAt,
        newPaymentDueAt: node.originalPaymentDueAt,
        effectiveDeadlineAt: null,
        delayed: null,
        lost: null,
        retained: null,
        recoverable: null,
        atRisk: { amount: expect.stringMatching(/^\d+\.00$/) },
      });
    }
    expectError(
      await t.gql(
        SIMULATE,
        {
          input: {
            platformSlugs: ['metaverse'],
            startsAt: '2024-03-05T15:00:00Z',
            severity: 'FULL',
          },
        },
        maya.token,
      ),
      'BAD_USER_INPUT',
      ['input.platformSlugs.0'],
    );
    expectError(
      await t.gql(
        SIMULATE,
        {
          input: {
            platformSlugs: ['meta'],
            startsAt: '2024-03-05T15:00:00Z',
            endsAt: '2024-03-05T14:00:00Z',
            severity: 'FULL',
          },
        },
        maya.token,
      ),
      'BAD_USER_INPUT',
      ['input.endsAt'],
    );
    expect(await t.sql(`SELECT count(*)::int AS n FROM outages`)).toEqual(before);
    expectError(
      await t.gql(IMPACT, { id: '00000000-0000-4000-8000-000000000000' }, maya.token),
      'NOT_FOUND',
    );
  });

  it('counts an ongoing outage up to asOf and says it is provisional', async () => {
    const ongoing = await t.gqlOk(
      `mutation { recordOutage(input: { title: "TikTok down", platformSlugs: ["tiktok"], startsAt: "2024-03-05T15:45:00Z", severity: FULL }) { outage { id } } }`,
      {},
      admin.token,
    );
    const ASOF = `query($id: ID!, $asOf: DateTime) { outageImpact(outageId: $id, asOf: $asOf) { provisional
      deliverables { edges { node { outcome provisional suggestedSlotAt deliverable { title } } } } } }`;
    const early = await t.gqlOk(
      ASOF,
      { id: ongoing.recordOutage.outage.id, asOf: '2024-03-05T15:55:00Z' },
      maya.token,
    );
    // Up to 15:55 the 16:00 short is not hit yet.
    expect(early.outageImpact).toEqual({ provisional: true, deliverables: { edges: [] } });
    const later = await t.gqlOk(
      ASOF,
      { id: ongoing.recordOutage.outage.id, asOf: '2024-03-05T16:30:00Z' },
      maya.token,
    );
    expect(later.outageImpact.provisional).toBe(true);
    expect(later.outageImpact.deliverables.edges).toEqual([
      {
        node: {
          outcome: 'DELAYED',
          provisional: true,
          suggestedSlotAt: '2024-03-05T16:30:00.000Z',
          deliverable: { title: 'X short' },
        },
      },
    ]);
  });
});
