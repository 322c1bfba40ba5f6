import type { DeliverableAssessment, DeliverableRisk } from '../impact/engine';
import { riskChanged, riskData } from './payloads';

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
