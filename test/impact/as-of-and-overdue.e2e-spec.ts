import { FixedClock } from '../../src/infrastructure/clock';
import { withoutErrorLogs } from '../support/error-log';
import {
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

/**
 * Issue 11: one meaning for a window that ends after asOf, and OVERDUE deliverables.
 *
 * An Instagram account earning 240.00/day; Instagram recorded down 2024-03-05 12:00–24:00 UTC;
 * a flexible post at 20:00 due the next day at 12:00. Asked at 18:00, everything counts the
 * recorded window and is provisional: income 12 h × 10.00/h = 120.00, the post DELAYED to 24:00.
 */
const IMPACT = `query($id: ID!, $asOf: DateTime) { outageImpact(outageId: $id, asOf: $asOf) {
  provisional
  totals { currency delayed { amount } platformIncomeLost { amount } byOutcome { outcome deliverableCount } }
  deliverables(first: 10) { edges { node {
    deliverableId outcome delayMinutes daysLate penaltyBps suggestedSlotAt effectiveDeadlineAt newPaymentDueAt
    provisional explanation
    delayed { amount } lost { amount } retained { amount } recoverable { amount } atRisk { amount }
    deliverable { id title }
  } } }
  platformIncome(first: 10) { nodes { accountId downtimeMinutes loss { amount currency } provisional explanation } }
} }`;

const RISK = `query($id: ID!) { deliverable(id: $id) { title risk { level provisional suggestedSlotAt explanation outages { title } } } }`;
const RISKS = `query { deliverables(first: 50) { edges { node { title risk { level explanation } } } } }`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('a recorded window that ends after asOf counts as recorded, provisional', () => {
  let t: TestApp;
  let maya: Account;
  let outageId: string;
  let accountId: string;
  let postId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    const account = await t.gqlOk(
      `mutation { upsertPlatformAccount(input: { platformSlug: "instagram", handle: "@maya", followers: 1000, dailyEarnings: { amount: "240.00", currency: USD } }) { platformAccount { id } } }`,
      {},
      maya.token,
    );
    accountId = account.upsertPlatformAccount.platformAccount.id;
    const deal = await createDeal(t, maya.token, {
      title: 'Evening post',
      totalFee: '500.00',
      deliverables: [
        {
          platformSlug: 'instagram',
          kind: 'POST',
          title: 'Evening post',
          timing: 'FLEXIBLE',
          scheduledAt: '2024-03-05T20:00:00Z',
          dueAt: '2024-03-06T12:00:00Z',
          fee: '500.00',
        },
      ],
    });
    postId = deal.deliverables[0].id;
    const recorded = await t.gqlOk(
      `mutation { recordOutage(input: { title: "Instagram down", platformSlugs: ["instagram"], startsAt: "2024-03-05T12:00:00Z", endsAt: "2024-03-06T00:00:00Z", severity: FULL }) { outage { id } } }`,
      {},
      admin.token,
    );
    outageId = recorded.recordOutage.outage.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('at 18:00: income over 12 h, the 20:00 post DELAYED to 24:00, all provisional', async () => {
    const data = await withoutErrorLogs(() =>
      t.gqlOk(IMPACT, { id: outageId, asOf: '2024-03-05T18:00:00Z' }, maya.token),
    );
    const impact = data.outageImpact;
    expect(impact.provisional).toBe(true);
    // 240.00/day × 720 min / 1440 min = 120.00 (not 6 h × 10.00 = 60.00 up to asOf)
    expect(impact.platformIncome.nodes).toEqual([
      {
        accountId,
        downtimeMinutes: 720,
        loss: { amount: '120.00', currency: 'USD' },
        provisional: true,
        explanation: expect.stringContaining('as recorded, ending after asOf (provisional)'),
      },
    ]);
    const [item] = impact.deliverables.edges.map((edge: any) => edge.node);
    expect(item).toMatchObject({
      deliverableId: postId,
      deliverable: { id: postId, title: 'Evening post' },
      outcome: 'DELAYED',
      delayMinutes: 240, // 20:00 → 24:00
      daysLate: 0,
      penaltyBps: 0,
      suggestedSlotAt: '2024-03-06T00:00:00.000Z',
      effectiveDeadlineAt: '2024-03-06T12:00:00.000Z',
      newPaymentDueAt: '2024-04-05T00:00:00.000Z', // 24:00 + 30 days
      provisional: true,
      // only the parts that apply to DELAYED
      delayed: { amount: '500.00' },
      lost: null,
      retained: null,
      recoverable: null,
      atRisk: null,
    });
    expect(item.explanation).toContain('as recorded, ending after asOf (provisional)');
    expect(impact.totals).toEqual([
      {
        currency: 'USD',
        delayed: { amount: '500.00' },
        platformIncomeLost: { amount: '120.00' },
        byOutcome: [
          { outcome: 'LOST', deliverableCount: 0 },
          { outcome: 'LATE', deliverableCount: 0 },
          { outcome: 'DELAYED', deliverableCount: 1 },
          { outcome: 'AT_RISK', deliverableCount: 0 },
          { outcome: 'RECOVERABLE', deliverableCount: 0 },
        ],
      },
    ]);
  });

  it('once asOf reaches the recorded end the same figures are final', async () => {
    const data = await t.gqlOk(IMPACT, { id: outageId, asOf: '2024-03-06T00:00:00Z' }, maya.token);
    const impact = data.outageImpact;
    expect(impact.provisional).toBe(false);
    expect(impact.platformIncome.nodes).toMatchObject([
      { accountId, downtimeMinutes: 720, loss: { amount: '120.00' }, provisional: false },
    ]);
    expect(impact.deliverables.edges[0].node).toMatchObject({
      outcome: 'DELAYED',
      suggestedSlotAt: '2024-03-06T00:00:00.000Z',
      provisional: false,
    });
  });

  it('before the outage starts it is already assessed and counted, provisional', async () => {
    const data = await t.gqlOk(IMPACT, { id: outageId, asOf: '2024-03-05T09:00:00Z' }, maya.token);
    const impact = data.outageImpact;
    expect(impact.provisional).toBe(true);
    expect(impact.platformIncome.nodes[0]).toMatchObject({
      loss: { amount: '120.00' },
      provisional: true,
    });
    expect(impact.deliverables.edges[0].node).toMatchObject({
      outcome: 'DELAYED',
      provisional: true,
    });
  });
});

describe('Deliverable.risk is OVERDUE once the deadline passes without a post', () => {
  let t: TestApp;
  let maya: Account;
  let acme: Account & { brandId: string | null };
  const ids: Record<string, string> = {};
  // The risk field is judged as of the app's clock, pinned here.
  const NOW = new Date('2031-03-10T12:00:00Z').getTime();
  const clock = new FixedClock(new Date(NOW));
  const past = (days: number) => new Date(NOW - days * DAY).toISOString();
  const future = (days: number) => new Date(NOW + days * DAY).toISOString();

  beforeAll(async () => {
    t = await TestApp.start({}, { clock });
    maya = await signUpCreator(t, { displayName: 'Maya' });
    acme = await signUpBrand(t, 'Acme');
    const active = await createDeal(t, maya.token, {
      title: 'Active deal',
      brandId: acme.brandId,
      brandName: undefined,
      totalFee: '300.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Missed video',
          scheduledAt: past(3),
          dueAt: past(2),
          fee: '100.00',
        },
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Next video',
          scheduledAt: future(2),
          dueAt: future(3),
          fee: '200.00',
        },
      ],
    });
    const draft = await createDeal(t, maya.token, {
      title: 'Draft deal',
      brandId: acme.brandId,
      brandName: undefined,
      status: 'DRAFT',
      totalFee: '50.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Draft video',
          scheduledAt: past(3),
          dueAt: past(2),
          fee: '50.00',
        },
      ],
    });
    for (const d of [...active.deliverables, ...draft.deliverables]) ids[d.title] = d.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the creator and the brand the same OVERDUE risk with its sentence', async () => {
    for (const viewer of [maya, acme]) {
      const { deliverable } = await withoutErrorLogs(() =>
        t.gqlOk(RISK, { id: ids['Missed video'] }, viewer.token),
      );
      expect(deliverable.risk).toMatchObject({
        level: 'OVERDUE',
        provisional: false,
        suggestedSlotAt: null,
        outages: [],
      });
      // Due two days before the clock's 2031-03-10 12:00.
      expect(deliverable.risk.explanation).toMatch(
        /^Deadline passed on 2031-03-08 12:00(:00)? UTC without a post → OVERDUE\.$/,
      );
    }
  });

  it('lists OVERDUE among deliverables; a future deadline and a draft deal stay ON_TRACK', async () => {
    for (const viewer of [maya, acme]) {
      const data = await t.gqlOk(RISKS, {}, viewer.token);
      const levels = Object.fromEntries(
        data.deliverables.edges.map((edge: any) => [edge.node.title, edge.node.risk.level]),
      );
      expect(levels).toEqual({
        'Missed video': 'OVERDUE',
        'Next video': 'ON_TRACK',
        'Draft video': 'ON_TRACK',
      });
    }
  });

  it('is judged at the asOf asked, one batch per instant, for risk and Deal.impact alike', async () => {
    const beforeDeadline = past(2.5);
    const query = `query($id: ID!, $asOf: DateTime) { deliverable(id: $id) {
      now: risk { level } then: risk(asOf: $asOf) { level }
      deal { impact(asOf: $asOf) { currency } } } }`;
    const { deliverable } = await t.gqlOk(
      query,
      { id: ids['Missed video'], asOf: beforeDeadline },
      acme.token,
    );
    expect(deliverable.now.level).toBe('OVERDUE');
    expect(deliverable.then.level).toBe('ON_TRACK');
    expect(deliverable.deal.impact).toEqual([]);
  });

  it('with no asOf, turns OVERDUE exactly when the clock passes the deadline', async () => {
    const level = async () =>
      (await t.gqlOk(RISK, { id: ids['Next video'] }, maya.token)).deliverable.risk.level;
    try {
      expect(await level()).toBe('ON_TRACK'); // three days before its deadline
      clock.set(future(3));
      expect(await level()).toBe('ON_TRACK'); // a deadline exactly at now has not passed
      clock.advance(1);
      expect(await level()).toBe('OVERDUE'); // one millisecond later it has
    } finally {
      clock.set(new Date(NOW));
    }
    expect(await level()).toBe('ON_TRACK');
  });

  it('stops being OVERDUE once posted', async () => {
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id }) { deliverable { status } } }`,
      { id: ids['Missed video'] },
      maya.token,
    );
    const { deliverable } = await t.gqlOk(RISK, { id: ids['Missed video'] }, maya.token);
    expect(deliverable.risk).toMatchObject({ level: 'POSTED', explanation: null });
  });
});
