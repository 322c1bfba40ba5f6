import { effectiveWindow } from './downtime';
import { incomeLoss, platformIncomeLoss } from './platform-income';
import { EngineInputError } from './errors';
import { EDGES, PLATFORMS, account, outage, pid, utc } from './engine.fixtures';

const AS_OF = utc('2024-03-06T00:00:00Z');
const MIN = 60_000;

describe('incomeLoss', () => {
  it.each([
    [12_000n, 140, 10_000, 1_167n], // 120.00 × 140 / 1440 = 11.666… → 11.67
    [12_000n, 1440, 10_000, 12_000n], // a whole day = daily earnings
    [12_000n, 140, 4_000, 467n], // × 40 % = 4.666… → 4.67
    [12_000n, 0, 10_000, 0n],
    [144n, 5, 10_000, 1n], // 1.44 × 5 / 1440 = 0.005 → 0.01 (half away from zero)
    [143n, 5, 10_000, 0n], // 0.004965… → 0.00
    [100_000n, 60, 10_000, 4_167n], // ¥100 000 × 60 / 1440 = 4166.67 → 4 167 (JPY has no minor unit)
  ])('%p/day × %p min × %p bps → %p', (daily, minutes, bps, expected) => {
    expect(incomeLoss(daily, minutes * MIN, bps)).toBe(expected);
  });

  it('stays exact with seconds: 30 s of 86.40/day = 0.03', () => {
    expect(incomeLoss(8_640n, 30_000, 10_000)).toBe(3n); // 8640 × 30 / 86 400 = 3
  });
});

describe('platformIncomeLoss', () => {
  const meta = outage();

  it('charges every account on an affected platform, in its own currency', () => {
    const accounts = [
      account({ id: 'ig-usd', slug: 'instagram', dailyEarnings: 12_000n, currency: 'USD' }),
      account({ id: 'fb-kwd', slug: 'facebook', dailyEarnings: 10_000n, currency: 'KWD' }), // 10.000 KWD/day
      account({ id: 'yt-usd', slug: 'youtube' }),
    ];
    const result = platformIncomeLoss({
      outage: meta,
      accounts,
      edges: EDGES,
      asOf: AS_OF,
      platforms: PLATFORMS,
    });
    expect(result.map((r) => [r.accountId, r.currency, r.loss])).toEqual([
      ['ig-usd', 'USD', 1_167n],
      ['fb-kwd', 'KWD', 972n], // 10 000 fils × 140 / 1440 = 972.2… → 0.972 KWD
    ]);
  });

  it('scales a PARTIAL outage by its degradation', () => {
    const partial = outage({ severity: 'PARTIAL', degradationBps: 4000 });
    const [entry] = platformIncomeLoss({
      outage: partial,
      accounts: [account()],
      edges: EDGES,
      asOf: AS_OF,
      platforms: PLATFORMS,
    });
    expect(entry.factorBps).toBe(4000);
    expect(entry.loss).toBe(467n); // 120.00 × 140 / 1440 × 40 % = 4.666… → 4.67
    expect(entry.explanation).toBe(
      'Instagram down 2 h 20 min (15:00–17:20 UTC): 120.00 USD/day × 140 min / 1440 min × 40 % = 4.6666… → 4.67 USD income lost.',
    );
  });

  it('counts an open-ended outage up to asOf, provisional', () => {
    const asOf = utc('2024-03-05T16:10:00Z');
    expect(effectiveWindow(outage({ endsAt: null }), asOf)).toEqual({
      start: utc('2024-03-05T15:00:00Z'),
      end: asOf,
    });
    const [entry] = platformIncomeLoss({
      outage: outage({ endsAt: null }),
      accounts: [account()],
      edges: EDGES,
      asOf,
    });
    expect(entry.downtimeMinutes).toBe(70); // 15:00 → 16:10
    expect(entry.loss).toBe(583n); // 120.00 × 70 / 1440 = 5.833… → 5.83
    expect(entry.provisional).toBe(true);
    expect(entry.explanation).toContain('counted up to asOf (provisional)');
    // an open-ended outage starting after asOf has cost nothing so far
    const [future] = platformIncomeLoss({
      outage: outage({ endsAt: null }),
      accounts: [account()],
      edges: EDGES,
      asOf: utc('2024-03-05T14:00:00Z'),
    });
    expect([future.loss, future.downtimeMinutes, future.provisional]).toEqual([0n, 0, true]);
  });

  it('counts a recorded window as recorded even when it ends after asOf, provisional', () => {
    // 240.00/day, down 12:00–24:00, asOf 18:00: 12 h × 10.00/h = 120.00 — not 6 h = 60.00
    const asOf = utc('2024-03-05T18:00:00Z');
    const noonToMidnight = outage({
      startsAt: utc('2024-03-05T12:00:00Z'),
      endsAt: utc('2024-03-06T00:00:00Z'),
    });
    const [entry] = platformIncomeLoss({
      outage: noonToMidnight,
      accounts: [account({ dailyEarnings: 24_000n })],
      edges: EDGES,
      asOf,
      platforms: PLATFORMS,
    });
    expect(entry.downtimeMinutes).toBe(720); // 12:00 → 24:00
    expect(entry.loss).toBe(12_000n); // 240.00 × 720 / 1440 = 120.00
    expect(entry.provisional).toBe(true);
    expect(entry.explanation).toBe(
      'Instagram down 12 h (12:00–2024-03-06 00:00 UTC, as recorded, ending after asOf (provisional)): 240.00 USD/day × 720 min / 1440 min = 120 → 120.00 USD income lost.',
    );
    // once asOf reaches the recorded end the same figure is final
    const [final] = platformIncomeLoss({
      outage: noonToMidnight,
      accounts: [account({ dailyEarnings: 24_000n })],
      edges: EDGES,
      asOf: utc('2024-03-06T00:00:00Z'),
    });
    expect([final.loss, final.provisional]).toEqual([12_000n, false]);
  });

  it('counts a recorded outage that has not started by asOf in full, provisional', () => {
    const [future] = platformIncomeLoss({
      outage: outage(), // 15:00–17:20
      accounts: [account()],
      edges: EDGES,
      asOf: utc('2024-03-05T14:00:00Z'),
    });
    expect(future.downtimeMinutes).toBe(140);
    expect(future.loss).toBe(1_167n); // 120.00 × 140 / 1440 = 11.666… → 11.67
    expect(future.provisional).toBe(true);
  });

  it('rejects negative earnings and a degradation above 100 %', () => {
    expect(() =>
      platformIncomeLoss({
        outage: meta,
        accounts: [account({ dailyEarnings: -1n })],
        edges: EDGES,
        asOf: AS_OF,
      }),
    ).toThrow(EngineInputError);
    expect(() =>
      platformIncomeLoss({
        outage: outage({ severity: 'PARTIAL', degradationBps: 10_001 }),
        accounts: [],
        edges: EDGES,
        asOf: AS_OF,
      }),
    ).toThrow(EngineInputError);
  });

  it('ignores accounts when no platform of theirs is affected', () => {
    expect(
      platformIncomeLoss({
        outage: meta,
        accounts: [account({ slug: 'tiktok' })],
        edges: EDGES,
        asOf: AS_OF,
      }),
    ).toEqual([]);
    expect(pid('tiktok')).toBe('platform-tiktok');
  });
});
