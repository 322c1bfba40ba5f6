import { EDGES, PLATFORMS, pid } from '../../impact/engine/engine.fixtures';
import type { CurrencyTotals, PlatformInfo } from '../../impact/engine';
import {
  adviceProviderIds,
  exposureAdvice as adviceWithCodes,
  formatDay,
  formatGroupedAmount,
  formatHour,
  formatSpan,
  groupDigits,
  providerName,
  windowPhrase,
  type WhatIfOutcome,
} from './advice';
import { computeExposure } from './exposure';
import type { HourlyExposureRow } from './types';

/** The sentences alone; codes are checked in their own test. */
const exposureAdvice = (input: Parameters<typeof adviceWithCodes>[0]): string[] =>
  adviceWithCodes(input).map((advice) => advice.text);

const at = (iso: string) => new Date(iso);
const platforms = new Map<string, PlatformInfo>([
  ...PLATFORMS,
  [pid('meta'), { slug: 'meta', name: 'Meta infrastructure' }],
  [pid('google'), { slug: 'google', name: 'Google infrastructure' }],
]);
const FROM = at('2030-03-01T00:00:00Z');
const TO = at('2030-03-31T00:00:00Z');
const LATER = at('2029-01-01T00:00:00Z'); // asked long before the window

const row = (slug: string, amount: bigint, currency = 'USD', count = 1): HourlyExposureRow => ({
  platformId: pid(slug),
  currency,
  hourStart: at('2030-03-05T16:00:00Z'),
  amount,
  deliverableCount: count,
});

function totals(currency: string, figures: Partial<CurrencyTotals> = {}): CurrencyTotals {
  return {
    currency,
    delayed: 0n,
    lost: 0n,
    retained: 0n,
    recoverable: 0n,
    atRisk: 0n,
    platformIncomeLost: 0n,
    counts: { LOST: 0, LATE: 0, DELAYED: 0, AT_RISK: 0, RECOVERABLE: 0 },
    fees: { LOST: 0n, LATE: 0n, DELAYED: 0n, AT_RISK: 0n, RECOVERABLE: 0n },
    ...figures,
  };
}

// 4300.00 on Meta (4 deliverables of deals 1–4, none with alternates), 1671.89 on Google:
// 4300 / 5971.89 = 72.004 % → 7200 bps; HHI 10 000 × (4300² + 1671.89²) / 5971.89² = 5968.35 → 5968
const exposure = computeExposure({
  hourly: [
    row('instagram', 300_000n, 'USD', 3),
    row('facebook', 130_000n),
    row('youtube', 167_189n),
  ],
  deals: ['d1', 'd2', 'd3', 'd4'].map((dealId) => ({
    dealId,
    platformId: pid('instagram'),
    currency: 'USD',
    alternatePlatformIds: [],
  })),
  edges: EDGES,
  platforms,
});
const metaWhatIf: WhatIfOutcome = {
  providerId: pid('meta'),
  startsAt: at('2030-03-05T16:00:00Z'),
  endsAt: at('2030-03-05T22:00:00Z'),
  deliverablesHit: 3,
  totals: [totals('USD', { lost: 121_000n, delayed: 240_000n })],
};

describe('formatting helpers', () => {
  it('groups digits by three with a space', () => {
    expect(groupDigits('4300.00')).toBe('4 300.00');
    expect(groupDigits('6800')).toBe('6 800');
    expect(groupDigits('10000')).toBe('10 000');
    expect(groupDigits('999.99')).toBe('999.99');
    expect(groupDigits('1234567.5')).toBe('1 234 567.5');
    expect(formatGroupedAmount(430_000n, 'USD')).toBe('4 300.00 USD');
    expect(formatGroupedAmount(1_500_000n, 'JPY')).toBe('1 500 000 JPY');
  });

  it('names providers without "infrastructure"', () => {
    expect(providerName(platforms, pid('meta'))).toBe('Meta');
    expect(providerName(platforms, pid('youtube'))).toBe('YouTube');
    expect(providerName(new Map([['e', { slug: 'email' }]]), 'e')).toBe('Email');
    expect(providerName(undefined, 'raw-id')).toBe('raw-id');
  });

  it('writes hours, days, spans and windows in UTC', () => {
    expect(formatHour(at('2030-03-05T16:00:00Z'))).toBe('Tue 5 Mar 16:00 UTC');
    expect(formatHour(at('2024-03-05T16:00:00+02:00'))).toBe('Tue 5 Mar 14:00 UTC');
    expect(formatDay(FROM)).toBe('Fri 1 Mar 2030');
    expect(formatDay(at('2030-03-01T16:30:00Z'))).toBe('Fri 1 Mar 2030 16:30 UTC');
    expect(formatSpan(30 * 86_400_000)).toBe('30 days');
    expect(formatSpan(86_400_000)).toBe('day');
    expect(formatSpan(36 * 3_600_000)).toBe('36 hours');
    expect(formatSpan(90 * 60_000)).toBe('90 minutes');
    // starting within the hour of now reads as "next"
    expect(windowPhrase(FROM, TO, at('2030-03-01T00:40:00Z'))).toBe('in the next 30 days');
    expect(windowPhrase(FROM, TO, at('2030-02-28T23:00:00Z'))).toBe('in the next 30 days');
    expect(windowPhrase(FROM, TO, LATER)).toBe('in the 30 days from Fri 1 Mar 2030');
  });
});

describe('exposureAdvice', () => {
  it('tells a creator where their income depends, how concentrated it is and what an outage costs', () => {
    expect(exposure.currencies[0].byProvider[0]).toMatchObject({
      shareBps: 7200,
      amount: 430_000n,
    });
    expect(exposure.currencies[0].concentrationIndex).toBe(5968);
    expect(
      exposureAdvice({
        audience: 'CREATOR',
        from: FROM,
        to: TO,
        now: FROM,
        currencies: exposure.currencies,
        whatIfs: [metaWhatIf],
        platforms,
      }),
    ).toEqual([
      '72.0 % of your sponsored income in the next 30 days (4 300.00 USD) depends on Meta; 4 deals allow no alternate platform outside Meta',
      'Your income is concentrated (HHI 5 968): add deliverables on platforms outside Meta',
      'A 6-hour Meta outage at the busiest hour (Tue 5 Mar 16:00 UTC) would cost 1 210.00 USD lost and 2 400.00 USD delayed',
    ]);
  });

  it("speaks to a brand of its campaigns' delivery risk", () => {
    expect(
      exposureAdvice({
        audience: 'BRAND',
        from: FROM,
        to: TO,
        now: LATER,
        currencies: exposure.currencies,
        whatIfs: [
          { ...metaWhatIf, totals: [totals('USD', { delayed: 240_000n, recoverable: 50_000n })] },
        ],
        platforms,
      }),
    ).toEqual([
      "72.0 % of your campaigns' deliverables by fee in the 30 days from Fri 1 Mar 2030 (4 300.00 USD) depend on Meta; 4 deals allow no alternate platform outside Meta",
      "Your campaigns' delivery is concentrated (HHI 5 968): ask creators for deliverables or alternate platforms outside Meta",
      "A 6-hour Meta outage at the busiest hour (Tue 5 Mar 16:00 UTC) would hit 3 of your campaigns' deliverables: 0.00 USD lost and 2 400.00 USD delayed; 500.00 USD can move to alternate platforms",
    ]);
  });

  it('names the currency when there are several, and grades concentration', () => {
    const spread = computeExposure({
      hourly: [
        row('instagram', 10_000n, 'GBP'),
        row('youtube', 10_000n, 'GBP'),
        row('tiktok', 10_000n, 'GBP'),
        row('instagram', 10_000n, 'USD'),
        row('youtube', 5_000n, 'USD'),
        row('tiktok', 5_000n, 'USD'),
      ],
      deals: [
        { dealId: 'g', platformId: pid('instagram'), currency: 'GBP', alternatePlatformIds: [] },
        {
          dealId: 'u',
          platformId: pid('instagram'),
          currency: 'USD',
          alternatePlatformIds: [pid('youtube')],
        },
      ],
      edges: EDGES,
      platforms,
    });
    // GBP: thirds, HHI 3333 — still ≥ 2500. USD: 50/25/25 → HHI 2500 + 625 + 625 = 3750
    const sentences = exposureAdvice({
      audience: 'CREATOR',
      from: FROM,
      to: TO,
      now: FROM,
      currencies: spread.currencies,
      whatIfs: [],
      platforms,
    });
    expect(sentences).toEqual([
      // ties on amount and count go to the slug: bytedance < google < meta
      '33.3 % of your GBP sponsored income in the next 30 days (100.00 GBP) depends on ByteDance; every deal involved allows an alternate platform outside ByteDance',
      'Your GBP income is concentrated (HHI 3 333): add deliverables on platforms outside ByteDance',
      '50.0 % of your USD sponsored income in the next 30 days (100.00 USD) depends on Meta; every deal involved allows an alternate platform outside Meta',
      'Your USD income is concentrated (HHI 3 750): add deliverables on platforms outside Meta',
    ]);

    const moderate = computeExposure({
      hourly: ['instagram', 'youtube', 'tiktok', 'x', 'snapchat'].map((slug) => row(slug, 10_000n)),
      deals: [],
      edges: EDGES,
      platforms,
    });
    const five = exposureAdvice({
      audience: 'ADMIN',
      from: FROM,
      to: TO,
      now: FROM,
      currencies: moderate.currencies,
      whatIfs: [],
      platforms,
    });
    // five equal providers: HHI 5 × 20² = 2000
    expect(five[1]).toBe(
      'Scheduled sponsored income is moderately concentrated (HHI 2 000): to spread the risk, add deliverables on platforms outside ByteDance',
    );
    expect(five[0]).toMatch(/^20\.0 % of the sponsored income scheduled in the next 30 days/);
  });

  it('calls income well spread below HHI 1 500', () => {
    const wide = computeExposure({
      hourly: Array.from({ length: 10 }, (_, i) => ({ ...row('x', 10_000n), platformId: `p${i}` })),
      deals: [],
      edges: [],
    });
    expect(
      exposureAdvice({
        audience: 'CREATOR',
        from: FROM,
        to: TO,
        now: FROM,
        currencies: wide.currencies,
        whatIfs: [],
      })[1],
    ).toBe('Your income is well spread across providers (HHI 1 000)');
  });

  it('says what a harmless outage would do, in every currency', () => {
    const [sentence] = exposureAdvice({
      audience: 'CREATOR',
      from: FROM,
      to: TO,
      now: FROM,
      currencies: [],
      whatIfs: [],
    });
    expect(sentence).toBe('No sponsored deliverables are scheduled in the next 30 days');
    const advice = exposureAdvice({
      audience: 'CREATOR',
      from: FROM,
      to: TO,
      now: FROM,
      currencies: exposure.currencies,
      whatIfs: [
        { ...metaWhatIf, deliverablesHit: 1, totals: [totals('USD', { recoverable: 50_000n })] },
        {
          ...metaWhatIf,
          totals: [
            totals('GBP', { lost: 60_000n }),
            totals('USD', { lost: 1_000n, delayed: 39_000n }),
          ],
        },
      ],
      platforms,
    });
    expect(advice.slice(2)).toEqual([
      'A 6-hour Meta outage at the busiest hour (Tue 5 Mar 16:00 UTC) would hit 1 deliverable but cost nothing; 500.00 USD can move to alternate platforms',
      'A 6-hour Meta outage at the busiest hour (Tue 5 Mar 16:00 UTC) would cost 600.00 GBP lost and 0.00 GBP delayed, plus 10.00 USD lost and 390.00 USD delayed',
    ]);
    expect(
      exposureAdvice({
        audience: 'BRAND',
        from: FROM,
        to: TO,
        now: FROM,
        currencies: [],
        whatIfs: [],
      }),
    ).toEqual(["None of your campaigns' deliverables are scheduled in the next 30 days"]);
  });
});

describe('advice codes', () => {
  it('gives each sentence the code of the rule that wrote it', () => {
    const input = {
      audience: 'CREATOR' as const,
      from: FROM,
      to: TO,
      now: FROM,
      currencies: exposure.currencies,
      whatIfs: [metaWhatIf],
      platforms,
    };
    // HHI 5 968 ≥ 2 500: concentrated
    expect(adviceWithCodes(input).map((advice) => advice.code)).toEqual([
      'PROVIDER_SHARE',
      'CONCENTRATED',
      'WHAT_IF',
    ]);
    expect(adviceWithCodes({ ...input, currencies: [], whatIfs: [] })).toEqual([
      {
        code: 'NOTHING_SCHEDULED',
        text: 'No sponsored deliverables are scheduled in the next 30 days',
      },
    ]);
  });
});

describe('adviceProviderIds', () => {
  it("lists each currency's largest provider once", () => {
    const both = computeExposure({
      hourly: [row('instagram', 2n, 'GBP'), row('youtube', 1n, 'GBP'), row('facebook', 5n, 'USD')],
      deals: [],
      edges: EDGES,
      platforms,
    });
    expect(adviceProviderIds(both.currencies)).toEqual([pid('meta')]);
    expect(adviceProviderIds([])).toEqual([]);
  });
});
