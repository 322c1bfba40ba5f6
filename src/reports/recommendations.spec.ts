import {
  MAX_RECOMMENDATIONS,
  list,
  recommendations as recommend,
  type RecommendationInput,
} from './recommendations';

/** The sentences alone (codes are checked in their own test). */
const recommendations = (input: RecommendationInput): string[] =>
  recommend(input).map((r) => r.text);
import type { ReportDealBreakdown, ReportDeliverable } from './report.model';
import { workedExampleReport } from './report.fixtures';

const base = workedExampleReport();
const rowOf = (id: string) => base.deliverables.find((row) => row.deliverableId === id)!;
const dealOf = (id: string) => base.byDeal.find((deal) => deal.dealId === id)!;

/** The worked example with some rows and deals replaced. */
function withRows(
  rows: ReportDeliverable[],
  deals: ReportDealBreakdown[] = base.byDeal.slice(),
  extra: Partial<RecommendationInput> = {},
): RecommendationInput {
  return { ...base, deliverables: rows, byDeal: deals, ...extra };
}

describe('recommendations from the worked example', () => {
  it('says what to do, with the figures', () => {
    expect(base.recommendations.map((r) => r.text)).toEqual([
      // Y live: Instagram down, YouTube up → same slot there; 500.00 GBP kept
      'Post Y live (Deal Y) on YouTube at its planned slot, 2024-03-05 14:30 UTC, to keep 500.00 GBP.',
      // Z live: FIXED, no alternates → LOST 600.00 (800.00 − 25 % kill fee)
      '1 FIXED deliverable on Facebook had no alternate platform (600.00 GBP lost): add alternates to this deal (Deal Z).',
      // X story: LATE, 2.5 % of 400.00 = 10.00 lost, 390.00 later
      '1 FLEXIBLE deliverable on Facebook missed its deadline with no alternate platform (10.00 USD lost, 390.00 USD paid later): add alternates to this deal (Deal X).',
      // story (400) + reel (1200) = 1600.00 USD, Z live 800.00 GBP: all down only through Meta
      '3 deliverables depended on Meta alone (through Facebook and Instagram; 800.00 GBP and 1600.00 USD in fees hit, 600.00 GBP and 10.00 USD lost): give Deal X and Deal Z an alternate platform that does not run on Meta.',
      // With force majeure the 16:30 deadline stretches by 2 h 20 min to 18:50 ≥ 17:20 → on time
      'Deal X has no force-majeure clause: 10.00 USD was lost that force majeure would have reduced to 0.00 USD.',
      // 1200.00 + 390.00 = 1590.00; the reel's payment moves from 16:00 to 17:20 + 30 days
      'Reschedule 2 deliverables to their suggested slots (X story and X reel): 1590.00 USD will be paid later; the latest payment is now due 2024-04-04 17:20 UTC.',
    ]);
  });

  it('carries the what-if figure on the row it came from', () => {
    expect(rowOf('x-story').lostWithForceMajeure).toBe(0n);
    expect(rowOf('x-reel').lostWithForceMajeure).toBe(0n); // nothing lost anyway
    expect(rowOf('z-live').lostWithForceMajeure).toBeNull(); // Deal Z has force majeure
  });
});

describe('recommendation codes', () => {
  it('gives each sentence the code of its rule, in the same order', () => {
    expect(base.recommendations.map((r) => r.code)).toEqual([
      'POST_ON_ALTERNATE',
      'ADD_ALTERNATES_FIXED',
      'ADD_ALTERNATES_FLEXIBLE',
      'ADD_INDEPENDENT_ALTERNATE',
      'ADD_FORCE_MAJEURE',
      'RESCHEDULE',
    ]);
    expect(recommend(withRows([], [], { platformIncome: [] }))).toEqual([
      {
        code: 'NOTHING_TO_DO',
        text: 'No deliverable in this report was hit by an outage: nothing to do.',
      },
    ]);
  });

  it(`keeps at most ${MAX_RECOMMENDATIONS}, most actionable first`, () => {
    const z = rowOf('z-live');
    // 30 FIXED deliverables on 30 platforms without alternates: one sentence per platform.
    const rows = Array.from({ length: 30 }, (_, i) => ({
      ...z,
      deliverableId: `z-${i}`,
      platform: { ...z.platform, id: `p-${i}`, name: `Platform ${String(i).padStart(2, '0')}` },
    }));
    const out = recommend(withRows(rows));
    expect(out).toHaveLength(MAX_RECOMMENDATIONS);
    expect(out.every((r) => r.code === 'ADD_ALTERNATES_FIXED')).toBe(true);
  });
});

describe('recommendation rules', () => {
  it('flags a penalty cap that was reached, with the kill limit', () => {
    const story = rowOf('x-story');
    // 7 days × 250 bps = 1750 bps, capped at 1500 bps = 15 % of 400.00 = 60.00
    const capped = { ...story, daysLate: 7, penaltyBps: 1_500, lost: 6_000n, delayed: 34_000n };
    const sentences = recommendations(withRows([capped]));
    expect(sentences).toContain(
      'Penalty cap reached on X story (Deal X): 15 % of 400.00 USD = 60.00 USD lost; posting later adds no further penalty up to the 5-day kill limit.',
    );
    const two = recommendations(
      withRows([capped, { ...capped, deliverableId: 'other', title: 'X post' }]),
    );
    expect(two).toContain(
      'Penalty cap (15 %) reached on 2 deliverables of Deal X (X story and X post): 120.00 USD lost; posting later adds no further penalty up to the 5-day kill limit.',
    );
    // 250 bps is below the cap: no sentence
    expect(recommendations(withRows([story])).join(' ')).not.toContain('Penalty cap');
  });

  it('groups FIXED deliverables without alternates by platform and lists at most four deals', () => {
    const z = rowOf('z-live');
    const rows = ['A', 'B', 'C', 'D', 'E', 'F'].map((letter) => ({
      ...z,
      deliverableId: `z-${letter}`,
      dealId: `deal-${letter}`,
      dealTitle: `Deal ${letter}`,
    }));
    const deals = rows.map((row) => ({
      ...dealOf('deal-z'),
      dealId: row.dealId,
      dealTitle: row.dealTitle,
    }));
    const [first] = recommendations(withRows(rows, deals)).filter((s) => s.includes('FIXED'));
    // 6 × 600.00 = 3600.00
    expect(first).toBe(
      '6 FIXED deliverables on Facebook had no alternate platform (3600.00 GBP lost): add alternates to these deals (Deal A, Deal B, Deal C, Deal D and 2 more).',
    );
  });

  it('says when force majeure would not have helped without a kill fee', () => {
    const z = { ...rowOf('z-live'), retained: 0n, lost: 80_000n, lostWithForceMajeure: 80_000n };
    const deal = {
      ...dealOf('deal-z'),
      terms: { ...dealOf('deal-z').terms, forceMajeure: false, killFeeBps: 0 },
    };
    expect(recommendations(withRows([z], [deal]))).toContain(
      'Deal Z has no force-majeure clause: 800.00 GBP was lost outright; force majeure with a kill fee would keep part of it.',
    );
    const withClause = { ...deal, terms: { ...deal.terms, forceMajeure: true } };
    expect(
      recommendations(withRows([{ ...z, lostWithForceMajeure: null }], [withClause])),
    ).toContain(
      'Deal Z has force majeure but no kill fee: 800.00 GBP was lost; a kill fee would let the creator keep a share of a cancelled deliverable.',
    );
  });

  it('asks to confirm deliverables at risk on degraded platforms', () => {
    const reel = rowOf('x-reel');
    const risky = {
      ...reel,
      outcome: 'AT_RISK' as const,
      delayed: 0n,
      atRisk: reel.fee,
      suggestedSlot: null,
    };
    expect(recommendations(withRows([risky]))).toContain(
      '1 deliverable on degraded platforms put 1200.00 USD at risk: confirm it went out as planned (X reel (Deal X)).',
    );
  });

  it('warns that provisional figures will move', () => {
    const outages = [{ ...base.outages[0], provisional: true, ongoing: true, endsAt: null }];
    expect(recommendations(withRows([], [], { provisional: true, outages }))).toEqual([
      'Figures are provisional: 1 outage (Meta down) had not ended by 2024-03-06 00:00 UTC; generate this report again once it ends.',
    ]);
  });

  it('says there is nothing to do when nothing was hit', () => {
    expect(recommendations(withRows([], [], { platformIncome: [] }))).toEqual([
      'No deliverable in this report was hit by an outage: nothing to do.',
    ]);
  });

  it('lists names readably', () => {
    expect(list([])).toBe('');
    expect(list(['A'])).toBe('A');
    expect(list(['A', 'B', 'A'])).toBe('A and B');
    expect(list(['A', 'B', 'C'])).toBe('A, B and C');
    expect(list(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C, D and 1 more');
    expect(list(['A', 'B', 'C', 'D', 'E'], Infinity)).toBe('A, B, C, D and E');
  });
});
