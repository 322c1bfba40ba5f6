import type { DeliverableAssessment, DeliverableRisk, Receivable } from '../impact/engine';
import { receivableOverdueEventData } from '../infrastructure/outbox/webhook-events';
import { paymentEventData, type Payment } from '../receivables/receivables.service';
import { paymentRecordedData, receivableOverdueData, riskChanged, riskData } from './payloads';

const platforms = new Map([
  ['p-ig', { slug: 'instagram' }],
  ['p-yt', { slug: 'youtube' }],
]);

function risk(
  overrides: Partial<DeliverableRisk> = {},
  assessment: Partial<DeliverableAssessment> | null = {},
): DeliverableRisk {
  return {
    deliverableId: 'd1',
    outcome: 'LATE',
    outageIds: ['o1'],
    suggestedSlot: new Date('2030-03-06T10:00:00Z'),
    suggestedPlatformId: 'p-ig',
    provisional: false,
    // The risk's own sentence (the engine's, OVERDUE included), not only the assessment's.
    explanation: assessment === null ? null : 'Late by 1 day',
    explanationCode: null,
    assessment:
      assessment === null
        ? null
        : ({
            delayed: 114_000n,
            lost: 6_000n,
            retained: 0n,
            recoverable: 0n,
            atRisk: 0n,
            newPaymentDue: new Date('2030-04-05T10:00:00Z'),
            explanation: 'Late by 1 day',
            ...assessment,
          } as DeliverableAssessment),
    ...overrides,
  };
}

describe('webhook risk payloads', () => {
  it('writes money as decimal strings in the deal currency, with no platform income', () => {
    const data = riskData(risk(), 'USD', platforms);
    expect(data).toEqual({
      level: 'LATE',
      provisional: false,
      suggestedSlot: '2030-03-06T10:00:00.000Z',
      suggestedPlatform: 'instagram',
      outageIds: ['o1'],
      currency: 'USD',
      delayed: '1140.00', // 114 000 minor units of USD
      lost: '60.00',
      retained: '0.00',
      recoverable: '0.00',
      atRisk: '0.00',
      newPaymentDue: '2030-04-05T10:00:00.000Z',
      explanation: 'Late by 1 day',
    });
    expect(JSON.stringify(data)).not.toMatch(/platformIncome/i);
  });

  it("says why a deliverable is OVERDUE with the risk's own sentence, no outage needed", () => {
    const sentence = 'Deadline passed on 2030-03-05 18:00 UTC without a post → OVERDUE.';
    const data = riskData(
      risk(
        {
          outcome: 'OVERDUE',
          outageIds: [],
          suggestedSlot: null,
          suggestedPlatformId: null,
          explanation: sentence,
        },
        null,
      ),
      'USD',
      platforms,
    );
    expect(data).toMatchObject({ level: 'OVERDUE', explanation: sentence, delayed: '0.00' });
  });

  it('uses the currency exponent (JPY has none) and zeros when on track', () => {
    const data = riskData(
      risk(
        { outcome: 'ON_TRACK', outageIds: [], suggestedSlot: null, suggestedPlatformId: null },
        null,
      ),
      'JPY',
      platforms,
    );
    expect(data).toMatchObject({
      level: 'ON_TRACK',
      delayed: '0',
      lost: '0',
      suggestedPlatform: null,
      explanation: null,
    });
  });

  it('sees a change in level, money, suggestion or provisional flag, not in the outage list', () => {
    const base = risk();
    expect(riskChanged(base, risk())).toBe(false);
    expect(riskChanged(base, risk({ outageIds: ['o1', 'o2'] }))).toBe(false);
    expect(riskChanged(base, risk({ outcome: 'DELAYED' }))).toBe(true);
    expect(riskChanged(base, risk({}, { lost: 6_001n }))).toBe(true);
    expect(riskChanged(base, risk({ suggestedSlot: new Date('2030-03-06T11:00:00Z') }))).toBe(true);
    expect(riskChanged(base, risk({ suggestedPlatformId: 'p-yt' }))).toBe(true);
    expect(riskChanged(base, risk({ provisional: true }))).toBe(true);
  });
});

describe('webhook money-owed payloads', () => {
  const payment: Payment = {
    id: '5b0e7d1e-1111-4111-8111-111111111111',
    dealId: '0d5a1c2e-2222-4222-8222-222222222222',
    kind: 'PAYMENT',
    amount: 95_000n,
    currency: 'USD',
    receivedAt: new Date('2030-04-02T09:30:00Z'),
    recordedAt: new Date('2030-04-02T10:00:00Z'),
    reference: 'INV-2030-041',
    note: 'Chased them twice; they paid late again',
    receivableIds: ['d1'],
    reversesPaymentId: null,
    reversedAt: null,
    recordedByUserId: '77777777-7777-4777-8777-777777777777',
  };

  it('sends payment.recorded as a decimal string with its currency, ISO times, never the note', () => {
    const body = paymentRecordedData(paymentEventData(payment));
    expect(body).toEqual({
      payment: {
        id: payment.id,
        dealId: payment.dealId,
        kind: 'PAYMENT',
        // 95 000 minor units of USD (2 decimals)
        amount: '950.00',
        currency: 'USD',
        receivedAt: '2030-04-02T09:30:00.000Z',
        reference: 'INV-2030-041',
        receivableIds: ['d1'],
        reversesPaymentId: null,
      },
    });
    expect(JSON.stringify(body)).not.toContain('Chased');
    // Even a stored event that carried the note (or anything else) does not pass it on.
    const leaky = { ...paymentEventData(payment), note: payment.note, recordedByUserId: 'x' };
    expect(paymentRecordedData(leaky)).toEqual(body);
  });

  it('sends receivable.overdue with what is owed and open, the due date and the days overdue', () => {
    const receivable: Receivable = {
      id: 'deposit:0d5a1c2e-2222-4222-8222-222222222222',
      kind: 'DEPOSIT',
      dealId: '0d5a1c2e-2222-4222-8222-222222222222',
      deliverableId: null,
      creatorId: 'c1',
      brandId: 'b1',
      currency: 'KWD',
      contracted: 1_500_000n,
      contractedDueAt: new Date('2030-03-01T00:00:00Z'),
      lost: 0n,
      owed: 1_500_000n,
      dueAt: new Date('2030-03-01T00:00:00Z'),
      paid: 500_000n,
      writtenOff: 0n,
      open: 1_000_000n,
      status: 'PARTIALLY_PAID',
      daysOverdue: 3,
      writeOffReason: null,
    };
    expect(receivableOverdueData(receivableOverdueEventData(receivable))).toEqual({
      receivable: {
        id: 'deposit:0d5a1c2e-2222-4222-8222-222222222222',
        kind: 'DEPOSIT',
        dealId: '0d5a1c2e-2222-4222-8222-222222222222',
        deliverableId: null,
        currency: 'KWD',
        // KWD has three decimals: 1 500 000 → 1500.000, of which 1000.000 is still open
        owed: '1500.000',
        open: '1000.000',
        dueAt: '2030-03-01T00:00:00.000Z',
        daysOverdue: 3,
      },
    });
    // Who the deal's parties are, what was lost or paid stays out: the body is the list above.
    const stored = receivableOverdueEventData(receivable) as { receivable: object };
    const extra = { receivable: { ...stored.receivable, creatorId: 'c1', note: 'private' } };
    expect(JSON.stringify(receivableOverdueData(extra))).not.toMatch(/creatorId|private/);
  });
});
