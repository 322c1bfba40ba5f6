import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../../src/config/app-config';
import { FixedClock } from '../../src/infrastructure/clock';
import {
  OVERDUE_SCAN_LOCK_SQL,
  ReceivableOverdueScanner,
} from '../../src/receivables/overdue-scanner';
import { ReceivableRepository } from '../../src/receivables/receivable.repository';
import { ReceivablesService } from '../../src/receivables/receivables.service';
import { createDeal, signUpAdmin, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const NOW = '2031-06-01T12:00:00.000Z';
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse(NOW) + days * DAY).toISOString();

const POSTED = `mutation($input: MarkDeliverablePostedInput!) {
  markDeliverablePosted(input: $input) { userErrors { field code message } deliverable { id status } } }`;
const PAY = `mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { userErrors { field code message } payment { id } } }`;
const UPDATE_DEAL = `mutation($input: UpdateDealInput!) {
  updateDeal(input: $input) { userErrors { field code message } deal { id } } }`;
const RECEIVABLES = `query($dealId: ID!) {
  receivables(filter: { dealId: $dealId }, first: 50) { edges { node { id status dueAt daysOverdue } } } }`;
// The app scans on its own every RECEIVABLES_OVERDUE_SCAN_SECONDS: off here, driven by hand.
const ENV = { RECEIVABLES_OVERDUE_SCAN_SECONDS: '0' };

/** One deliverable of a deal, slot `day` days from NOW, deadline two days later. */
const deliverable = (title: string, day: number, fee: string) => ({
  platformSlug: 'youtube',
  kind: 'VIDEO',
  title,
  scheduledAt: at(day),
  dueAt: at(day + 2),
  fee,
});

describe('overdue receivables scan', () => {
  const clock = new FixedClock(NOW);
  let database: TestDatabase;
  let t: TestApp;
  let cara: Account;
  let dealA: { id: string; deliverables: Array<{ id: string; title: string }> };
  let dealB: { id: string; deliverables: Array<{ id: string; title: string }> };
  const byTitle = (deal: typeof dealA, title: string) =>
    deal.deliverables.find((d) => d.title === title)!.id;

  const scanner = () => t.app.get(ReceivableOverdueScanner);
  /** A second scanner on the same app: what another instance would run. */
  const anotherScanner = (app: TestApp = t) =>
    new ReceivableOverdueScanner(
      app.dataSource,
      app.app.get(ReceivablesService),
      app.app.get(ReceivableRepository),
      app.clock,
      app.app.get(AppConfig),
      app.app.get(HttpAdapterHost),
    );
  const overdueEvents = async (receivableId?: string) =>
    (
      await t.sql(
        `SELECT id, deal_id, deliverable_id, data, actor_user_id, fanned_out_at FROM webhook_events
          WHERE type = 'receivable.overdue' ORDER BY seq`,
      )
    ).filter((row) => !receivableId || row.data.receivable.id === receivableId);
  const status = async (dealId: string, id: string) =>
    (await t.gqlOk(RECEIVABLES, { dealId }, cara.token)).receivables.edges
      .map((edge: { node: { id: string } }) => edge.node)
      .find((node: { id: string }) => node.id === id);

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await TestApp.start(ENV, { clock, database });
    await signUpAdmin(t);
    cara = await signUpCreator(t, { displayName: 'Cara' });
    // Net 30 days, every post on time. Late: posted 40 days ago (due 10 days ago). Paid: posted
    // 35 days ago and paid in full. Planned: a post still ahead (nothing is claimable yet).
    dealA = await createDeal(t, cara.token, {
      title: 'Spring launch',
      totalFee: '1600.00',
      deliverables: [
        deliverable('Late', -41, '950.00'),
        deliverable('Paid', -36, '400.00'),
        deliverable('Planned', 10, '250.00'),
      ],
    });
    // Posted 25 days ago: due in 5 days.
    dealB = await createDeal(t, cara.token, {
      title: 'Summer push',
      brandName: 'Beta Drinks',
      totalFee: '300.00',
      deliverables: [deliverable('Soon', -26, '300.00')],
    });
    for (const [id, day] of [
      [byTitle(dealA, 'Late'), -40],
      [byTitle(dealA, 'Paid'), -35],
      [byTitle(dealB, 'Soon'), -25],
    ] as const) {
      await t.gqlOk(POSTED, { input: { id, postedAt: at(day) } }, cara.token);
    }
    await t.gqlOk(
      PAY,
      {
        input: {
          dealId: dealA.id,
          amount: { amount: '400.00', currency: 'USD' },
          receivedAt: at(-1),
          receivableIds: [byTitle(dealA, 'Paid')],
        },
      },
      cara.token,
    );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('emits one receivable.overdue for a posted deliverable whose payment is past due, and nothing for a paid one', async () => {
    const late = byTitle(dealA, 'Late');
    expect(await status(dealA.id, late)).toMatchObject({ status: 'OVERDUE', daysOverdue: 10 });
    expect(await status(dealA.id, byTitle(dealA, 'Paid'))).toMatchObject({ status: 'PAID' });

    expect(await scanner().scanOnce()).toBe(1);
    const events = await overdueEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      deal_id: dealA.id,
      deliverable_id: late,
      actor_user_id: null,
      // Subscribable: the webhook worker expands it.
      fanned_out_at: null,
      data: {
        receivable: {
          id: late,
          kind: 'DELIVERABLE',
          dealId: dealA.id,
          deliverableId: late,
          currency: 'USD',
          owed: '950.00',
          open: '950.00',
          // Posted 40 days before NOW, net 30 days
          dueAt: at(-10),
          daysOverdue: 10,
        },
      },
    });
    const notices = await t.sql(
      `SELECT receivable_id, due_at FROM receivable_overdue_notices ORDER BY noticed_at`,
    );
    expect(notices.map((n) => [n.receivable_id, new Date(n.due_at).toISOString()])).toEqual([
      [late, at(-10)],
    ]);
  });

  it('emits nothing more on the next scan, however many scanners run it', async () => {
    expect(await scanner().scanOnce()).toBe(0);
    const again = await Promise.all([scanner().scanOnce(), anotherScanner().scanOnce()]);
    expect(again).toEqual([0, 0]);
    expect(await overdueEvents()).toHaveLength(1);
  });

  it('announces a receivable that falls overdue once, when two scanners find it at the same moment', async () => {
    clock.set(at(6)); // "Soon" fell due a day ago
    const soon = byTitle(dealB, 'Soon');
    expect(await status(dealB.id, soon)).toMatchObject({ status: 'OVERDUE', daysOverdue: 1 });
    const counts = await Promise.all([scanner().scanOnce(), anotherScanner().scanOnce()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await overdueEvents(soon)).toHaveLength(1);
    expect(await overdueEvents()).toHaveLength(2);
  });

  // The embedded engine is one process's alone: two instances need a PostgreSQL server.
  (process.env.DATABASE_URL ? it : it.skip)(
    'with two app instances on one PostgreSQL server, still once',
    async () => {
      const second = await TestApp.start(ENV, { clock, database, keepDatabase: true });
      try {
        await t.gqlOk(
          `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) { deliverable { id } } }`,
          { input: { dealId: dealB.id, ...deliverable('Extra', -32, '50.00') } },
          cara.token,
        );
        const extra = (
          await t.sql(`SELECT id FROM deliverables WHERE deal_id = $1 AND title = 'Extra'`, [
            dealB.id,
          ])
        )[0].id as string;
        await t.gqlOk(POSTED, { input: { id: extra, postedAt: at(-31) } }, cara.token);

        // While one instance holds the scan lock, another skips its pass altogether.
        const holder = second.dataSource.createQueryRunner();
        await holder.connect();
        try {
          await holder.startTransaction();
          expect(await holder.query(OVERDUE_SCAN_LOCK_SQL)).toEqual([{ locked: true }]);
          expect(await scanner().scanOnce()).toBe(0);
          expect(await overdueEvents(extra)).toHaveLength(0);
        } finally {
          await holder.rollbackTransaction();
          await holder.release();
        }

        const counts = await Promise.all([
          scanner().scanOnce(),
          second.app.get(ReceivableOverdueScanner).scanOnce(),
          anotherScanner(second).scanOnce(),
        ]);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
        expect(await overdueEvents(extra)).toHaveLength(1);
      } finally {
        await second.close();
      }
    },
  );

  it('announces a receivable again only once it is overdue for its new, later due date', async () => {
    const late = byTitle(dealA, 'Late');
    const before = (await overdueEvents(late)).length;
    // Net 60 days instead of 30: "Late" is now due 20 days after NOW, not 10 days before.
    await t.gqlOk(
      UPDATE_DEAL,
      { input: { id: dealA.id, terms: { netPaymentDays: 60 } } },
      cara.token,
    );
    expect(await status(dealA.id, late)).toMatchObject({ status: 'DUE', dueAt: at(20) });
    expect(await scanner().scanOnce()).toBe(0);

    clock.set(at(21));
    expect(await status(dealA.id, late)).toMatchObject({ status: 'OVERDUE', daysOverdue: 1 });
    expect(await scanner().scanOnce()).toBe(1);
    expect(await scanner().scanOnce()).toBe(0);
    const events = await overdueEvents(late);
    expect(events).toHaveLength(before + 1);
    expect(events.map((e) => e.data.receivable.dueAt)).toEqual([at(-10), at(20)]);
    const notices = await t.sql(
      `SELECT due_at FROM receivable_overdue_notices WHERE receivable_id = $1 ORDER BY due_at`,
      [late],
    );
    expect(notices.map((n) => new Date(n.due_at).toISOString())).toEqual([at(-10), at(20)]);
  });
});
