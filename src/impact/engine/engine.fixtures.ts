// Builders for engine specs: valid records with overrides, readable ids, a fixed clock.
// Spec-only: `*.fixtures.ts` is left out of the build (tsconfig.build.json).
import fc from 'fast-check';
import type {
  DealTerms,
  Deliverable,
  DeliverableStatus,
  DeliverableTiming,
  Outage,
  PlatformAccount,
  PlatformEdge,
  PlatformInfo,
} from './types';

export const utc = (iso: string): Date => new Date(iso);

/** Platform id for a slug; ids are opaque strings to the engine, slugs only label them. */
export const pid = (slug: string): string => `platform-${slug}`;

export const SLUGS = [
  'meta',
  'facebook',
  'instagram',
  'whatsapp',
  'messenger',
  'threads',
  'google',
  'youtube',
  'bytedance',
  'tiktok',
] as const;

const NAMES: Record<string, string> = {
  meta: 'Meta',
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  threads: 'Threads',
  google: 'Google',
  youtube: 'YouTube',
  bytedance: 'ByteDance',
  tiktok: 'TikTok',
};

export const PLATFORMS: ReadonlyMap<string, PlatformInfo> = new Map(
  SLUGS.map((slug) => [pid(slug), { slug, name: NAMES[slug] }]),
);

const edge = (platform: string, provider: string): PlatformEdge => ({
  platformId: pid(platform),
  providerId: pid(provider),
});

/** facebook, instagram, whatsapp, messenger, threads → meta; youtube → google; tiktok → bytedance. */
export const EDGES: readonly PlatformEdge[] = [
  edge('facebook', 'meta'),
  edge('instagram', 'meta'),
  edge('whatsapp', 'meta'),
  edge('messenger', 'meta'),
  edge('threads', 'meta'),
  edge('youtube', 'google'),
  edge('tiktok', 'bytedance'),
];

export function dealTerms(overrides: Partial<DealTerms> = {}): DealTerms {
  return {
    status: 'ACTIVE',
    netPaymentDays: 30,
    latePenaltyBpsPerDay: 250,
    latePenaltyCapBps: 1500,
    killAfterDaysLate: 5,
    killFeeBps: 2500,
    forceMajeure: false,
    alternatePlatformIds: [],
    ...overrides,
  };
}

let sequence = 0;

export function deliverable(
  overrides: Partial<Omit<Deliverable, 'deal'>> & { slug?: string; deal?: Partial<DealTerms> } = {},
): Deliverable {
  const { slug = 'instagram', deal, ...rest } = overrides;
  sequence += 1;
  return {
    id: `deliverable-${sequence}`,
    dealId: 'deal-x',
    creatorId: 'creator-1',
    brandId: 'brand-1',
    platformId: pid(slug),
    platformSlug: slug,
    kind: 'POST',
    title: `Post ${sequence}`,
    scheduledAt: utc('2024-03-05T16:00:00Z'),
    durationMinutes: 0,
    dueAt: utc('2024-03-05T18:00:00Z'),
    fee: 100_000n,
    currency: 'USD',
    timing: 'FLEXIBLE',
    status: 'PLANNED',
    deal: dealTerms(deal),
    ...rest,
  };
}

export function outage(overrides: Partial<Outage> & { slugs?: string[] } = {}): Outage {
  const { slugs = ['meta'], ...rest } = overrides;
  sequence += 1;
  return {
    id: `outage-${sequence}`,
    title: 'Meta outage',
    platformIds: slugs.map(pid),
    startsAt: utc('2024-03-05T15:00:00Z'),
    endsAt: utc('2024-03-05T17:20:00Z'),
    severity: 'FULL',
    degradationBps: null,
    ...rest,
  };
}

export function account(
  overrides: Partial<PlatformAccount> & { slug?: string } = {},
): PlatformAccount {
  const { slug = 'instagram', ...rest } = overrides;
  sequence += 1;
  return {
    id: `account-${sequence}`,
    creatorId: 'creator-1',
    platformId: pid(slug),
    dailyEarnings: 12_000n,
    currency: 'USD',
    ...rest,
  };
}

/** Fixed clock for specs: well after the example outage. */
export const AS_OF = utc('2024-03-06T00:00:00Z');

/**
 * Deal terms for property tests: mostly ACTIVE deals (the ones rule 2 hits), every term across
 * its range, up to three alternates among `platformIds`.
 */
export const timingArb = fc.constantFrom<DeliverableTiming>('FLEXIBLE', 'FIXED');

/** Mostly PLANNED (what outages hit), sometimes settled. */
export const statusArb = fc.constantFrom<DeliverableStatus>(
  'PLANNED',
  'PLANNED',
  'PLANNED',
  'POSTED',
  'CANCELLED',
);

export function termsArb(platformIds: readonly string[]): fc.Arbitrary<DealTerms> {
  return fc.record({
    status: fc.constantFrom<DealTerms['status']>(
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'DRAFT',
      'COMPLETED',
      'CANCELLED',
    ),
    netPaymentDays: fc.integer({ min: 0, max: 90 }),
    latePenaltyBpsPerDay: fc.integer({ min: 0, max: 3000 }),
    latePenaltyCapBps: fc.integer({ min: 0, max: 10_000 }),
    killAfterDaysLate: fc.integer({ min: 0, max: 10 }),
    killFeeBps: fc.integer({ min: 0, max: 10_000 }),
    forceMajeure: fc.boolean(),
    alternatePlatformIds: fc.subarray([...platformIds], { maxLength: 3 }),
  });
}

// Random scenarios: times are offsets from T0 in whole minutes plus, sometimes, stray ms.
export const T0 = Date.UTC(2024, 2, 5); // 2024-03-05T00:00Z
export const MIN = 60_000;
export const at = (ms: number) => new Date(T0 + ms);
export const ALL_IDS = SLUGS.map(pid);

export const minutes = (max: number) =>
  fc
    .tuple(
      fc.integer({ min: 0, max }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: MIN - 1 }) },
      ),
    )
    .map(([m, ms]) => m * MIN + ms);

// The example graph, or random edges among the platforms (self-loops and cycles included).
export const edgesArb: fc.Arbitrary<readonly PlatformEdge[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(EDGES) },
  {
    weight: 1,
    arbitrary: fc.array(
      fc
        .tuple(fc.constantFrom(...ALL_IDS), fc.constantFrom(...ALL_IDS))
        .map(([platformId, providerId]) => ({ platformId, providerId })),
      { maxLength: 10 },
    ),
  },
);

export const outagesArb: fc.Arbitrary<Outage[]> = fc
  .array(
    fc.record({
      // mostly the providers, so that outages reach many platforms
      platformIds: fc.oneof(
        fc.subarray([pid('meta'), pid('google'), pid('bytedance')], { minLength: 1 }),
        fc.subarray(ALL_IDS, { minLength: 1, maxLength: 2 }),
      ),
      start: minutes(2 * 1440),
      length: fc.integer({ min: 0, max: 1440 }).map((m) => m * MIN),
      ongoing: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      severity: fc.constantFrom<Outage['severity']>('FULL', 'FULL', 'PARTIAL'),
      degradationBps: fc.integer({ min: 0, max: 10_000 }),
      // now and then an id twice (two rows, two scopes, as in deliverableRisk)
      sameIdAs: fc.option(fc.nat(), { freq: 10 }),
    }),
    { maxLength: 10 },
  )
  .map((rows) =>
    rows.map((r, index): Outage => {
      const id = r.sameIdAs !== null && index > 0 ? `o${r.sameIdAs % index}` : `o${index}`;
      return {
        id,
        title: `outage ${index}`,
        platformIds: r.platformIds,
        startsAt: at(r.start),
        endsAt: r.ongoing ? null : at(r.start + r.length),
        severity: r.severity,
        degradationBps: r.severity === 'PARTIAL' ? r.degradationBps : null,
      };
    }),
  );

const scenarioTermsArb = termsArb(ALL_IDS);

export const deliverablesArb: fc.Arbitrary<Deliverable[]> = fc
  .array(
    fc.record({
      slot: minutes(2 * 1440),
      duration: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 240 })),
      dueAfter: fc.integer({ min: -1440, max: 4 * 1440 }).map((m) => m * MIN),
      slug: fc.constantFrom(...SLUGS),
      fee: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      currency: fc.constantFrom('USD', 'JPY', 'KWD'),
      timing: timingArb,
      status: statusArb,
      deal: scenarioTermsArb,
    }),
    { minLength: 1, maxLength: 15 },
  )
  .map((rows) =>
    rows.map((r, index): Deliverable => ({
      id: `d${index}`,
      dealId: `deal-${index % 3}`,
      creatorId: 'creator',
      brandId: 'brand',
      platformId: pid(r.slug),
      platformSlug: r.slug,
      kind: 'POST',
      title: 'post',
      scheduledAt: at(r.slot),
      durationMinutes: r.duration,
      dueAt: at(r.slot + r.dueAfter),
      fee: r.fee,
      currency: r.currency,
      timing: r.timing,
      status: r.status,
      deal: r.deal,
    })),
  );

/** Deliverables, outages, a platform graph and an asOf around 5 March 2024, at random. */
export const scenarioArb = fc.record({
  deliverables: deliverablesArb,
  outages: outagesArb,
  edges: edgesArb,
  asOf: minutes(5 * 1440).map(at),
  named: fc.boolean(),
});
