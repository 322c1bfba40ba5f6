import {
  computeOutageImpact,
  effectiveWindow,
  totalsByCurrency,
  type DeliverableAssessment,
  type Outage,
  type PlatformIncomeLoss,
} from '../impact/engine';
import { AS_OF, EDGES, PLATFORMS, outage, pid, utc } from '../impact/engine/engine.fixtures';
import { mergeAssessments, mergePlatformIncome } from './period-merge';
import { workedExample } from './report.fixtures';

function assessment(overrides: Partial<DeliverableAssessment>): DeliverableAssessment {
  return {
    deliverableId: 'd1',
    dealId: 'deal-x',
    creatorId: 'maya',
    brandId: 'acme',
    platformId: pid('instagram'),
    platformSlug: 'instagram',
    outageId: 'o1',
    currency: 'USD',
    fee: 40_000n,
    outcome: 'DELAYED',
    explanationCode: 'MOVED_WITHIN_DEADLINE',
    delayed: 40_000n,
    lost: 0n,
    retained: 0n,
    recoverable: 0n,
    atRisk: 0n,
    daysLate: 0,
    penaltyBps: 0,
    delayMinutes: 60,
    suggestedSlot: utc('2024-03-05T17:00:00Z'),
    suggestedPlatformId: pid('instagram'),
    originalPaymentDue: utc('2024-04-04T16:00:00Z'),
    newPaymentDue: utc('2024-04-04T17:00:00Z'),
    effectiveDeadline: utc('2024-03-05T18:00:00Z'),
    downtime: null,
    provisional: false,
    explanation: '',
    ...overrides,
  };
}

describe('mergeAssessments: a deliverable hit by several outages counts once, at its worst', () => {
  it('keeps the worst outcome whichever outage comes first', () => {
    const late = assessment({
      outageId: 'o2',
      outcome: 'LATE',
      lost: 1_000n, // 2.5 % of 400.00
      delayed: 39_000n,
    });
    const delayed = assessment({ outageId: 'o1' });
    for (const order of [
      [[delayed], [late]],
      [[late], [delayed]],
    ]) {
      const [merged] = mergeAssessments(order.map((items) => ({ items })));
      expect(merged.assessment).toBe(late);
      expect(merged.outageIds[0]).toBe('o2'); // the outage behind the figures first
      expect([...merged.outageIds].sort()).toEqual(['o1', 'o2']);
    }
  });

  it('breaks a tie on outcome by the loss, then by the later suggested slot, then by order', () => {
    const small = assessment({ outageId: 'o1', outcome: 'LATE', lost: 1_000n });
    const big = assessment({ outageId: 'o2', outcome: 'LATE', lost: 2_000n });
    expect(mergeAssessments([{ items: [small] }, { items: [big] }])[0].assessment).toBe(big);

    const early = assessment({ outageId: 'o1', suggestedSlot: utc('2024-03-05T17:00:00Z') });
    const later = assessment({ outageId: 'o2', suggestedSlot: utc('2024-03-05T19:00:00Z') });
    expect(mergeAssessments([{ items: [early] }, { items: [later] }])[0].assessment).toBe(later);

    const first = assessment({ outageId: 'o1' });
    const same = assessment({ outageId: 'o2' });
    expect(mergeAssessments([{ items: [first] }, { items: [same] }])[0].assessment).toBe(first);
  });

  it('gives totals that count each fee once (no double counting across outages)', () => {
    const a1 = assessment({ deliverableId: 'a', outageId: 'o1' }); // DELAYED 400.00
    const a2 = assessment({
      deliverableId: 'a',
      outageId: 'o2',
      outcome: 'AT_RISK',
      delayed: 0n,
      atRisk: 40_000n,
    });
    const b = assessment({ deliverableId: 'b', outageId: 'o2', fee: 10_000n, delayed: 10_000n });
    const merged = mergeAssessments([{ items: [a1] }, { items: [a2, b] }]);
    expect(merged.map((m) => m.assessment.deliverableId)).toEqual(['a', 'b']); // first-seen order
    const [usd] = totalsByCurrency(merged.map((m) => m.assessment));
    expect(usd.delayed).toBe(50_000n); // 400.00 + 100.00, not + the 400.00 at risk
    expect(usd.atRisk).toBe(0n);
    expect(usd.counts).toEqual({ LOST: 0, LATE: 0, DELAYED: 2, AT_RISK: 0, RECOVERABLE: 0 });
  });

  it('with the real engine: Meta FULL and an overlapping Instagram PARTIAL → the reel stays DELAYED', () => {
    const example = workedExample();
    const partial = outage({
      id: 'outage-instagram-partial',
      slugs: ['instagram'],
      startsAt: utc('2024-03-05T15:00:00Z'),
      endsAt: utc('2024-03-05T16:30:00Z'),
      severity: 'PARTIAL',
      degradationBps: 5_000,
    });
    const all: Outage[] = [example.meta, partial];
    const impacts = all.map((o) =>
      computeOutageImpact({
        outage: o,
        allOutages: all,
        edges: EDGES,
        platforms: PLATFORMS,
        deliverables: example.deliverables,
        accounts: [],
        asOf: AS_OF,
      }),
    );
    // Under the PARTIAL outage alone the reel is only AT_RISK; under Meta's it is DELAYED.
    expect(impacts[1].items.find((i) => i.deliverableId === 'x-reel')?.outcome).toBe('AT_RISK');
    const reel = mergeAssessments(impacts).find((m) => m.assessment.deliverableId === 'x-reel')!;
    expect(reel.assessment.outcome).toBe('DELAYED');
    expect(reel.outageIds).toEqual(['outage-meta', 'outage-instagram-partial']);
    expect(mergeAssessments(impacts)).toHaveLength(4); // reel, story, Y live, Z live: once each
  });
});

describe('mergePlatformIncome: overlapping outages count each minute once', () => {
  const daily = new Map([['acct', 12_000n]]); // 120.00 USD a day
  const segment = (
    outageId: string,
    start: string,
    end: string,
    factorBps: number,
  ): { entry: PlatformIncomeLoss; window: { start: Date; end: Date } } => ({
    entry: {
      accountId: 'acct',
      creatorId: 'maya',
      platformId: pid('instagram'),
      outageId,
      currency: 'USD',
      downtimeMinutes: 0,
      factorBps,
      loss: 0n,
      provisional: outageId === 'open',
      explanation: `engine entry for ${outageId}`,
      explanationCode: factorBps === 10_000 ? 'FULL_DOWNTIME' : 'PARTIAL_DOWNTIME',
    },
    window: { start: utc(`2024-03-05T${start}:00Z`), end: utc(`2024-03-05T${end}:00Z`) },
  });

  it('passes a single outage through unchanged', () => {
    const one = segment('o1', '15:00', '17:20', 10_000);
    const [merged, ...others] = mergePlatformIncome([one], new Map());
    expect(others).toEqual([]);
    // The explanation is a getter on the prototype (written when read), so it is read explicitly.
    expect({ ...merged, explanation: merged.explanation }).toEqual({
      ...one.entry,
      outageIds: ['o1'],
    });
  });

  it('counts a PARTIAL window inside a FULL one at the FULL rate only', () => {
    const [merged] = mergePlatformIncome(
      [segment('meta', '15:00', '17:20', 10_000), segment('ig', '15:00', '16:30', 5_000)],
      daily,
      PLATFORMS,
    );
    // 120.00 × 140 / 1440 = 11.666… → 11.67 (adding the partial would give 11.67 + 3.75 = 15.42)
    expect(merged.loss).toBe(1_167n);
    expect(merged.downtimeMinutes).toBe(140);
    expect(merged.factorBps).toBe(10_000);
    expect(merged.outageIds).toEqual(['meta', 'ig']);
    expect(merged.explanation).toContain('11.67 USD');
    expect(merged.explanationCode).toBe('MERGED_DOWNTIME');
  });

  it('is provisional when any merged outage is (not over by asOf)', () => {
    const final = mergePlatformIncome(
      [segment('a', '10:00', '11:00', 10_000), segment('b', '12:00', '13:00', 10_000)],
      daily,
    );
    expect(final[0].provisional).toBe(false);
    const moving = mergePlatformIncome(
      [segment('a', '10:00', '11:00', 10_000), segment('open', '12:00', '13:00', 10_000)],
      daily,
    );
    expect(moving[0].provisional).toBe(true);
    expect(moving[0].loss).toBe(1_000n); // 120.00 × 120 / 1440 = 10.00, as for the final pair
  });

  it('adds disjoint windows and weights mixed degradations per instant', () => {
    const [disjoint] = mergePlatformIncome(
      [segment('a', '10:00', '11:00', 10_000), segment('b', '12:00', '13:00', 10_000)],
      daily,
    );
    expect(disjoint.loss).toBe(1_000n); // 120.00 × 120 / 1440 = 10.00
    expect(disjoint.downtimeMinutes).toBe(120);

    const [mixed] = mergePlatformIncome(
      [segment('a', '15:00', '16:00', 4_000), segment('b', '15:30', '16:30', 6_000)],
      daily,
    );
    // 15:00–15:30 at 40 %, 15:30–16:30 at 60 %: 30 × 0.4 + 60 × 0.6 = 48 min → 120.00 × 48 / 1440 = 4.00
    expect(mixed.loss).toBe(400n);
    expect(mixed.downtimeMinutes).toBe(90);
    expect(mixed.factorBps).toBe(6_000);
    expect(mixed.explanation).toContain('weighted by each degradation');
  });

  it('matches the engine for the worked example account', () => {
    const example = workedExample();
    const impact = computeOutageImpact({
      outage: example.meta,
      allOutages: [example.meta],
      edges: EDGES,
      platforms: PLATFORMS,
      deliverables: [],
      accounts: example.accounts,
      asOf: AS_OF,
    });
    const window = effectiveWindow(example.meta, AS_OF);
    // The same outage twice (say, recorded twice) still loses 11.67, not 23.34.
    const [merged] = mergePlatformIncome(
      [
        { entry: impact.platformIncome[0], window },
        { entry: { ...impact.platformIncome[0], outageId: 'copy' }, window },
      ],
      new Map([[example.accounts[0].id, example.accounts[0].dailyEarnings]]),
    );
    expect(merged.loss).toBe(impact.platformIncome[0].loss);
    expect(merged.loss).toBe(1_167n);
  });

  it('refuses to guess without the daily earnings of an account hit twice', () => {
    expect(() =>
      mergePlatformIncome(
        [segment('a', '10:00', '11:00', 10_000), segment('b', '12:00', '13:00', 10_000)],
        new Map(),
      ),
    ).toThrow(/daily earnings/);
  });
});
