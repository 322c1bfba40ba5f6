import { aggregate, computeOutageImpact, totalsByCurrency } from './outage-impact';
import { AS_OF, EDGES, PLATFORMS, account, deliverable, outage, pid, utc } from './engine.fixtures';
import type { DeliverableAssessment } from './types';

// The worked example from the impact spec: every figure, with its arithmetic.
describe('worked example: Meta down 2024-03-05 15:00–17:20 UTC (2 h 20 min)', () => {
  const meta = outage({
    id: 'outage-meta',
    title: 'Meta outage',
    slugs: ['meta'],
    startsAt: utc('2024-03-05T15:00:00Z'),
    endsAt: utc('2024-03-05T17:20:00Z'),
    severity: 'FULL',
  });
  // Deal X: USD, no force majeure, 250 bps/day, cap 1500 bps, kill after 5 days, net 30.
  const dealX = {
    status: 'ACTIVE',
    forceMajeure: false,
    latePenaltyBpsPerDay: 250,
    latePenaltyCapBps: 1500,
    killAfterDaysLate: 5,
    netPaymentDays: 30,
    alternatePlatformIds: [],
  } as const;
  const reel = deliverable({
    id: 'x-instagram-reel',
    dealId: 'deal-x',
    creatorId: 'creator-x',
    brandId: 'brand-x',
    slug: 'instagram',
    kind: 'REEL',
    timing: 'FLEXIBLE',
    scheduledAt: utc('2024-03-05T16:00:00Z'),
    dueAt: utc('2024-03-05T18:00:00Z'),
    fee: 120_000n, // 1200.00 USD
    currency: 'USD',
    deal: dealX,
  });
  const story = deliverable({
    id: 'x-facebook-story',
    dealId: 'deal-x',
    creatorId: 'creator-x',
    brandId: 'brand-x',
    slug: 'facebook',
    kind: 'STORY',
    timing: 'FLEXIBLE',
    scheduledAt: utc('2024-03-05T15:30:00Z'),
    dueAt: utc('2024-03-05T16:30:00Z'),
    fee: 40_000n, // 400.00 USD
    currency: 'USD',
    deal: dealX,
  });
  const short = deliverable({
    id: 'x-tiktok-short',
    dealId: 'deal-x',
    creatorId: 'creator-x',
    brandId: 'brand-x',
    slug: 'tiktok',
    kind: 'SHORT',
    scheduledAt: utc('2024-03-05T16:00:00Z'),
    fee: 30_000n,
    deal: dealX,
  });
  // Deal Y: GBP, force majeure, alternates [youtube].
  const liveY = deliverable({
    id: 'y-instagram-live',
    dealId: 'deal-y',
    creatorId: 'creator-y',
    brandId: 'brand-y',
    slug: 'instagram',
    kind: 'LIVE',
    timing: 'FIXED',
    scheduledAt: utc('2024-03-05T14:30:00Z'),
    durationMinutes: 60,
    dueAt: utc('2024-03-05T15:30:00Z'),
    fee: 50_000n, // 500.00 GBP
    currency: 'GBP',
    deal: { forceMajeure: true, alternatePlatformIds: [pid('youtube')] },
  });
  // Deal Z: GBP, force majeure, kill fee 2500 bps, no alternates.
  const liveZ = deliverable({
    id: 'z-facebook-live',
    dealId: 'deal-z',
    creatorId: 'creator-z',
    brandId: 'brand-z',
    slug: 'facebook',
    kind: 'LIVE',
    timing: 'FIXED',
    scheduledAt: utc('2024-03-05T16:00:00Z'),
    durationMinutes: 30,
    dueAt: utc('2024-03-05T16:30:00Z'),
    fee: 80_000n, // 800.00 GBP
    currency: 'GBP',
    deal: { forceMajeure: true, killFeeBps: 2500, alternatePlatformIds: [] },
  });
  const instagramAccount = account({
    id: 'account-x-instagram',
    creatorId: 'creator-x',
    slug: 'instagram',
    dailyEarnings: 12_000n, // 120.00 USD per day
    currency: 'USD',
  });
  const tiktokAccount = account({ id: 'account-x-tiktok', creatorId: 'creator-x', slug: 'tiktok' });

  const impact = computeOutageImpact({
    outage: meta,
    allOutages: [meta],
    edges: EDGES,
    platforms: PLATFORMS,
    deliverables: [reel, story, short, liveY, liveZ],
    accounts: [instagramAccount, tiktokAccount],
    asOf: AS_OF,
  });
  const item = (id: string): DeliverableAssessment => {
    const found = impact.items.find((i) => i.deliverableId === id);
    if (!found) throw new Error(`${id} not hit`);
    return found;
  };

  it('takes meta and everything that depends on it down, nothing else', () => {
    expect(impact.affectedPlatformIds).toEqual(
      ['meta', 'facebook', 'instagram', 'whatsapp', 'messenger', 'threads'].map(pid),
    );
    expect(impact.provisional).toBe(false); // ended before asOf
  });

  it('hits four deliverables, in slot order; the TikTok short is not hit', () => {
    // 14:30 live Y, 15:30 story, 16:00 reel & 16:00 live Z (ids break the tie)
    expect(impact.items.map((i) => i.deliverableId)).toEqual([
      'y-instagram-live',
      'x-facebook-story',
      'x-instagram-reel',
      'z-facebook-live',
    ]);
  });

  it('Instagram reel 16:00, due 18:00 → DELAYED, 80 min, payment due moves 80 min', () => {
    const r = item('x-instagram-reel');
    expect(r.outcome).toBe('DELAYED');
    expect(r.suggestedSlot).toEqual(utc('2024-03-05T17:20:00Z')); // first free instant = outage end
    expect(r.suggestedPlatformId).toBe(pid('instagram'));
    expect(r.effectiveDeadline).toEqual(utc('2024-03-05T18:00:00Z')); // no force majeure: dueAt
    expect(r.delayed).toBe(120_000n); // the whole 1200.00 USD waits
    expect(r.lost).toBe(0n);
    expect(r.retained).toBe(0n);
    expect(r.daysLate).toBe(0); // 17:20 ≤ 18:00
    expect(r.penaltyBps).toBe(0);
    expect(r.delayMinutes).toBe(80); // 17:20 − 16:00
    expect(r.originalPaymentDue).toEqual(utc('2024-04-04T16:00:00Z')); // 5 Mar 16:00 + 30 days
    expect(r.newPaymentDue).toEqual(utc('2024-04-04T17:20:00Z')); // 5 Mar 17:20 + 30 days
    expect(r.downtime).toEqual({ start: meta.startsAt, end: meta.endsAt });
    expect(r.provisional).toBe(false);
    expect(r.explanation).toBe(
      'Instagram was down 15:00–17:20 UTC (through Meta); next free slot 17:20 is on or before the 18:00 deadline → 1200.00 USD delayed by 1 h 20 min; payment due moves from 2024-04-04 16:00 to 2024-04-04 17:20 UTC.',
    );
  });

  it('Facebook story 15:30, due 16:30 → 50 min late = 1 day → 2.5 % penalty → LATE', () => {
    const s = item('x-facebook-story');
    expect(s.outcome).toBe('LATE');
    expect(s.suggestedSlot).toEqual(utc('2024-03-05T17:20:00Z'));
    expect(s.effectiveDeadline).toEqual(utc('2024-03-05T16:30:00Z'));
    expect(s.daysLate).toBe(1); // ⌈50 min / 24 h⌉ = 1: a started day counts
    expect(s.penaltyBps).toBe(250); // min(1500 cap, 250 × 1)
    expect(s.lost).toBe(1_000n); // 400.00 × 2.5 % = 10.00
    expect(s.delayed).toBe(39_000n); // 400.00 − 10.00 = 390.00
    expect(s.retained).toBe(0n);
    expect(s.delayed + s.lost + s.retained).toBe(s.fee);
    expect(s.delayMinutes).toBe(110); // 17:20 − 15:30
    expect(s.originalPaymentDue).toEqual(utc('2024-04-04T15:30:00Z'));
    expect(s.newPaymentDue).toEqual(utc('2024-04-04T17:20:00Z'));
    expect(s.explanation).toBe(
      'Facebook was down 15:00–17:20 UTC (through Meta); next free slot 17:20 is 50 min after the 16:30 deadline → 1 day late × 250 bps = 2.5 % of 400.00 USD = 10.00 USD penalty; 390.00 USD delayed; payment due moves from 2024-04-04 15:30 to 2024-04-04 17:20 UTC.',
    );
  });

  it('Deal Y Instagram live 14:30 + 60 min overlaps 15:00 → RECOVERABLE on YouTube, same slot', () => {
    const y = item('y-instagram-live');
    expect(y.outcome).toBe('RECOVERABLE');
    expect(y.suggestedPlatformId).toBe(pid('youtube')); // google is up
    expect(y.suggestedSlot).toEqual(utc('2024-03-05T14:30:00Z'));
    expect(y.recoverable).toBe(50_000n); // the 500.00 GBP fee is saved
    expect(y.delayed + y.lost + y.retained).toBe(0n);
    expect(y.newPaymentDue).toEqual(y.originalPaymentDue); // nothing moves
    expect(y.explanation).toBe(
      'Instagram was down 15:00–17:20 UTC (through Meta) during the 14:30–15:30 slot; the deal allows YouTube, which is up then → post on YouTube at the same slot; 500.00 GBP recoverable.',
    );
  });

  it('Deal Z Facebook live, FIXED 16:00 for 30 min, force majeure → LOST 600.00, retained 200.00', () => {
    const z = item('z-facebook-live');
    expect(z.outcome).toBe('LOST');
    expect(z.retained).toBe(20_000n); // 800.00 × 2500 bps = 25 % = 200.00 kill fee kept
    expect(z.lost).toBe(60_000n); // 800.00 − 200.00
    expect(z.delayed).toBe(0n);
    expect(z.suggestedSlot).toBeNull(); // a fixed slot cannot move
    expect(z.newPaymentDue).toBeNull();
    expect(z.explanation).toBe(
      'Facebook was down 15:00–17:20 UTC (through Meta) during the fixed 16:00–16:30 slot, which cannot move → force majeure keeps the 2500 bps kill fee = 25 % of 800.00 GBP = 200.00 GBP retained; 600.00 GBP lost.',
    );
  });

  it('creator X loses 11.67 USD of Instagram income; the TikTok account is untouched', () => {
    expect(impact.platformIncome).toEqual([
      expect.objectContaining({
        accountId: 'account-x-instagram',
        creatorId: 'creator-x',
        platformId: pid('instagram'),
        currency: 'USD',
        downtimeMinutes: 140, // 15:00 → 17:20
        factorBps: 10_000, // FULL
        loss: 1_167n, // 120.00 × 140 / 1440 = 11.666… → 11.67
      }),
    ]);
    expect(impact.platformIncome[0].explanation).toBe(
      'Instagram down 2 h 20 min (15:00–17:20 UTC): 120.00 USD/day × 140 min / 1440 min = 11.6666… → 11.67 USD income lost.',
    );
  });

  it('gives each item the code of the rule that explained it', () => {
    const codes = Object.fromEntries(
      impact.items.map((item) => [item.deliverableId, item.explanationCode]),
    );
    expect(codes).toEqual({
      'x-facebook-story': 'LATE_PENALTY', // 1 day × 250 bps, below the 1500 bps cap
      'x-instagram-reel': 'MOVED_WITHIN_DEADLINE',
      'y-instagram-live': 'ALTERNATE_PLATFORM_UP', // YouTube is up
      'z-facebook-live': 'FIXED_SLOT_MISSED',
    });
    expect(impact.platformIncome[0].explanationCode).toBe('FULL_DOWNTIME');
  });

  it('totals per currency, never across currencies', () => {
    expect(impact.totals).toEqual([
      {
        currency: 'GBP',
        delayed: 0n,
        lost: 60_000n, // 600.00 (live Z)
        retained: 20_000n, // 200.00 (live Z kill fee)
        recoverable: 50_000n, // 500.00 (live Y on YouTube)
        atRisk: 0n,
        platformIncomeLost: 0n,
        counts: { LOST: 1, LATE: 0, DELAYED: 0, AT_RISK: 0, RECOVERABLE: 1 },
        // fees per outcome: live Z 800.00 LOST, live Y 500.00 RECOVERABLE
        fees: { LOST: 80_000n, LATE: 0n, DELAYED: 0n, AT_RISK: 0n, RECOVERABLE: 50_000n },
      },
      {
        currency: 'USD',
        delayed: 159_000n, // 1200.00 reel + 390.00 story
        lost: 1_000n, // 10.00 story penalty
        retained: 0n,
        recoverable: 0n,
        atRisk: 0n,
        platformIncomeLost: 1_167n, // 11.67
        counts: { LOST: 0, LATE: 1, DELAYED: 1, AT_RISK: 0, RECOVERABLE: 0 },
        // story 400.00 LATE, reel 1200.00 DELAYED (the whole fee, not the moved parts)
        fees: { LOST: 0n, LATE: 40_000n, DELAYED: 120_000n, AT_RISK: 0n, RECOVERABLE: 0n },
      },
    ]);
  });

  it('aggregates by creator with income, and by brand / deal / platform', () => {
    const byCreator = aggregate(impact.items, (i) => i.creatorId, {
      entries: impact.platformIncome,
      keyFn: (e) => e.creatorId,
    });
    expect(byCreator.map((k) => k.key)).toEqual(['creator-x', 'creator-y', 'creator-z']);
    expect(byCreator[0].totals).toEqual([
      expect.objectContaining({
        currency: 'USD',
        delayed: 159_000n,
        lost: 1_000n,
        platformIncomeLost: 1_167n,
      }),
    ]);
    const byDeal = aggregate(impact.items, (i) => i.dealId);
    expect(byDeal.map((k) => [k.key, k.totals.map((t) => [t.currency, t.lost])])).toEqual([
      ['deal-x', [['USD', 1_000n]]],
      ['deal-y', [['GBP', 0n]]],
      ['deal-z', [['GBP', 60_000n]]],
    ]);
    const byPlatform = aggregate(impact.items, (i) => i.platformSlug);
    expect(byPlatform.map((k) => k.key)).toEqual(['facebook', 'instagram']);
    // facebook: story (USD) + live Z (GBP) stay apart
    expect(byPlatform[0].totals.map((t) => t.currency)).toEqual(['GBP', 'USD']);
  });
});

describe('computeOutageImpact bookkeeping', () => {
  it('assesses a duplicated candidate once', () => {
    const d = deliverable();
    const o = outage();
    const impact = computeOutageImpact({
      outage: o,
      allOutages: [],
      edges: [],
      deliverables: [d, d],
      accounts: [],
      asOf: AS_OF,
    });
    // no edges: instagram is not under meta any more, so nothing is hit
    expect(impact.items).toHaveLength(0);
    const withGraph = computeOutageImpact({
      outage: o,
      allOutages: [],
      edges: EDGES,
      deliverables: [d, d],
      accounts: [],
      asOf: AS_OF,
    });
    expect(withGraph.items).toHaveLength(1);
  });

  it('is provisional for an ongoing outage or one ending after asOf', () => {
    const base = { allOutages: [], edges: EDGES, deliverables: [], accounts: [], asOf: AS_OF };
    expect(computeOutageImpact({ ...base, outage: outage({ endsAt: null }) }).provisional).toBe(
      true,
    );
    expect(
      computeOutageImpact({ ...base, outage: outage({ endsAt: utc('2024-03-07T00:00:00Z') }) })
        .provisional,
    ).toBe(true);
    expect(computeOutageImpact({ ...base, outage: outage() }).provisional).toBe(false);
  });

  it('one window for one answer: 240.00/day, down 12:00–24:00 as recorded, asked at 18:00', () => {
    const asOf = utc('2024-03-05T18:00:00Z');
    const down = outage({
      startsAt: utc('2024-03-05T12:00:00Z'),
      endsAt: utc('2024-03-06T00:00:00Z'),
    });
    const post = deliverable({
      id: 'post-2000',
      scheduledAt: utc('2024-03-05T20:00:00Z'),
      dueAt: utc('2024-03-06T12:00:00Z'),
      fee: 50_000n,
    });
    const impact = computeOutageImpact({
      outage: down,
      allOutages: [down],
      edges: EDGES,
      deliverables: [post],
      accounts: [account({ id: 'ig', dailyEarnings: 24_000n })],
      asOf,
    });
    expect(impact.provisional).toBe(true); // 24:00 is after asOf
    // income over the recorded 12 h, not the 6 h up to asOf: 12 h × 10.00/h = 120.00
    expect(impact.platformIncome).toMatchObject([
      { accountId: 'ig', downtimeMinutes: 720, loss: 12_000n, provisional: true },
    ]);
    // the 20:00 post (after asOf) waits for the recorded end: DELAYED to 24:00
    expect(impact.items).toMatchObject([
      {
        deliverableId: 'post-2000',
        outcome: 'DELAYED',
        suggestedSlot: utc('2024-03-06T00:00:00Z'),
        delayMinutes: 240, // 20:00 → 24:00
        provisional: true,
      },
    ]);
    expect(impact.totals).toMatchObject([
      { currency: 'USD', delayed: 50_000n, platformIncomeLost: 12_000n },
    ]);
  });

  it('totalsByCurrency of nothing is empty', () => {
    expect(totalsByCurrency([])).toEqual([]);
  });
});
