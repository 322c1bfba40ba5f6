import { assessDeliverable } from './deliverable-impact';
import { EngineInputError } from './errors';
import { AS_OF, EDGES, PLATFORMS, deliverable, outage, pid, utc } from './engine.fixtures';
import type { Deliverable, DeliverableAssessment, Outage } from './types';

const meta = outage({ id: 'meta-down' }); // FULL, 2024-03-05 15:00–17:20 UTC

function assess(d: Deliverable, o: Outage = meta, allOutages: Outage[] = [o], asOf = AS_OF) {
  return assessDeliverable({
    deliverable: d,
    outage: o,
    allOutages,
    edges: EDGES,
    asOf,
    platforms: PLATFORMS,
  });
}

function hit(
  d: Deliverable,
  o: Outage = meta,
  allOutages: Outage[] = [o],
  asOf = AS_OF,
): DeliverableAssessment {
  const result = assess(d, o, allOutages, asOf);
  if (!result) throw new Error('expected a hit');
  return result;
}

describe('which deliverables are hit (half-open windows)', () => {
  it.each([
    ['instant post exactly at startsAt', '2024-03-05T15:00:00Z', 0, true],
    ['instant post exactly at endsAt', '2024-03-05T17:20:00Z', 0, false],
    ['instant post 1 ms before endsAt', '2024-03-05T17:19:59.999Z', 0, true],
    ['instant post 1 ms before startsAt', '2024-03-05T14:59:59.999Z', 0, false],
    ['slot starting exactly at startsAt', '2024-03-05T15:00:00Z', 30, true],
    ['slot starting exactly at endsAt', '2024-03-05T17:20:00Z', 30, false],
    ['slot ending exactly at startsAt (14:30 + 30 min)', '2024-03-05T14:30:00Z', 30, false],
    ['slot ending 1 min into the outage (14:31 + 30 min)', '2024-03-05T14:31:00Z', 30, true],
    ['slot spanning the whole outage', '2024-03-05T14:00:00Z', 240, true],
  ])('%s → hit: %s', (_label, at, duration, expected) => {
    const d = deliverable({
      scheduledAt: utc(at),
      durationMinutes: duration,
      dueAt: utc('2024-03-06T00:00:00Z'),
    });
    expect(assess(d) !== null).toBe(expected);
  });

  it.each([
    ['a DRAFT deal', { deal: { status: 'DRAFT' } }],
    ['a COMPLETED deal', { deal: { status: 'COMPLETED' } }],
    ['a CANCELLED deal', { deal: { status: 'CANCELLED' } }],
    ['a POSTED deliverable', { status: 'POSTED' }],
    ['a CANCELLED deliverable', { status: 'CANCELLED' }],
    ['a platform outside the graph of the outage', { slug: 'tiktok' }],
  ] as const)('never hits %s', (_label, overrides) => {
    expect(assess(deliverable(overrides as Parameters<typeof deliverable>[0]))).toBeNull();
  });

  it('hits the provider platform itself', () => {
    expect(assess(deliverable({ slug: 'meta' }))?.outcome).toBe('DELAYED');
  });
});

describe('FLEXIBLE under a FULL outage', () => {
  it('deadline exactly met → DELAYED, not late', () => {
    // new slot 17:20 = due 17:20
    const r = hit(deliverable({ dueAt: utc('2024-03-05T17:20:00Z'), fee: 40_000n }));
    expect(r.outcome).toBe('DELAYED');
    expect(r.daysLate).toBe(0);
    expect(r.delayed).toBe(40_000n);
    expect(r.lost).toBe(0n);
  });

  it('1 ms past the deadline is a whole day late', () => {
    const r = hit(deliverable({ dueAt: utc('2024-03-05T17:19:59.999Z'), fee: 40_000n }));
    expect(r.outcome).toBe('LATE');
    expect(r.daysLate).toBe(1); // ⌈1 ms / 24 h⌉
    expect(r.lost).toBe(1_000n); // 2.5 % of 400.00
  });

  it('the penalty stops at the cap', () => {
    // A week-long outage: 2024-03-01 00:00 → 03-08 12:00. Post 03-01 06:00, due 03-01 12:00.
    const long = outage({
      startsAt: utc('2024-03-01T00:00:00Z'),
      endsAt: utc('2024-03-08T12:00:00Z'),
    });
    const r = hit(
      deliverable({
        scheduledAt: utc('2024-03-01T06:00:00Z'),
        dueAt: utc('2024-03-01T12:00:00Z'),
        fee: 40_000n,
        deal: { latePenaltyBpsPerDay: 250, latePenaltyCapBps: 1500, killAfterDaysLate: 10 },
      }),
      long,
    );
    expect(r.outcome).toBe('LATE');
    expect(r.daysLate).toBe(7); // 03-08 12:00 − 03-01 12:00 = exactly 7 days
    expect(r.penaltyBps).toBe(1500); // 250 × 7 = 1750 > cap 1500
    expect(r.lost).toBe(6_000n); // 15 % of 400.00 = 60.00
    expect(r.delayed).toBe(34_000n); // 400.00 − 60.00
    expect(r.explanation).toContain(
      '→ 7 days late × 250 bps = 1750 bps, capped at 1500 bps = 15 % of 400.00 USD = 60.00 USD penalty; 340.00 USD delayed',
    );
    expect(r.explanationCode).toBe('LATE_PENALTY_CAPPED'); // same rule as "capped at"
  });

  it('the penalty exactly at the cap is not "capped"', () => {
    const long = outage({
      startsAt: utc('2024-03-01T00:00:00Z'),
      endsAt: utc('2024-03-07T12:00:00Z'),
    });
    const r = hit(
      deliverable({
        scheduledAt: utc('2024-03-01T06:00:00Z'),
        dueAt: utc('2024-03-01T12:00:00Z'),
        fee: 40_000n,
        deal: { killAfterDaysLate: 10 },
      }),
      long,
    );
    expect(r.daysLate).toBe(6);
    expect(r.penaltyBps).toBe(1500); // 250 × 6 = 1500 = cap
    expect(r.explanation).not.toContain('capped');
    expect(r.explanationCode).toBe('LATE_PENALTY');
  });

  describe('kill threshold (kill after 5 days)', () => {
    // Outage 2024-03-01 00:00 → 03-06 12:00; post 03-01 06:00.
    const long = outage({
      startsAt: utc('2024-03-01T00:00:00Z'),
      endsAt: utc('2024-03-06T12:00:00Z'),
    });
    const post = (dueAt: string, forceMajeure = false) =>
      deliverable({
        scheduledAt: utc('2024-03-01T06:00:00Z'),
        dueAt: utc(dueAt),
        fee: 40_000n,
        deal: { killAfterDaysLate: 5, forceMajeure, killFeeBps: 2500 },
      });

    it('daysLate == killAfterDaysLate → still LATE', () => {
      const r = hit(post('2024-03-01T12:00:00Z'), long);
      expect(r.outcome).toBe('LATE');
      expect(r.daysLate).toBe(5); // 03-06 12:00 − 03-01 12:00 = exactly 5 days
      expect(r.penaltyBps).toBe(1250); // 250 × 5
      expect(r.lost).toBe(5_000n); // 12.5 % of 400.00 = 50.00
      expect(r.delayed).toBe(35_000n);
    });

    it('one day more → LOST, the whole fee without force majeure', () => {
      const r = hit(post('2024-03-01T11:59:00Z'), long);
      expect(r.outcome).toBe('LOST');
      expect(r.daysLate).toBe(6); // 5 days 1 min → 6
      expect(r.lost).toBe(40_000n);
      expect(r.retained).toBe(0n);
      expect(r.delayed).toBe(0n);
      expect(r.suggestedSlot).toBeNull();
      expect(r.explanation).toContain(
        '→ 6 days late, more than the 5 days the deal allows, so the post is killed → no force majeure → 400.00 USD lost.',
      );
      expect(r.explanationCode).toBe('KILLED_FOR_LATENESS');
    });

    it('killed under force majeure keeps the kill fee', () => {
      // Slot 14:00–15:30 due 14:30 with force majeure: deadline 14:30 + 2 h 20 min = 16:50,
      // new slot 17:20 → 30 min late → 1 day > kill after 0 days → LOST.
      const r = hit(
        deliverable({
          scheduledAt: utc('2024-03-05T14:00:00Z'),
          durationMinutes: 90,
          dueAt: utc('2024-03-05T14:30:00Z'),
          fee: 40_000n,
          deal: { forceMajeure: true, killAfterDaysLate: 0, killFeeBps: 2500 },
        }),
      );
      expect(r.effectiveDeadline).toEqual(utc('2024-03-05T16:50:00Z'));
      expect(r.outcome).toBe('LOST');
      expect(r.daysLate).toBe(1);
      expect(r.retained).toBe(10_000n); // 25 % of 400.00
      expect(r.lost).toBe(30_000n); // 400.00 − 100.00
    });
  });

  it('force majeure extends the deadline by the downtime', () => {
    // due 16:00 + 2 h 20 min = 18:20 ≥ new slot 17:20 → DELAYED instead of LATE
    const r = hit(
      deliverable({
        scheduledAt: utc('2024-03-05T15:30:00Z'),
        dueAt: utc('2024-03-05T16:00:00Z'),
        deal: { forceMajeure: true },
      }),
    );
    expect(r.effectiveDeadline).toEqual(utc('2024-03-05T18:20:00Z'));
    expect(r.outcome).toBe('DELAYED');
    expect(r.explanation).toContain(
      'is on or before the 18:20 deadline (due 16:00 + 2 h 20 min downtime under force majeure)',
    );
  });
});

describe('FIXED under a FULL outage', () => {
  it('without force majeure the whole fee is lost', () => {
    const r = hit(
      deliverable({
        timing: 'FIXED',
        fee: 80_000n,
        deal: { forceMajeure: false, killFeeBps: 2500 },
      }),
    );
    expect(r.outcome).toBe('LOST');
    expect(r.lost).toBe(80_000n);
    expect(r.retained).toBe(0n);
    expect(r.daysLate).toBeNull();
    expect(r.effectiveDeadline).toBeNull();
  });
});

describe('currencies with 0 and 3 decimals', () => {
  it('JPY: 2.5 % of ¥33 333 = 833.325 → ¥833 penalty', () => {
    const r = hit(
      deliverable({
        slug: 'facebook',
        scheduledAt: utc('2024-03-05T15:30:00Z'),
        dueAt: utc('2024-03-05T16:30:00Z'),
        fee: 33_333n,
        currency: 'JPY',
      }),
    );
    expect(r.outcome).toBe('LATE');
    expect(r.lost).toBe(833n); // 33 333 × 250 / 10 000 = 833.325 → 833
    expect(r.delayed).toBe(32_500n); // 33 333 − 833
    expect(r.explanation).toContain(
      '= 2.5 % of 33333 JPY = 833.325 → 833 JPY penalty; 32500 JPY delayed',
    );
  });

  it('JPY kill fee: 25 % of ¥1 002 = 250.5 → ¥251 (half away from zero)', () => {
    const r = hit(
      deliverable({
        timing: 'FIXED',
        fee: 1_002n,
        currency: 'JPY',
        deal: { forceMajeure: true, killFeeBps: 2500 },
      }),
    );
    expect(r.retained).toBe(251n);
    expect(r.lost).toBe(751n); // 1 002 − 251
  });

  it('KWD: 2.5 % of 1.234 KWD = 0.03085 → 0.031 KWD penalty', () => {
    const r = hit(
      deliverable({
        slug: 'facebook',
        scheduledAt: utc('2024-03-05T15:30:00Z'),
        dueAt: utc('2024-03-05T16:30:00Z'),
        fee: 1_234n,
        currency: 'KWD',
      }),
    );
    expect(r.lost).toBe(31n); // 1 234 fils × 250 / 10 000 = 30.85 → 31 fils
    expect(r.delayed).toBe(1_203n); // 1.203 KWD
    expect(r.explanation).toContain(
      '= 2.5 % of 1.234 KWD = 0.03085 → 0.031 KWD penalty; 1.203 KWD delayed',
    );
  });

  it('KWD kill fee: 25 % of 1.234 = 0.3085 → 0.309 retained, 0.925 lost', () => {
    const r = hit(
      deliverable({
        timing: 'FIXED',
        fee: 1_234n,
        currency: 'KWD',
        deal: { forceMajeure: true, killFeeBps: 2500 },
      }),
    );
    expect(r.retained).toBe(309n); // 308.5 fils → 309
    expect(r.lost).toBe(925n); // 1 234 − 309
  });
});

describe('back-to-back outages merge into one downtime window', () => {
  // Meta 15:00–17:20, then Instagram alone 17:20–18:00 (touching: no free instant between).
  const instagramOnly = outage({
    id: 'instagram-down',
    slugs: ['instagram'],
    startsAt: utc('2024-03-05T17:20:00Z'),
    endsAt: utc('2024-03-05T18:00:00Z'),
  });
  const all = [meta, instagramOnly];

  it('an Instagram post hit by the Meta outage waits for the end of both', () => {
    const r = hit(
      deliverable({ scheduledAt: utc('2024-03-05T16:00:00Z'), dueAt: utc('2024-03-05T18:30:00Z') }),
      meta,
      all,
    );
    expect(r.downtime).toEqual({
      start: utc('2024-03-05T15:00:00Z'),
      end: utc('2024-03-05T18:00:00Z'),
    });
    expect(r.suggestedSlot).toEqual(utc('2024-03-05T18:00:00Z')); // not 17:20: Instagram is still down then
    expect(r.delayMinutes).toBe(120);
    expect(r.explanation).toMatch(/^Instagram was down 15:00–18:00 UTC/);
  });

  it('the same post assessed against the Instagram outage gets the same answer', () => {
    const d = deliverable({
      scheduledAt: utc('2024-03-05T17:30:00Z'),
      dueAt: utc('2024-03-05T18:30:00Z'),
      deal: { forceMajeure: true },
    });
    const r = hit(d, instagramOnly, all);
    expect(r.downtime).toEqual({
      start: utc('2024-03-05T15:00:00Z'),
      end: utc('2024-03-05T18:00:00Z'),
    });
    // force majeure adds the whole 3 h window: 18:30 + 3 h = 21:30
    expect(r.effectiveDeadline).toEqual(utc('2024-03-05T21:30:00Z'));
  });

  it('Facebook is not under the Instagram outage, so it is free at 17:20', () => {
    const r = hit(deliverable({ slug: 'facebook' }), meta, all);
    expect(r.suggestedSlot).toEqual(utc('2024-03-05T17:20:00Z'));
  });

  it('a 1 ms gap does not merge', () => {
    const later = outage({
      slugs: ['instagram'],
      startsAt: utc('2024-03-05T17:20:00.001Z'),
      endsAt: utc('2024-03-05T18:00:00Z'),
    });
    const r = hit(deliverable(), meta, [meta, later]);
    expect(r.suggestedSlot).toEqual(utc('2024-03-05T17:20:00Z'));
  });

  it('a PARTIAL outage right after does not extend the downtime', () => {
    const partial = outage({
      slugs: ['instagram'],
      severity: 'PARTIAL',
      degradationBps: 5000,
      startsAt: utc('2024-03-05T17:20:00Z'),
      endsAt: utc('2024-03-05T18:00:00Z'),
    });
    expect(hit(deliverable(), meta, [meta, partial]).suggestedSlot).toEqual(
      utc('2024-03-05T17:20:00Z'),
    );
  });
});

describe('ongoing outage', () => {
  const ongoing = outage({ id: 'meta-ongoing', endsAt: null });
  const asOf = utc('2024-03-05T16:10:00Z');

  it('counts up to asOf and is provisional', () => {
    const r = hit(
      deliverable({ scheduledAt: utc('2024-03-05T16:00:00Z'), dueAt: utc('2024-03-05T18:00:00Z') }),
      ongoing,
      [ongoing],
      asOf,
    );
    expect(r.outcome).toBe('DELAYED');
    expect(r.suggestedSlot).toEqual(asOf); // the end is taken as asOf
    expect(r.delayMinutes).toBe(10);
    expect(r.provisional).toBe(true);
    expect(r.explanation).toContain(
      'Instagram has been down since 15:00 UTC (through Meta), still ongoing and counted up to 16:10 (provisional)',
    );
  });

  it('does not hit posts after asOf', () => {
    expect(
      assess(deliverable({ scheduledAt: utc('2024-03-05T16:10:00Z') }), ongoing, [ongoing], asOf),
    ).toBeNull();
  });

  it('makes an outcome provisional when it is merged in', () => {
    const tail = outage({
      slugs: ['instagram'],
      startsAt: utc('2024-03-05T17:20:00Z'),
      endsAt: null,
    });
    const r = hit(deliverable(), meta, [meta, tail], utc('2024-03-05T19:00:00Z'));
    expect(r.suggestedSlot).toEqual(utc('2024-03-05T19:00:00Z'));
    expect(r.provisional).toBe(true);
  });
});

describe('PARTIAL outage', () => {
  const degraded = outage({ id: 'meta-slow', severity: 'PARTIAL', degradationBps: 4000 });

  it('puts a hit at risk and moves no money', () => {
    const r = hit(deliverable({ fee: 40_000n }), degraded);
    expect(r.outcome).toBe('AT_RISK');
    expect(r.atRisk).toBe(40_000n);
    expect(r.delayed + r.lost + r.retained).toBe(0n);
    expect(r.suggestedSlot).toBeNull();
    expect(r.downtime).toBeNull();
    expect(r.explanation).toBe(
      'Instagram was degraded by 40 % 15:00–17:20 UTC (through Meta) during the 16:00 slot → 400.00 USD at risk; no money moves.',
    );
  });

  it('is RECOVERABLE when an alternate is up', () => {
    const r = hit(deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } }), degraded);
    expect(r.outcome).toBe('RECOVERABLE');
    expect(r.suggestedPlatformId).toBe(pid('youtube'));
  });

  it('even FIXED posts are only at risk', () => {
    expect(hit(deliverable({ timing: 'FIXED' }), degraded).outcome).toBe('AT_RISK');
  });
});

describe('alternates', () => {
  it('takes the first alternate, in the deal order, that is up for the whole slot', () => {
    const bytedance = outage({
      slugs: ['bytedance'],
      startsAt: utc('2024-03-05T15:45:00Z'),
      endsAt: utc('2024-03-05T16:15:00Z'),
    });
    const d = deliverable({
      timing: 'FIXED',
      durationMinutes: 30,
      deal: {
        alternatePlatformIds: [
          pid('instagram'),
          pid('threads'),
          pid('tiktok'),
          pid('youtube'),
          pid('google'),
        ],
      },
    });
    // instagram: itself; threads: under meta; tiktok: bytedance down 15:45–16:15 overlaps 16:00–16:30
    const r = hit(d, meta, [meta, bytedance]);
    expect(r.outcome).toBe('RECOVERABLE');
    expect(r.suggestedPlatformId).toBe(pid('youtube'));
    expect(r.recoverable).toBe(d.fee);
  });

  it('an alternate that is only degraded still counts as up', () => {
    const slowGoogle = outage({ slugs: ['google'], severity: 'PARTIAL', degradationBps: 9000 });
    const r = hit(deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } }), meta, [
      meta,
      slowGoogle,
    ]);
    expect(r.outcome).toBe('RECOVERABLE');
  });

  it('with every alternate down the normal rule applies', () => {
    const googleDown = outage({ slugs: ['google'] });
    const r = hit(
      deliverable({ timing: 'FIXED', deal: { alternatePlatformIds: [pid('youtube')] } }),
      meta,
      [meta, googleDown],
    );
    expect(r.outcome).toBe('LOST');
  });

  it('an alternate ruled out by an outage not over by asOf makes the answer provisional', () => {
    // meta 15:00–17:20 is over at 18:00; google 15:30–18:30 is recorded to end after asOf and
    // takes YouTube out for the 16:00 slot, so TikTok takes the post — for now
    const google = outage({
      slugs: ['google'],
      startsAt: utc('2024-03-05T15:30:00Z'),
      endsAt: utc('2024-03-05T18:30:00Z'),
    });
    const d = deliverable({ deal: { alternatePlatformIds: [pid('youtube'), pid('tiktok')] } });
    const r = hit(d, meta, [meta, google], utc('2024-03-05T18:00:00Z'));
    expect(r.outcome).toBe('RECOVERABLE');
    expect(r.suggestedPlatformId).toBe(pid('tiktok'));
    expect(r.provisional).toBe(true);
  });

  it('an alternate outage starting after the slot cannot reach it: not provisional', () => {
    // google down since 17:00, open-ended: YouTube was up at 16:00 whatever happens next
    const googleOngoing = outage({
      slugs: ['google'],
      startsAt: utc('2024-03-05T17:00:00Z'),
      endsAt: null,
    });
    const r = hit(
      deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } }),
      meta,
      [meta, googleOngoing],
      utc('2024-03-05T18:00:00Z'),
    );
    expect(r.outcome).toBe('RECOVERABLE');
    expect(r.provisional).toBe(false);
  });
});

describe("the deliverable's own platform is never a way out", () => {
  // A FULL Instagram outage 15:00–17:20; the deal lists instagram itself as its alternate.
  const instagram = outage({ id: 'ig', slugs: ['instagram'] });
  const ownOnly = { alternatePlatformIds: [pid('instagram')] };

  it('FIXED: LOST, not RECOVERABLE on Instagram', () => {
    const r = hit(deliverable({ timing: 'FIXED', deal: ownOnly }), instagram);
    expect(r.outcome).toBe('LOST');
    expect(r.suggestedPlatformId).toBeNull();
  });

  it('FLEXIBLE: DELAYED on Instagram after the outage, not RECOVERABLE at the same slot', () => {
    const r = hit(deliverable({ deal: ownOnly }), instagram);
    expect(r.outcome).toBe('DELAYED');
    expect(r.suggestedSlot).toEqual(utc('2024-03-05T17:20:00Z')); // the end of the downtime
    expect(r.recoverable).toBe(0n);
  });

  it('PARTIAL: AT_RISK, not RECOVERABLE', () => {
    const slow = outage({ slugs: ['instagram'], severity: 'PARTIAL', degradationBps: 5000 });
    expect(hit(deliverable({ deal: ownOnly }), slow).outcome).toBe('AT_RISK');
  });

  it('is skipped in the list: the next alternate that is up is taken', () => {
    const d = deliverable({
      timing: 'FIXED',
      deal: { alternatePlatformIds: [pid('instagram'), pid('youtube')] },
    });
    expect(hit(d, instagram)).toMatchObject({
      outcome: 'RECOVERABLE',
      suggestedPlatformId: pid('youtube'),
    });
  });
});

describe('a recorded window counts as recorded, even past asOf (provisional until it ends)', () => {
  // Meta down 12:00–24:00 as recorded; asked at 18:00.
  const noonToMidnight = outage({
    id: 'meta-12h',
    startsAt: utc('2024-03-05T12:00:00Z'),
    endsAt: utc('2024-03-06T00:00:00Z'),
  });
  const asOf = utc('2024-03-05T18:00:00Z');
  const at2000 = deliverable({
    scheduledAt: utc('2024-03-05T20:00:00Z'),
    dueAt: utc('2024-03-06T12:00:00Z'),
    fee: 50_000n,
  });

  it('a 20:00 post (after asOf) is hit and DELAYED to 24:00, provisional', () => {
    const r = hit(at2000, noonToMidnight, [noonToMidnight], asOf);
    expect(r.outcome).toBe('DELAYED');
    expect(r.suggestedSlot).toEqual(utc('2024-03-06T00:00:00Z')); // the recorded end, not asOf
    expect(r.delayMinutes).toBe(240); // 20:00 → 24:00
    expect(r.provisional).toBe(true);
    expect(r.explanation).toBe(
      'Instagram is down 12:00–2024-03-06 00:00 UTC (through Meta) as recorded, ending after asOf (provisional); next free slot 2024-03-06 00:00 is on or before the 2024-03-06 12:00 deadline → 500.00 USD delayed by 4 h; payment due moves from 2024-04-04 20:00 to 2024-04-05 00:00 UTC.',
    );
  });

  it('the same answer is final once asOf reaches the recorded end', () => {
    const later = hit(at2000, noonToMidnight, [noonToMidnight], utc('2024-03-06T00:00:00Z'));
    const now = hit(at2000, noonToMidnight, [noonToMidnight], asOf);
    expect(later.provisional).toBe(false);
    expect({ ...later, provisional: true, explanation: '' }).toEqual({
      ...now,
      explanation: '',
    });
  });

  it('an outage recorded to start after asOf is assessed too, provisional', () => {
    const r = hit(at2000, noonToMidnight, [noonToMidnight], utc('2024-03-05T09:00:00Z'));
    expect(r.outcome).toBe('DELAYED');
    expect(r.suggestedSlot).toEqual(utc('2024-03-06T00:00:00Z'));
    expect(r.provisional).toBe(true);
  });

  it('an open-ended outage is still cut at asOf', () => {
    const open = { ...noonToMidnight, endsAt: null };
    expect(assess(at2000, open, [open], asOf)).toBeNull(); // 20:00 is after the cut
    const at1700 = deliverable({ scheduledAt: utc('2024-03-05T17:00:00Z') });
    expect(hit(at1700, open, [open], asOf).suggestedSlot).toEqual(asOf);
  });
});

describe('fields that do not apply to the outcome are null', () => {
  // One row per outcome: [outcome, daysLate, penaltyBps, delayMinutes, suggestedSlot?,
  // newPaymentDue?, effectiveDeadline?]
  const meta = outage(); // 15:00–17:20
  const cases: Array<[string, DeliverableAssessment]> = [
    ['RECOVERABLE', hit(deliverable({ deal: { alternatePlatformIds: [pid('youtube')] } }), meta)],
    ['AT_RISK', hit(deliverable(), outage({ severity: 'PARTIAL', degradationBps: 1000 }))],
    ['DELAYED', hit(deliverable(), meta)], // 16:00 → 17:20, due 18:00
    ['LATE', hit(deliverable({ dueAt: utc('2024-03-05T16:30:00Z') }), meta)], // 50 min late = 1 day
    ['LOST (FIXED)', hit(deliverable({ timing: 'FIXED' }), meta)],
    [
      'LOST (killed)',
      // down 03-01 00:00 → 03-06 12:00, post 03-01 06:00 due 03-01 11:59: 6 days late > 5 allowed
      hit(
        deliverable({
          scheduledAt: utc('2024-03-01T06:00:00Z'),
          dueAt: utc('2024-03-01T11:59:00Z'),
        }),
        outage({ startsAt: utc('2024-03-01T00:00:00Z'), endsAt: utc('2024-03-06T12:00:00Z') }),
      ),
    ],
  ];
  const shape = (r: DeliverableAssessment) => [
    r.daysLate,
    r.penaltyBps,
    r.delayMinutes,
    r.suggestedSlot !== null,
    r.newPaymentDue !== null,
    r.effectiveDeadline !== null,
  ];

  it.each([
    ['RECOVERABLE', [null, null, 0, true, true, false]],
    ['AT_RISK', [null, null, null, false, true, false]],
    ['DELAYED', [0, 0, 80, true, true, true]], // 16:00 → 17:20 = 80 min
    ['LATE', [1, 250, 80, true, true, true]], // 1 day × 250 bps
    ['LOST (FIXED)', [null, null, null, false, false, false]],
    ['LOST (killed)', [6, null, null, false, false, true]], // 5 days 1 min late → 6 started days
  ] as const)('%s', (name, expected) => {
    const [, r] = cases.find(([n]) => n === name)!;
    expect(shape(r)).toEqual(expected);
  });
});

describe('input validation', () => {
  it.each([
    ['a negative fee', { fee: -1n }],
    ['a kill fee above 100 %', { deal: { killFeeBps: 10_001 } }],
    ['a cap above 100 %', { deal: { latePenaltyCapBps: 10_001 } }],
    ['a negative per-day penalty', { deal: { latePenaltyBpsPerDay: -1 } }],
    ['a fractional bps', { deal: { killFeeBps: 2.5 } }],
  ] as const)('rejects %s', (_label, overrides) => {
    expect(() => assess(deliverable(overrides as Parameters<typeof deliverable>[0]))).toThrow(
      EngineInputError,
    );
  });

  it('rejects an unknown currency', () => {
    expect(() => assess(deliverable({ currency: 'XYZ' }))).toThrow(
      '"XYZ" is not a known ISO 4217 currency code',
    );
  });
});
