import fc from 'fast-check';
import { EDGES, deliverable, outage, timingArb, utc } from './engine.fixtures';
import {
  bucketStart,
  cashflow,
  dealReceivables,
  depositReceivableId,
  type PaymentEntry,
  type ReceivableDeal,
  type ReceivableDeliverable,
  type WriteOff,
} from './receivables';
import { riskScopes } from './risk';
import type { Deliverable, Outage } from './types';

const DEAL: ReceivableDeal = {
  id: 'deal-x',
  creatorId: 'creator-1',
  brandId: 'brand-1',
  currency: 'USD',
  status: 'ACTIVE',
  netPaymentDays: 30,
  upfrontShareBps: 0,
  upfrontDueDays: 0,
  activatedAt: utc('2024-02-01T00:00:00Z'),
};

/** As the service will call it: the engine's assessments of every outage, the post judged as planned. */
function withEngine(
  deliverables: Array<{ d: Deliverable; postedAt?: Date }>,
  outages: readonly Outage[],
  asOf: Date,
): ReceivableDeliverable[] {
  const scopes = riskScopes(outages, EDGES, asOf);
  return deliverables.map(({ d, postedAt }) => ({
    deliverable: d,
    postedAt: postedAt ?? null,
    assessments: scopes.assessments({ ...d, status: 'PLANNED' }),
  }));
}

/** A deal's receivables before any payment or write-off, the engine judging `outages`. */
function withoutPayments(
  deliverables: Array<{ d: Deliverable; postedAt?: Date }>,
  outages: readonly Outage[],
  asOf: Date,
  deal: ReceivableDeal = DEAL,
) {
  return dealReceivables(deal, withEngine(deliverables, outages, asOf), [], [], asOf);
}

let paymentSeq = 0;
function payment(overrides: Partial<PaymentEntry> & { amount: bigint }): PaymentEntry {
  paymentSeq += 1;
  const receivedAt = overrides.receivedAt ?? utc('2024-04-10T00:00:00Z');
  return {
    id: `payment-${paymentSeq}`,
    kind: 'PAYMENT',
    receivedAt,
    recordedAt: receivedAt,
    reversed: false,
    ...overrides,
  };
}

describe('dealReceivables: what is owed and when', () => {
  const asOf = utc('2024-03-20T00:00:00Z');

  it('moves a delayed post’s payment across a month boundary, and the cash flow shows it in both months', () => {
    // Slot 1 March 16:00, 30 days' terms → due 31 March 16:00 as contracted. Meta is down from
    // 1 March 15:00 to 2 March 10:00; the deadline (10 March) still holds → DELAYED to 2 March
    // 10:00, payment due 2 March 10:00 + 30 × 24 h = 1 April 10:00.
    const d = deliverable({
      fee: 100_000n,
      scheduledAt: utc('2024-03-01T16:00:00Z'),
      dueAt: utc('2024-03-10T00:00:00Z'),
    });
    const meta = outage({
      startsAt: utc('2024-03-01T15:00:00Z'),
      endsAt: utc('2024-03-02T10:00:00Z'),
    });
    const { receivables } = withoutPayments([{ d }], [meta], asOf);
    expect(receivables).toHaveLength(1);
    const [r] = receivables;
    expect(r.contractedDueAt).toEqual(utc('2024-03-31T16:00:00Z'));
    expect(r.dueAt).toEqual(utc('2024-04-01T10:00:00Z'));
    expect(r.owed).toBe(100_000n); // delayed, nothing lost
    expect(r.status).toBe('NOT_DUE'); // still planned

    const rows = cashflow(
      receivables,
      [],
      utc('2024-03-01T00:00:00Z'),
      utc('2024-05-01T00:00:00Z'),
      'MONTH',
    );
    expect(
      rows.map((row) => [
        row.bucketStart.toISOString().slice(0, 7),
        row.expectedAsContracted,
        row.expectedAfterOutages,
      ]),
    ).toEqual([
      ['2024-03', 100_000n, 0n], // contracted for March, moved out of it
      ['2024-04', 0n, 100_000n], // and into April
    ]);
  });

  it('takes a LATE post’s penalty off what is owed', () => {
    // Slot 5 March 16:00, due 18:00; Meta down 15:00 → 7 March 12:00: new slot 7 March 12:00 is
    // 1 day 18 h after the deadline → 2 days late × 250 bps = 500 bps of 1 000.00 = 50.00 lost.
    const d = deliverable({ fee: 100_000n });
    const meta = outage({ endsAt: utc('2024-03-07T12:00:00Z') });
    const [r] = withoutPayments([{ d }], [meta], asOf).receivables;
    expect(r.lost).toBe(5_000n);
    expect(r.owed).toBe(95_000n); // 1 000.00 − 50.00
    expect(r.dueAt).toEqual(utc('2024-04-06T12:00:00Z')); // 7 March 12:00 + 30 days
  });

  it('leaves only the kill fee owed on a FIXED post lost under force majeure', () => {
    // FIXED slot inside a FULL outage: LOST; force majeure keeps the 2 500 bps kill fee =
    // 25% of 1 000.00 = 250.00, still due when the post was (5 March 16:00 + 30 days).
    const d = deliverable({ fee: 100_000n, timing: 'FIXED', deal: { forceMajeure: true } });
    const [r] = withoutPayments([{ d }], [outage()], asOf).receivables;
    expect(r.lost).toBe(75_000n);
    expect(r.owed).toBe(25_000n);
    expect(r.dueAt).toEqual(utc('2024-04-04T16:00:00Z'));
  });

  it('owes nothing for a FIXED post lost without force majeure (left out of the list, kept in the forecast)', () => {
    const d = deliverable({ fee: 100_000n, timing: 'FIXED' });
    const result = withoutPayments([{ d }], [outage()], asOf);
    expect(result.receivables).toEqual([]);
    expect(result.forecast.map((r) => [r.contracted, r.owed])).toEqual([[100_000n, 0n]]);
  });

  it('charges a post published late the engine’s late penalty and starts the terms at publication', () => {
    // Due 5 March 18:00, posted 7 March 09:00: 1 day 15 h late → 2 days × 250 bps = 500 bps.
    const d = deliverable({ fee: 40_000n, status: 'POSTED' });
    const postedAt = utc('2024-03-07T09:00:00Z');
    const [r] = withoutPayments([{ d, postedAt }], [], asOf).receivables;
    expect(r.lost).toBe(2_000n); // 5% of 400.00
    expect(r.owed).toBe(38_000n);
    expect(r.dueAt).toEqual(utc('2024-04-06T09:00:00Z'));
    expect(r.status).toBe('DUE');
  });

  it('extends a posted deliverable’s deadline by the downtime under force majeure', () => {
    // Meta down 5 March 15:00 → 6 March 15:00 (24 h); force majeure moves the 18:00 deadline to
    // 6 March 18:00, so a post at 6 March 17:00 is on time: nothing lost.
    const d = deliverable({ status: 'POSTED', deal: { forceMajeure: true } });
    const meta = outage({ endsAt: utc('2024-03-06T15:00:00Z') });
    const postedAt = utc('2024-03-06T17:00:00Z');
    const [r] = withoutPayments([{ d, postedAt }], [meta], asOf).receivables;
    expect(r.lost).toBe(0n);
  });

  it('splits a deposit over the fees and takes each part off its deliverable', () => {
    // 30% of 1 000.00 + 2 000.00 = 900.00, due 7 days after activation (1 February);
    // parts by fee: 300.00 and 600.00.
    const a = deliverable({
      fee: 100_000n,
      scheduledAt: utc('2024-04-01T10:00:00Z'),
      dueAt: utc('2024-04-02T00:00:00Z'),
    });
    const b = deliverable({
      fee: 200_000n,
      scheduledAt: utc('2024-04-02T10:00:00Z'),
      dueAt: utc('2024-04-03T00:00:00Z'),
    });
    const deal = { ...DEAL, upfrontShareBps: 3_000, upfrontDueDays: 7 };
    const { receivables } = withoutPayments([{ d: a }, { d: b }], [], asOf, deal);
    expect(receivables.map((r) => [r.id, r.owed, r.dueAt.toISOString(), r.status])).toEqual([
      [depositReceivableId('deal-x'), 90_000n, '2024-02-08T00:00:00.000Z', 'OVERDUE'],
      [a.id, 70_000n, '2024-05-01T10:00:00.000Z', 'NOT_DUE'],
      [b.id, 140_000n, '2024-05-02T10:00:00.000Z', 'NOT_DUE'],
    ]);
    expect(receivables[0].daysOverdue).toBe(41); // 8 February → 20 March
  });

  it('has nothing to collect on a DRAFT or CANCELLED deal, nor for a cancelled deliverable', () => {
    const d = deliverable({ status: 'POSTED' });
    const c = deliverable({ status: 'CANCELLED' });
    const inputs = withEngine([{ d, postedAt: utc('2024-03-05T16:00:00Z') }, { d: c }], [], asOf);
    expect(dealReceivables({ ...DEAL, status: 'DRAFT' }, inputs, [], [], asOf).receivables).toEqual(
      [],
    );
    expect(
      dealReceivables({ ...DEAL, status: 'CANCELLED' }, inputs, [], [], asOf).receivables,
    ).toEqual([]);
    expect(dealReceivables(DEAL, inputs, [], [], asOf).receivables.map((r) => r.id)).toEqual([
      d.id,
    ]);
  });
});

describe('dealReceivables: payments, refunds, reversals and write-offs', () => {
  const asOf = utc('2024-05-20T00:00:00Z');
  // Three posted deliverables: due 4 April (500.00), 14 April (300.00), 24 April (200.00).
  const posted = (fee: bigint, day: string) => ({
    d: deliverable({
      fee,
      status: 'POSTED',
      dueAt: utc(`2024-03-${day}T18:00:00Z`),
      scheduledAt: utc(`2024-03-${day}T16:00:00Z`),
    }),
    postedAt: utc(`2024-03-${day}T16:00:00Z`),
  });
  const first = posted(50_000n, '05');
  const second = posted(30_000n, '15');
  const third = posted(20_000n, '25');
  const inputs = withEngine([first, second, third], [], asOf);

  it('fills the oldest due first and says what is left, paid, overdue', () => {
    const { receivables, allocations, unallocated } = dealReceivables(
      DEAL,
      inputs,
      [payment({ amount: 60_000n })],
      [],
      asOf,
    );
    expect(receivables.map((r) => [r.paid, r.open, r.status])).toEqual([
      [50_000n, 0n, 'PAID'],
      [10_000n, 20_000n, 'PARTIALLY_PAID'],
      [0n, 20_000n, 'OVERDUE'],
    ]);
    expect(receivables[1].daysOverdue).toBe(36); // 14 April 16:00 → 20 May: 35 days 8 h → 36
    expect(receivables[2].daysOverdue).toBe(26);
    expect(allocations.map((a) => a.amount)).toEqual([50_000n, 10_000n]);
    expect(unallocated).toBe(0n);
  });

  it('pays the named deliverables first, keeps an over-payment as credit and takes refunds from it first', () => {
    const payments = [
      payment({ amount: 25_000n, receivableIds: [third.d.id] }), // 200.00 to the third, 50.00 on to the oldest
      payment({ amount: 100_000n, receivedAt: utc('2024-04-20T00:00:00Z') }), // 450 + 300 → 250.00 credit
      payment({ kind: 'REFUND', amount: 30_000n, receivedAt: utc('2024-04-25T00:00:00Z') }), // 250 credit + 50 from the latest due
    ];
    const { receivables, unallocated } = dealReceivables(DEAL, inputs, payments, [], asOf);
    expect(receivables.map((r) => [r.paid, r.status])).toEqual([
      [50_000n, 'PAID'],
      [30_000n, 'PAID'],
      [15_000n, 'PARTIALLY_PAID'],
    ]);
    expect(unallocated).toBe(0n);
  });

  it('ignores a reversed payment entirely', () => {
    const { receivables, unallocated } = dealReceivables(
      DEAL,
      inputs,
      [payment({ amount: 60_000n, reversed: true })],
      [],
      asOf,
    );
    expect(receivables.every((r) => r.paid === 0n && r.status === 'OVERDUE')).toBe(true);
    expect(unallocated).toBe(0n);
  });

  it('writes off what is open at the write-off, and later payments go elsewhere', () => {
    const writeOffs: WriteOff[] = [
      {
        receivableId: first.d.id,
        writtenOffAt: utc('2024-04-15T00:00:00Z'),
        reason: 'brand insolvent',
      },
    ];
    const payments = [
      payment({ amount: 10_000n, receivedAt: utc('2024-04-10T00:00:00Z') }),
      payment({ amount: 30_000n, receivedAt: utc('2024-05-01T00:00:00Z') }),
    ];
    const { receivables } = dealReceivables(DEAL, inputs, payments, writeOffs, asOf);
    expect(receivables.map((r) => [r.paid, r.writtenOff, r.open, r.status])).toEqual([
      [10_000n, 40_000n, 0n, 'WRITTEN_OFF'],
      [30_000n, 0n, 0n, 'PAID'],
      [0n, 0n, 20_000n, 'OVERDUE'],
    ]);
    expect(receivables[0].writeOffReason).toBe('brand insolvent');
    expect(receivables[0].daysOverdue).toBe(0);
  });

  it('counts received money, net of refunds, in the bucket it arrived (WEEK buckets start on Monday)', () => {
    const rows = cashflow(
      dealReceivables(DEAL, inputs, [], [], asOf).receivables,
      [
        {
          ...payment({ amount: 30_000n, receivedAt: utc('2024-04-03T12:00:00Z') }),
          currency: 'USD',
        },
        {
          ...payment({ kind: 'REFUND', amount: 5_000n, receivedAt: utc('2024-04-07T23:00:00Z') }),
          currency: 'USD',
        },
      ],
      utc('2024-04-01T00:00:00Z'),
      utc('2024-04-15T00:00:00Z'),
      'WEEK',
    );
    expect(
      rows.map((r) => [
        r.bucketStart.toISOString().slice(0, 10),
        r.expectedAsContracted,
        r.received,
        r.overdue,
      ]),
    ).toEqual([
      ['2024-04-01', 50_000n, 25_000n, 50_000n],
      ['2024-04-08', 30_000n, 0n, 30_000n],
    ]);
  });

  it('starts buckets at UTC Monday and the first of the month', () => {
    expect(bucketStart(utc('2024-03-03T23:59:00Z'), 'WEEK')).toEqual(utc('2024-02-26T00:00:00Z'));
    expect(bucketStart(utc('2024-03-04T00:00:00Z'), 'WEEK')).toEqual(utc('2024-03-04T00:00:00Z'));
    expect(bucketStart(utc('2024-02-29T12:00:00Z'), 'MONTH')).toEqual(utc('2024-02-01T00:00:00Z'));
  });
});

describe('dealReceivables properties', () => {
  const asOf = utc('2024-06-01T00:00:00Z');
  const base = utc('2024-03-01T00:00:00Z').getTime();
  const HOUR = 3_600_000;

  const arbitraryDeliverable = fc.record({
    fee: fc.bigInt({ min: 0n, max: 5_000_000n }),
    slotHours: fc.integer({ min: 0, max: 60 * 24 }),
    deadlineHours: fc.integer({ min: 0, max: 200 }),
    status: fc.constantFrom<Deliverable['status']>('PLANNED', 'POSTED', 'CANCELLED'),
    postedAfterDeadlineHours: fc.integer({ min: -48, max: 400 }),
    timing: timingArb,
  });
  const arbitraryPayment = fc.record({
    kind: fc.constantFrom<PaymentEntry['kind']>('PAYMENT', 'PAYMENT', 'REFUND'),
    amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
    hours: fc.integer({ min: 0, max: 90 * 24 }),
    reversed: fc.boolean(),
    names: fc.array(fc.nat({ max: 5 }), { maxLength: 2 }),
  });

  it('never creates or loses a minor unit: paid + open + written off = owed, allocations + credit = payments − refunds', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryDeliverable, { minLength: 1, maxLength: 6 }),
        fc.array(arbitraryPayment, { maxLength: 8 }),
        fc.array(
          fc.record({ index: fc.nat({ max: 6 }), hours: fc.integer({ min: 0, max: 90 * 24 }) }),
          { maxLength: 2 },
        ),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 40 * 24 }),
        (specs, paymentSpecs, writeOffSpecs, upfrontShareBps, forceMajeure, outageHours) => {
          const ds = specs.map((s) => {
            const scheduledAt = new Date(base + s.slotHours * HOUR);
            const dueAt = new Date(scheduledAt.getTime() + s.deadlineHours * HOUR);
            return {
              d: deliverable({
                fee: s.fee,
                scheduledAt,
                dueAt,
                status: s.status,
                timing: s.timing,
                deal: { forceMajeure },
              }),
              postedAt:
                s.status === 'POSTED'
                  ? new Date(dueAt.getTime() + s.postedAfterDeadlineHours * HOUR)
                  : undefined,
            };
          });
          const meta = outage({
            startsAt: new Date(base + outageHours * HOUR),
            endsAt: new Date(base + (outageHours + 30) * HOUR),
          });
          const inputs = withEngine(ds, [meta], asOf);
          const payments = paymentSpecs.map((p, i) =>
            payment({
              kind: p.kind,
              amount: p.amount,
              receivedAt: new Date(base + p.hours * HOUR),
              recordedAt: new Date(base + i),
              reversed: p.reversed,
              receivableIds: p.names.map((n) => ds[n % ds.length].d.id),
            }),
          );
          const writeOffs = writeOffSpecs.map((w) => ({
            receivableId: ds[w.index % ds.length].d.id,
            writtenOffAt: new Date(base + w.hours * HOUR),
            reason: 'test',
          }));
          const deal = { ...DEAL, upfrontShareBps, upfrontDueDays: 3 };
          const result = dealReceivables(deal, inputs, payments, writeOffs, asOf);

          for (const r of result.forecast) {
            expect(r.paid + r.open + r.writtenOff).toBe(r.owed);
            expect(r.open >= 0n && r.paid >= 0n && r.writtenOff >= 0n).toBe(true);
            expect(r.owed).toBe(r.contracted - r.lost);
            expect(r.owed >= 0n && r.owed <= r.contracted).toBe(true);
          }
          // The contract is fully accounted: deposit + each deliverable's part = the live fees.
          const liveFees = ds
            .filter(({ d }) => d.status !== 'CANCELLED')
            .reduce((s, { d }) => s + d.fee, 0n);
          expect(result.forecast.reduce((s, r) => s + r.contracted, 0n)).toBe(liveFees);
          const net = payments.reduce(
            (s, p) => (p.reversed ? s : p.kind === 'PAYMENT' ? s + p.amount : s - p.amount),
            0n,
          );
          const allocated = result.allocations.reduce((s, a) => s + a.amount, 0n);
          expect(allocated + result.unallocated).toBe(net);
          expect(result.forecast.reduce((s, r) => s + r.paid, 0n)).toBe(allocated);
          // The cash flow over all time adds up to the same figures.
          const rows = cashflow(
            result.forecast,
            payments.map((p) => ({ ...p, currency: 'USD' })),
            utc('2024-01-01T00:00:00Z'),
            utc('2025-01-01T00:00:00Z'),
            'MONTH',
          );
          expect(rows.reduce((s, r) => s + r.expectedAsContracted, 0n)).toBe(liveFees);
          expect(rows.reduce((s, r) => s + r.expectedAfterOutages, 0n)).toBe(
            result.forecast.reduce((s, r) => s + r.owed, 0n),
          );
          expect(rows.reduce((s, r) => s + r.received, 0n)).toBe(net);
        },
      ),
      { numRuns: 300 },
    );
  });
});
