import { EDGES, PLATFORMS, pid } from '../../impact/engine/engine.fixtures';
import type { PlatformEdge, PlatformInfo } from '../../impact/engine';
import { computeExposure, pickWhatIfCurrency } from './exposure';
import type { DealPlatformRow, HourlyExposureRow } from './types';

const at = (iso: string) => new Date(iso);
const EMAIL = pid('email');
const platforms = new Map<string, PlatformInfo>([
  ...PLATFORMS,
  [EMAIL, { slug: 'email', name: 'Email newsletter' }],
]);

const hour = (
  slug: string,
  currency: string,
  hourStart: string,
  amount: bigint,
  deliverableCount = 1,
): HourlyExposureRow => ({
  platformId: slug === 'email' ? EMAIL : pid(slug),
  currency,
  hourStart: at(hourStart),
  amount,
  deliverableCount,
});
const deal = (
  dealId: string,
  slug: string,
  currency: string,
  alternates: string[] = [],
): DealPlatformRow => ({
  dealId,
  platformId: slug === 'email' ? EMAIL : pid(slug),
  currency,
  alternatePlatformIds: alternates.map(pid),
});

// The e2e scenario. Deal A (USD, no alternates): instagram reel 16:00 1200.00, facebook live
// 16:30 1000.00, youtube 700.00, email 100.00. Deal B (USD, alternate youtube): instagram story
// 17:00 500.00, instagram post 200.00. Deal C (GBP): instagram 150.00, youtube 100.00, email 50.00.
const HOURLY: HourlyExposureRow[] = [
  hour('instagram', 'USD', '2030-03-05T16:00:00Z', 120_000n),
  hour('facebook', 'USD', '2030-03-05T16:00:00Z', 100_000n),
  hour('instagram', 'USD', '2030-03-05T17:00:00Z', 50_000n),
  hour('instagram', 'USD', '2030-03-20T12:00:00Z', 20_000n),
  hour('youtube', 'USD', '2030-03-10T12:00:00Z', 70_000n),
  hour('email', 'USD', '2030-03-12T08:00:00Z', 10_000n),
  hour('instagram', 'GBP', '2030-03-08T10:00:00Z', 15_000n),
  hour('youtube', 'GBP', '2030-03-09T10:00:00Z', 10_000n),
  hour('email', 'GBP', '2030-03-09T08:00:00Z', 5_000n),
];
const DEALS: DealPlatformRow[] = [
  deal('A', 'instagram', 'USD'),
  deal('A', 'facebook', 'USD'),
  deal('A', 'youtube', 'USD'),
  deal('A', 'email', 'USD'),
  deal('B', 'instagram', 'USD', ['youtube']),
  deal('C', 'instagram', 'GBP'),
  deal('C', 'youtube', 'GBP'),
  deal('C', 'email', 'GBP'),
];

describe('computeExposure', () => {
  const result = computeExposure({ hourly: HOURLY, deals: DEALS, edges: EDGES, platforms });
  const [gbp, usd] = result.currencies;

  it('keeps currencies apart, sorted by code', () => {
    expect(result.currencies.map((c) => c.currency)).toEqual(['GBP', 'USD']);
    expect(usd.total).toBe(370_000n); // 1200 + 1000 + 500 + 200 + 700 + 100 = 3700.00
    expect(usd.deliverableCount).toBe(6);
    expect(gbp.total).toBe(30_000n); // 150 + 100 + 50 = 300.00
  });

  it('splits by platform with shares summing to 10 000', () => {
    // instagram 1900 / 3700 = 5135.14, facebook 2702.70, youtube 1891.89, email 270.27 bps;
    // floors sum to 9998, the 2 left go to youtube (.89) and facebook (.70)
    expect(usd.byPlatform).toEqual([
      { platformId: pid('instagram'), amount: 190_000n, shareBps: 5135, deliverableCount: 3 },
      { platformId: pid('facebook'), amount: 100_000n, shareBps: 2703, deliverableCount: 1 },
      { platformId: pid('youtube'), amount: 70_000n, shareBps: 1892, deliverableCount: 1 },
      { platformId: EMAIL, amount: 10_000n, shareBps: 270, deliverableCount: 1 },
    ]);
  });

  it('splits by provider, counts deals without alternates and computes the HHI', () => {
    // meta = instagram + facebook = 2900.00 → 7837.84 → 7838; google 1891.89 → 1892; email 270
    expect(usd.byProvider).toEqual([
      {
        providerId: pid('meta'),
        amount: 290_000n,
        shareBps: 7838,
        deliverableCount: 4,
        dealsWithoutAlternates: 1, // A has none; B's youtube runs on Google, not Meta
      },
      {
        providerId: pid('google'),
        amount: 70_000n,
        shareBps: 1892,
        deliverableCount: 1,
        dealsWithoutAlternates: 1,
      },
      {
        providerId: EMAIL, // no providers: its own root
        amount: 10_000n,
        shareBps: 270,
        deliverableCount: 1,
        dealsWithoutAlternates: 1,
      },
    ]);
    // 10 000 × (2900² + 700² + 100²) / 3700² = 6508.40 → 6508
    expect(usd.concentrationIndex).toBe(6508);
    // 150 / 300 = 5000, 100 / 300 = 3333.33, 50 / 300 = 1666.67 → 1667
    expect(gbp.byProvider.map((p) => [p.providerId, p.shareBps])).toEqual([
      [pid('meta'), 5000],
      [pid('google'), 3333],
      [EMAIL, 1667],
    ]);
    // 10 000 × (150² + 100² + 50²) / 300² = 3888.89 → 3889
    expect(gbp.concentrationIndex).toBe(3889);
  });

  it('plans a 6-hour what-if per provider from its busiest hour in its largest currency', () => {
    expect(result.whatIfPlans).toEqual([
      {
        // Meta: 4 USD deliverables vs 1 GBP → USD; 16:00 has 1200.00 + 1000.00 = 2200.00
        providerId: pid('meta'),
        currency: 'USD',
        startsAt: at('2030-03-05T16:00:00Z'),
        endsAt: at('2030-03-05T22:00:00Z'),
        busiestHourAmount: 220_000n,
      },
      {
        // Google: 1 deliverable in each; GBP's share (3333) beats USD's (1892)
        providerId: pid('google'),
        currency: 'GBP',
        startsAt: at('2030-03-09T10:00:00Z'),
        endsAt: at('2030-03-09T16:00:00Z'),
        busiestHourAmount: 10_000n,
      },
      {
        providerId: EMAIL,
        currency: 'GBP',
        startsAt: at('2030-03-09T08:00:00Z'),
        endsAt: at('2030-03-09T14:00:00Z'),
        busiestHourAmount: 5_000n,
      },
    ]);
  });

  it('counts an alternate on the same provider as no alternate', () => {
    const { currencies } = computeExposure({
      hourly: [hour('instagram', 'USD', '2030-03-05T16:00:00Z', 10_000n, 2)],
      deals: [
        deal('D', 'instagram', 'USD', ['facebook']), // facebook is down with Meta too
        deal('E', 'instagram', 'USD', ['facebook', 'tiktok']), // tiktok would be up
      ],
      edges: EDGES,
      platforms,
    });
    expect(currencies[0].byProvider[0].dealsWithoutAlternates).toBe(1);
  });

  it('splits a platform on several providers by largest remainder, and counts it for each', () => {
    // shop runs on aws (through cdn) and on meta
    const edges: PlatformEdge[] = [
      ...EDGES,
      { platformId: 'shop', providerId: 'cdn' },
      { platformId: 'cdn', providerId: 'aws' },
      { platformId: 'shop', providerId: pid('meta') },
    ];
    const directory = new Map<string, PlatformInfo>([
      ...platforms,
      ['shop', { slug: 'shop' }],
      ['cdn', { slug: 'cdn' }],
      ['aws', { slug: 'aws' }],
    ]);
    const { currencies, whatIfPlans } = computeExposure({
      hourly: [
        {
          ...hour('instagram', 'USD', '2030-03-05T09:00:00Z', 5_000n),
          platformId: pid('instagram'),
        },
        { ...hour('x', 'USD', '2030-03-05T10:00:00Z', 10_001n, 2), platformId: 'shop' },
      ],
      deals: [{ ...deal('S', 'x', 'USD'), platformId: 'shop' }],
      edges,
      platforms: directory,
    });
    const [usd] = currencies;
    expect(usd.total).toBe(15_001n);
    // shop's 100.01 → aws 50.01 (first by slug), meta 50.00; meta also has instagram's 50.00
    expect(usd.byProvider.map((p) => [p.providerId, p.amount, p.deliverableCount])).toEqual([
      [pid('meta'), 10_000n, 3],
      ['aws', 5_001n, 2],
    ]);
    expect(usd.byProvider.reduce((sum, p) => sum + p.amount, 0n)).toBe(usd.total);
    // 10 000 / 15 001 = 6666.22 → 6666, 5001 / 15 001 = 3333.78 → 3334
    expect(usd.byProvider.map((p) => p.shareBps)).toEqual([6666, 3334]);
    // the busiest hour counts shop's whole 100.01 for meta: 10:00 beats instagram's 09:00
    expect(whatIfPlans.map((p) => [p.providerId, p.startsAt])).toEqual([
      [pid('meta'), at('2030-03-05T10:00:00Z')],
      ['aws', at('2030-03-05T10:00:00Z')],
    ]);
  });

  it('weighs deliverable counts when a currency has no money at all', () => {
    const { currencies } = computeExposure({
      hourly: [
        hour('instagram', 'USD', '2030-03-05T16:00:00Z', 0n, 2),
        hour('youtube', 'USD', '2030-03-05T17:00:00Z', 0n, 1),
      ],
      deals: [deal('G', 'instagram', 'USD'), deal('G', 'youtube', 'USD')],
      edges: EDGES,
      platforms,
    });
    // 2 of 3 deliverables = 6666.67 → 6667, 1 of 3 = 3333.33 → 3333; HHI 10 000 × (4 + 1) / 9
    expect(currencies[0].byProvider.map((p) => p.shareBps)).toEqual([6667, 3333]);
    expect(currencies[0].concentrationIndex).toBe(5556);
  });

  it('returns nothing for no rows', () => {
    expect(computeExposure({ hourly: [], deals: [], edges: EDGES })).toEqual({
      currencies: [],
      whatIfPlans: [],
    });
  });
});

describe('pickWhatIfCurrency', () => {
  it('prefers most deliverables, then the larger share, then the code', () => {
    expect(
      pickWhatIfCurrency([
        { currency: 'GBP', deliverableCount: 1, shareBps: 9000 },
        { currency: 'USD', deliverableCount: 4, shareBps: 7838 },
      ]),
    ).toBe('USD');
    expect(
      pickWhatIfCurrency([
        { currency: 'USD', deliverableCount: 1, shareBps: 1892 },
        { currency: 'GBP', deliverableCount: 1, shareBps: 3333 },
      ]),
    ).toBe('GBP');
    expect(
      pickWhatIfCurrency([
        { currency: 'USD', deliverableCount: 1, shareBps: 5000 },
        { currency: 'EUR', deliverableCount: 1, shareBps: 5000 },
      ]),
    ).toBe('EUR');
    expect(pickWhatIfCurrency([])).toBeNull();
  });
});
