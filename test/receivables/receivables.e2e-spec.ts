import { FixedClock } from '../../src/infrastructure/clock';
import { expectError } from '../support/errors';
import { createDeal, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';
import { seedWorkedExample, type WorkedExample } from '../support/worked-example';

/**
 * Money owed on the worked example (Meta down 2024-03-05 15:00–17:20 UTC), judged on 10 April
 * 2024 at noon. Deal X (Maya–Acme, USD, net 30, 2.5 %/day late, cap 15 %):
 * - X reel (instagram 16:00, due 18:00, 1200.00): DELAYED by the outage, then posted at 17:30,
 *   inside its deadline: owed 1200.00, due 30 days after posting = 4 Apr 17:30, 6 started days
 *   overdue on 10 Apr 12:00.
 * - X story (facebook 15:30, due 16:30, 400.00): LATE by a started day, 2.5 % = 10.00 lost,
 *   owed 390.00, due when the engine's new slot + 30 days says; still planned: NOT_DUE.
 * - X short (tiktok, not hit, 100.00): owed 100.00, due 4 Apr 16:00, NOT_DUE (planned).
 * Deal W (Maya–Acme, USD, 1000.00, 30 % deposit due 7 days after activation on 10 Apr 12:00):
 *   deposit 300.00 due 17 Apr 12:00 (DUE); its video (1 May, net 30) owes 700.00 on 31 May.
 * Noor's deal Z (Globex, GBP, FIXED live killed under force majeure, kill fee 25 %): owes 200.00
 * of 800.00.
 */
const NOW = '2024-04-10T12:00:00.000Z';

const RECEIVABLE_FIELDS = `id kind status daysOverdue dueAt contractedDueAt writeOffReason
  contracted { amount currency } lost { amount } owed { amount } paid { amount }
  writtenOff { amount } open { amount } deliverable { title } deal { title }`;

const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  userErrors { field code message }
  payment { id kind amount { amount currency } receivedAt reference note receivableIds reversedAt
    allocations { receivableId amount { amount } } }
} }`;

const REVERSE = `mutation($input: ReversePaymentInput!) { reversePayment(input: $input) {
  userErrors { field code message }
  reversal { id kind amount { amount } reversesPaymentId note }
  payment { id reversedAt }
} }`;

const WRITE_OFF = `mutation($input: WriteOffReceivableInput!) { writeOffReceivable(input: $input) {
  userErrors { field code message }
  receivable { id status open { amount } writtenOff { amount } writeOffReason }
} }`;

const CASHFLOW = `query($from: DateTime!, $to: DateTime!, $bucket: CashflowBucket) {
  cashflow(from: $from, to: $to, bucket: $bucket) {
    bucketStart bucketEnd currency expectedAsContracted { amount } expectedAfterOutages { amount }
    movedByOutages { amount } received { amount } overdue { amount }
  }
}`;

describe('receivables, payments and cash flow', () => {
  let t: TestApp;
  let w: WorkedExample;
  let maya: Account;
  let dealX: { id: string; deliverables: Array<{ id: string; title: string }> };
  let dealW: { id: string; deliverables: Array<{ id: string; title: string }> };
  const id = (deal: typeof dealX, title: string) =>
    deal.deliverables.find((d) => d.title === title)!.id;

  async function receivables(token: string, filter: Record<string, unknown> = {}) {
    const data = await t.gqlOk(
      `query($filter: ReceivableFilterInput) { receivables(first: 100, filter: $filter) {
        totalCount edges { node { ${RECEIVABLE_FIELDS} } } } }`,
      { filter },
      token,
    );
    return data.receivables.edges.map((edge: any) => edge.node);
  }

  async function receivable(token: string, receivableId: string) {
    return (await receivables(token)).find((r: any) => r.id === receivableId);
  }

  async function ledgerCount(): Promise<number> {
    const [row] = await t.sql(`SELECT count(*)::int AS n FROM payments`);
    return row.n;
  }

  beforeAll(async () => {
    t = await TestApp.start({}, { clock: new FixedClock(NOW) });
    w = await seedWorkedExample(t);
    maya = w.maya;
    const deals = await t.gqlOk(
      `{ deals(first: 10) { nodes { id title deliverables { id title } } } }`,
      {},
      maya.token,
    );
    dealX = deals.deals.nodes.find((d: any) => d.title === 'Deal X');
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id, postedAt: "2024-03-05T17:30:00Z" }) { deliverable { status } } }`,
      { id: id(dealX, 'X reel') },
      maya.token,
    );
    dealW = await createDeal(t, maya.token, {
      title: 'Deal W',
      brandId: w.acme.brandId,
      brandName: undefined,
      currency: 'USD',
      totalFee: '1000.00',
      terms: { netPaymentDays: 30, upfrontShareBps: 3000, upfrontDueDays: 7 },
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'W video',
          scheduledAt: '2024-05-01T12:00:00Z',
          dueAt: '2024-05-01T18:00:00Z',
          fee: '1000.00',
        },
      ],
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('derives what is owed from the impact engine: the late penalty, the outage move, the posting', async () => {
    const impact = await t.gqlOk(
      `query($id: ID!) { outageImpact(outageId: $id) { deliverables(first: 50) { nodes {
        deliverableId outcome lost { amount } newPaymentDueAt originalPaymentDueAt } } } }`,
      { id: w.outageId },
      maya.token,
    );
    const item = (deliverableId: string) =>
      impact.outageImpact.deliverables.nodes.find((n: any) => n.deliverableId === deliverableId);
    const mine = await receivables(maya.token, { dealId: dealX.id });
    const byTitle = Object.fromEntries(mine.map((r: any) => [r.deliverable?.title, r]));

    expect(byTitle['X reel']).toMatchObject({
      kind: 'DELIVERABLE',
      status: 'OVERDUE',
      dueAt: '2024-04-04T17:30:00.000Z', // posted 5 Mar 17:30 + 30 days
      contractedDueAt: '2024-04-04T16:00:00.000Z', // slot 5 Mar 16:00 + 30 days
      daysOverdue: 6, // 4 Apr 17:30 → 10 Apr 12:00 = 5 days 18.5 h: 6 started days
      owed: { amount: '1200.00' },
      open: { amount: '1200.00' },
    });

    const story = item(id(dealX, 'X story'));
    expect(story.outcome).toBe('LATE');
    expect(byTitle['X story']).toMatchObject({
      status: 'NOT_DUE',
      contracted: { amount: '400.00', currency: 'USD' },
      lost: { amount: '10.00' }, // 2.5 % of 400.00 for one started day
      owed: { amount: '390.00' },
      dueAt: story.newPaymentDueAt,
      contractedDueAt: story.originalPaymentDueAt,
      daysOverdue: 0,
    });
    expect(story.lost.amount).toBe('10.00');

    expect(byTitle['X short']).toMatchObject({
      status: 'NOT_DUE',
      owed: { amount: '100.00' },
      dueAt: '2024-04-04T16:00:00.000Z',
      contractedDueAt: '2024-04-04T16:00:00.000Z',
    });
  });

  it('keeps the kill fee of a deliverable killed under force majeure, and nothing more', async () => {
    const noors = await receivables(w.noor.token);
    const zLive = noors.find((r: any) => r.deliverable?.title === 'Z live');
    expect(zLive).toMatchObject({
      contracted: { amount: '800.00', currency: 'GBP' },
      lost: { amount: '600.00' },
      owed: { amount: '200.00' }, // kill fee 25 % of 800.00
    });
  });

  it('splits a deposit off the fees, due after activation', async () => {
    const deal = await t.gqlOk(
      `query($id: ID!) { deal(id: $id) { terms { upfrontShareBps upfrontDueDays }
        receivables { id kind status dueAt owed { amount } } } }`,
      { id: dealW.id },
      maya.token,
    );
    expect(deal.deal.terms).toEqual({ upfrontShareBps: 3000, upfrontDueDays: 7 });
    expect(deal.deal.receivables).toEqual([
      {
        id: `deposit:${dealW.id}`,
        kind: 'DEPOSIT',
        status: 'DUE',
        dueAt: '2024-04-17T12:00:00.000Z', // activated at "now" + 7 days
        owed: { amount: '300.00' }, // 30 % of 1000.00
      },
      {
        id: id(dealW, 'W video'),
        kind: 'DELIVERABLE',
        status: 'NOT_DUE',
        dueAt: '2024-05-31T12:00:00.000Z',
        owed: { amount: '700.00' },
      },
    ]);
  });

  it('records a payment to the named receivable, then allocates the next oldest due first', async () => {
    const reelId = id(dealX, 'X reel');
    const paid = await t.gqlOk(
      RECORD,
      {
        input: {
          dealId: dealX.id,
          amount: { amount: '1200.00', currency: 'USD' },
          receivedAt: '2024-04-08T09:00:00Z',
          reference: 'INV-1001',
          note: 'wire, late',
          receivableIds: [reelId],
        },
      },
      maya.token,
    );
    expect(paid.recordPayment.payment).toMatchObject({
      kind: 'PAYMENT',
      amount: { amount: '1200.00', currency: 'USD' },
      reference: 'INV-1001',
      note: 'wire, late',
      reversedAt: null,
      allocations: [{ receivableId: reelId, amount: { amount: '1200.00' } }],
    });
    expect(await receivable(maya.token, reelId)).toMatchObject({
      status: 'PAID',
      paid: { amount: '1200.00' },
      open: { amount: '0.00' },
      daysOverdue: 0,
    });

    const next = await t.gqlOk(
      RECORD,
      {
        input: {
          dealId: dealX.id,
          amount: { amount: '150.00', currency: 'USD' },
          receivedAt: '2024-04-09T09:00:00Z',
        },
      },
      maya.token,
    );
    // Short due 4 Apr 16:00 before the story (moved later by the outage): 100.00, then 50.00.
    expect(next.recordPayment.payment.allocations).toEqual([
      { receivableId: id(dealX, 'X short'), amount: { amount: '100.00' } },
      { receivableId: id(dealX, 'X story'), amount: { amount: '50.00' } },
    ]);
    expect(await receivable(maya.token, id(dealX, 'X story'))).toMatchObject({
      status: 'PARTIALLY_PAID',
      paid: { amount: '50.00' },
      open: { amount: '340.00' },
    });
  });

  it('reverses a payment with a reversing entry (nothing deleted), and refuses a second reversal', async () => {
    const recorded = await t.gqlOk(
      RECORD,
      {
        input: {
          dealId: dealX.id,
          amount: { amount: '40.00', currency: 'USD' },
          receivedAt: '2024-04-09T10:00:00Z',
          receivableIds: [id(dealX, 'X story')],
        },
      },
      maya.token,
    );
    const paymentId = recorded.recordPayment.payment.id;
    const before = await ledgerCount();
    const reversed = await t.gqlOk(
      REVERSE,
      { input: { paymentId, reason: 'Bounced' } },
      maya.token,
    );
    expect(reversed.reversePayment).toMatchObject({
      reversal: {
        kind: 'REVERSAL',
        amount: { amount: '40.00' },
        reversesPaymentId: paymentId,
        note: 'Bounced',
      },
      payment: { id: paymentId, reversedAt: NOW },
    });
    expect(await ledgerCount()).toBe(before + 1);
    expect(await receivable(maya.token, id(dealX, 'X story'))).toMatchObject({
      paid: { amount: '50.00' }, // as before the 40.00
    });

    const again = await t.gql(REVERSE, { input: { paymentId } }, maya.token);
    expect(again.data?.reversePayment.userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_REVERSED', field: ['input', 'paymentId'] }),
    ]);
    expect(await ledgerCount()).toBe(before + 1);

    const trail = await t.gqlOk(
      `query($id: ID!) { auditTrail(entityId: $id, first: 50) { nodes { operation } } }`,
      { id: dealX.id },
      maya.token,
    );
    const operations = trail.auditTrail.nodes.map((n: any) => n.operation);
    expect(operations).toEqual(expect.arrayContaining(['recordPayment', 'reversePayment']));
  });

  it('writes off what is open, with a reason; refuses a paid receivable and a second write-off', async () => {
    const depositId = `deposit:${dealW.id}`;
    const blank = await t.gql(
      WRITE_OFF,
      { input: { receivableId: depositId, reason: '   ' } },
      maya.token,
    );
    expect(blank.data?.writeOffReceivable.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'reason'] }),
    ]);
    const written = await t.gqlOk(
      WRITE_OFF,
      { input: { receivableId: depositId, reason: 'Brand stopped answering' } },
      maya.token,
    );
    expect(written.writeOffReceivable.receivable).toEqual({
      id: depositId,
      status: 'WRITTEN_OFF',
      open: { amount: '0.00' },
      writtenOff: { amount: '300.00' },
      writeOffReason: 'Brand stopped answering',
    });
    const again = await t.gql(
      WRITE_OFF,
      { input: { receivableId: depositId, reason: 'again' } },
      maya.token,
    );
    expect(again.data?.writeOffReceivable.userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_WRITTEN_OFF', field: ['input', 'receivableId'] }),
    ]);
    const paid = await t.gql(
      WRITE_OFF,
      { input: { receivableId: id(dealX, 'X reel'), reason: 'no' } },
      maya.token,
    );
    expect(paid.data?.writeOffReceivable.userErrors).toEqual([
      expect.objectContaining({ code: 'RECEIVABLE_PAID', field: ['input', 'receivableId'] }),
    ]);
    expect(await receivable(maya.token, id(dealX, 'X reel'))).toMatchObject({ status: 'PAID' });
  });

  it('refuses bad payments with their code and field, writing nothing', async () => {
    const before = await ledgerCount();
    const zLive = (await receivables(w.noor.token)).find(
      (r: any) => r.deliverable?.title === 'Z live',
    );
    const cases: Array<[Record<string, unknown>, string, string[]]> = [
      [
        { amount: { amount: '10.00', currency: 'GBP' } },
        'CURRENCY_MISMATCH',
        ['input', 'amount', 'currency'],
      ],
      [
        { amount: { amount: '-5.00', currency: 'USD' } },
        'AMOUNT_NEGATIVE',
        ['input', 'amount', 'amount'],
      ],
      [
        { amount: { amount: '1.001', currency: 'USD' } },
        'AMOUNT_PRECISION',
        ['input', 'amount', 'amount'],
      ],
      [
        { amount: { amount: '0', currency: 'USD' } },
        'AMOUNT_NOT_POSITIVE',
        ['input', 'amount', 'amount'],
      ],
      [{ receivedAt: '2024-04-11T00:00:00Z' }, 'RECEIVED_IN_FUTURE', ['input', 'receivedAt']],
      [{ receivableIds: [zLive.id] }, 'RECEIVABLE_NOT_IN_DEAL', ['input', 'receivableIds', '0']],
    ];
    for (const [change, reason, field] of cases) {
      const answer = await t.gql(
        `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
          userErrors { field code } payment { id } } }`,
        {
          input: {
            dealId: dealX.id,
            amount: { amount: '10.00', currency: 'USD' },
            receivedAt: '2024-04-09T00:00:00Z',
            ...change,
          },
        },
        maya.token,
      );
      expect({ reason, errors: answer.data?.recordPayment.userErrors }).toEqual({
        reason,
        errors: [expect.objectContaining({ code: reason, field })],
      });
      expect(answer.data?.recordPayment.payment).toBeNull();
    }

    const cancelled = await createDeal(t, maya.token, {
      title: 'Deal C',
      brandId: w.acme.brandId,
      brandName: undefined,
      currency: 'USD',
      totalFee: '50.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'C video',
          scheduledAt: '2024-05-01T12:00:00Z',
          dueAt: '2024-05-01T18:00:00Z',
          fee: '50.00',
        },
      ],
    });
    await t.gqlOk(
      `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { status } } }`,
      { id: cancelled.deliverables[0].id },
      maya.token,
    );
    const toCancelled = await t.gql(
      `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { userErrors { field code } } }`,
      {
        input: {
          dealId: cancelled.id,
          amount: { amount: '10.00', currency: 'USD' },
          receivedAt: '2024-04-09T00:00:00Z',
          receivableIds: [cancelled.deliverables[0].id],
        },
      },
      maya.token,
    );
    expect(toCancelled.data?.recordPayment.userErrors).toEqual([
      { field: ['input', 'receivableIds', '0'], code: 'RECEIVABLE_CANCELLED' },
    ]);
    expect(await ledgerCount()).toBe(before);
  });

  it('honours Idempotency-Key: a retried payment counts once', async () => {
    const before = await ledgerCount();
    const send = () =>
      t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${maya.token}`)
        .set('idempotency-key', 'payment-retry-1')
        .send({
          query: RECORD,
          variables: {
            input: {
              dealId: dealW.id,
              amount: { amount: '25.00', currency: 'USD' },
              receivedAt: '2024-04-09T00:00:00Z',
            },
          },
        });
    const first = await send();
    const second = await send();
    expect(second.body.data.recordPayment.payment.id).toBe(
      first.body.data.recordPayment.payment.id,
    );
    expect(await ledgerCount()).toBe(before + 1);
  });

  it('lets a brand read what it owes, never another brand’s or a creator’s other deals, and never write', async () => {
    const acme = await receivables(w.acme.token);
    // Deal C's only deliverable is cancelled: it owes nothing.
    expect(new Set(acme.map((r: any) => r.deal.title))).toEqual(new Set(['Deal X', 'Deal W']));
    const globex = await receivables(w.globex.token);
    expect(new Set(globex.map((r: any) => r.deal.title))).toEqual(new Set(['Deal Y', 'Deal Z']));
    expect(await receivables(w.globex.token, { dealId: dealX.id })).toEqual([]);
    expect(await receivables(w.noor.token, { dealId: dealX.id })).toEqual([]);

    const nested = await t.gql(
      `query($id: ID!) { deal(id: $id) { receivables { id } } }`,
      { id: dealX.id },
      w.globex.token,
    );
    expectError(nested, 'NOT_FOUND');

    // The brand sees the payment, not the creator's note.
    const payments = await t.gqlOk(
      `query($id: ID!) { deal(id: $id) { payments { kind note reference amount { amount } } paymentCredit { amount } } }`,
      { id: dealX.id },
      w.acme.token,
    );
    expect(payments.deal.payments[0]).toEqual({
      kind: 'PAYMENT',
      note: null,
      reference: 'INV-1001',
      amount: { amount: '1200.00' },
    });

    const brandWrite = await t.gql(
      RECORD,
      {
        input: {
          dealId: dealX.id,
          amount: { amount: '1.00', currency: 'USD' },
          receivedAt: '2024-04-09T00:00:00Z',
        },
      },
      w.acme.token,
    );
    expect(JSON.stringify(brandWrite)).toContain('FORBIDDEN');
    const otherCreator = await t.gql(
      RECORD,
      {
        input: {
          dealId: dealX.id,
          amount: { amount: '1.00', currency: 'USD' },
          receivedAt: '2024-04-09T00:00:00Z',
        },
      },
      w.noor.token,
    );
    expectError(otherCreator, 'NOT_FOUND');
    const paymentId =
      payments.deal.payments.length &&
      (
        await t.sql(`SELECT id FROM payments WHERE deal_id = $1 ORDER BY received_at LIMIT 1`, [
          dealX.id,
        ])
      )[0].id;
    expectError(await t.gql(REVERSE, { input: { paymentId } }, w.noor.token), 'NOT_FOUND');
    expectError(
      await t.gql(
        WRITE_OFF,
        { input: { receivableId: id(dealX, 'X story'), reason: 'x' } },
        w.noor.token,
      ),
      'NOT_FOUND',
    );
  });

  it('gives the cash flow per currency: as contracted, after outages, received, overdue', async () => {
    const march = { from: '2024-03-01T00:00:00Z', to: '2024-06-01T00:00:00Z', bucket: 'MONTH' };
    const mine = (await t.gqlOk(CASHFLOW, march, maya.token)).cashflow;
    expect(mine.map((r: any) => [r.bucketStart, r.currency])).toEqual([
      ['2024-03-01T00:00:00.000Z', 'USD'],
      ['2024-04-01T00:00:00.000Z', 'USD'],
      ['2024-05-01T00:00:00.000Z', 'USD'],
    ]);
    const april = mine[1];
    expect(april).toMatchObject({
      // X: 1200 + 400 + 100 due 4 Apr as contracted; W's deposit 300.00 due 17 Apr.
      expectedAsContracted: { amount: '2000.00' },
      // The story loses its 10.00 penalty; its due date stays in April.
      expectedAfterOutages: { amount: '1990.00' },
      movedByOutages: { amount: '10.00' },
      // 1200.00 + 150.00 + 25.00 (the 40.00 was reversed).
      received: { amount: '1375.00' },
      // Nothing claimable is overdue: the reel is paid, the deposit written off, planned posts not due.
      overdue: { amount: '0.00' },
    });
    // W's video: 700.00 due 31 May as contracted and after outages.
    expect(mine[2]).toMatchObject({
      expectedAsContracted: { amount: '700.00' },
      expectedAfterOutages: { amount: '700.00' },
    });

    const globex = (await t.gqlOk(CASHFLOW, march, w.globex.token)).cashflow;
    expect(new Set(globex.map((r: any) => r.currency))).toEqual(new Set(['GBP']));
    const admin = (await t.gqlOk(CASHFLOW, march, w.admin.token)).cashflow;
    expect(new Set(admin.map((r: any) => r.currency))).toEqual(new Set(['GBP', 'USD']));
    const adminUsdApril = admin.find(
      (r: any) => r.currency === 'USD' && r.bucketStart.startsWith('2024-04'),
    );
    expect(adminUsdApril).toEqual(april);

    expectError(
      await t.gql(CASHFLOW, { from: march.to, to: march.from }, maya.token),
      'BAD_USER_INPUT',
    );
    expectError(
      await t.gql(
        CASHFLOW,
        { from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' },
        maya.token,
      ),
      'BAD_USER_INPUT',
    );
  });

  it('lists receivables by status and due date in a fixed number of statements', async () => {
    const overdueOrPartly = await receivables(maya.token, {
      status: ['PARTIALLY_PAID', 'OVERDUE'],
    });
    expect(overdueOrPartly.map((r: any) => r.deliverable?.title)).toEqual(['X story']);
    const dueInApril = await receivables(maya.token, {
      dueAfter: '2024-04-01T00:00:00Z',
      dueBefore: '2024-05-01T00:00:00Z',
    });
    expect(dueInApril.every((r: any) => r.dueAt >= '2024-04-01' && r.dueAt < '2024-05-01')).toBe(
      true,
    );
    const dues = dueInApril.map((r: any) => r.dueAt);
    expect(dues).toEqual([...dues].sort());

    const page = `{ receivables(first: 2) { edges { node { id deal { title } deliverable { title } } }
      pageInfo { hasNextPage endCursor } } }`;
    const small = await t.countQueries(() => t.gqlOk(page, {}, maya.token));
    const everything = await t.countQueries(() => t.gqlOk(page, {}, w.admin.token));
    expect(everything).toBe(small);
    // Token, ledgers, deliverables, outages around them, the deals (2), the deliverables (2).
    expect(small).toBeLessThanOrEqual(8);
  });
});
