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
