import type { Id, PlatformDirectory, PlatformEdge } from '../../impact/engine';
import { MS_PER_HOUR } from '../../common/time/durations';
import { busiestHour, WHAT_IF_HOURS } from './busiest-hour';
import { compareBySlug, dependsOn, providerRoots, splitAcrossRoots } from './provider-roots';
import { concentrationIndex, sharesInBps } from './shares';
import type {
  CurrencyExposure,
  DealPlatformRow,
  ExposureResult,
  HourlyExposureRow,
  PlatformExposure,
  ProviderExposure,
  WhatIfPlan,
} from './types';

export interface ExposureInput {
  /** Scheduled income per platform, currency and clock hour (PLANNED, ACTIVE deals, in the window). */
  readonly hourly: readonly HourlyExposureRow[];
  /** The deals behind those rows, per platform, with their alternates. */
  readonly deals: readonly DealPlatformRow[];
  readonly edges: readonly PlatformEdge[];
  /** For slugs: ties and multi-root splits are ordered by slug. */
  readonly platforms?: PlatformDirectory;
}

interface Tally {
  amount: bigint;
  deliverableCount: number;
}

function add(map: Map<Id, Tally>, key: Id, amount: bigint, count: number): void {
  const tally = map.get(key);
  if (tally) {
    tally.amount += amount;
    tally.deliverableCount += count;
  } else {
    map.set(key, { amount, deliverableCount: count });
  }
}

/**
 * Sorts tallies largest first (amount, then deliverables, then slug) and gives them basis-point
 * shares summing to 10 000. The shares weigh amounts; when the currency's total is zero (unpaid
 * deliverables only) they weigh deliverable counts instead, so they still mean something.
 */
function ranked(
  tallies: Map<Id, Tally>,
  bySlug: (a: Id, b: Id) => number,
  total: bigint,
): Array<{ id: Id; tally: Tally; shareBps: number; weight: bigint }> {
  const entries = [...tallies.entries()].sort(
    ([a, ta], [b, tb]) =>
      (ta.amount === tb.amount ? 0 : ta.amount > tb.amount ? -1 : 1) ||
      tb.deliverableCount - ta.deliverableCount ||
      bySlug(a, b),
  );
  const weights = entries.map(([, tally]) =>
    total > 0n ? tally.amount : BigInt(tally.deliverableCount),
  );
  const shares = sharesInBps(weights);
  return entries.map(([id, tally], index) => ({
    id,
    tally,
    shareBps: shares[index],
    weight: weights[index],
  }));
}

/**
 * Chooses the currency a provider's busiest hour is looked for in: amounts in different
 * currencies do not compare, so the currency where the provider carries the most deliverables
 * wins, then the larger share of that currency, then the currency code.
 */
export function pickWhatIfCurrency(
  candidates: ReadonlyArray<{ currency: string; deliverableCount: number; shareBps: number }>,
): string | null {
  const best = [...candidates].sort(
    (a, b) =>
      b.deliverableCount - a.deliverableCount ||
      b.shareBps - a.shareBps ||
      (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
  )[0];
  return best?.currency ?? null;
}

/**
 * Exposure of scheduled income to platforms and to their infrastructure providers, per currency
 * (never summed across currencies), with a what-if plan per provider.
 *
 * - byPlatform: each platform's amount, share and deliverables.
 * - byProvider: each root provider of the dependency graph (see `providerRoots`). A platform on
 *   several roots splits its amount (all of it, per currency) across them in equal parts by
 *   largest remainder (`splitAcrossRoots`), so provider amounts add up to the total exactly; its
 *   deliverables and deals count for every root, since an outage of any of them takes it down.
 * - shares: basis points by largest remainder, summing to exactly 10 000 per currency.
 * - concentrationIndex: HHI over the provider amounts (`concentrationIndex`).
 * - dealsWithoutAlternates: exposed deals none of whose alternates would be up in an outage of
 *   the provider (no alternates, or only alternates that depend on it too).
 * - whatIfPlans: for each provider, a WHAT_IF_HOURS outage from the start of the busiest clock
 *   hour of income on platforms depending on it (`busiestHour`), in the currency chosen by
 *   `pickWhatIfCurrency`; the full amount of a multi-root platform counts for each root here.
 */
export function computeExposure(input: ExposureInput): ExposureResult {
  const { hourly, deals, edges, platforms } = input;
  const bySlug = compareBySlug(platforms);
  const rootsCache = new Map<Id, Id[]>();
  const rootsOf = (platformId: Id): Id[] => {
    let roots = rootsCache.get(platformId);
    if (!roots) rootsCache.set(platformId, (roots = providerRoots(platformId, edges, platforms)));
    return roots;
  };

  const codes = [...new Set(hourly.map((row) => row.currency))].sort();
  const currencies: CurrencyExposure[] = [];
  // currency → provider → the hourly income on platforms depending on it
  const providerHours = new Map<string, Map<Id, Array<{ hourStart: Date; amount: bigint }>>>();

  for (const currency of codes) {
    const rows = hourly.filter((row) => row.currency === currency);
    const byPlatform = new Map<Id, Tally>();
    const hours = new Map<Id, Array<{ hourStart: Date; amount: bigint }>>();
    for (const row of rows) {
      add(byPlatform, row.platformId, row.amount, row.deliverableCount);
      for (const root of rootsOf(row.platformId)) {
        const list = hours.get(root);
        const entry = { hourStart: row.hourStart, amount: row.amount };
        if (list) list.push(entry);
        else hours.set(root, [entry]);
      }
    }
    providerHours.set(currency, hours);

    const byProvider = new Map<Id, Tally>();
    for (const [platformId, tally] of byPlatform) {
      const roots = rootsOf(platformId);
      for (const [root, part] of splitAcrossRoots(tally.amount, roots)) {
        add(byProvider, root, part, tally.deliverableCount);
      }
    }

    // provider → exposed deal → its alternates
    const dealsByProvider = new Map<Id, Map<Id, readonly Id[]>>();
    for (const row of deals) {
      if (row.currency !== currency) continue;
      for (const root of rootsOf(row.platformId)) {
        let dealMap = dealsByProvider.get(root);
        if (!dealMap) dealsByProvider.set(root, (dealMap = new Map<Id, readonly Id[]>()));
        dealMap.set(row.dealId, row.alternatePlatformIds);
      }
    }

    let total = 0n;
    let deliverableCount = 0;
    for (const tally of byPlatform.values()) {
      total += tally.amount;
      deliverableCount += tally.deliverableCount;
    }

    const platformShares: PlatformExposure[] = ranked(byPlatform, bySlug, total).map(
      ({ id, tally, shareBps }) => ({
        platformId: id,
        amount: tally.amount,
        shareBps,
        deliverableCount: tally.deliverableCount,
      }),
    );
    const providerRanking = ranked(byProvider, bySlug, total);
    const providerShares: ProviderExposure[] = providerRanking.map(({ id, tally, shareBps }) => {
      const exposedDeals: ReadonlyMap<Id, readonly Id[]> = dealsByProvider.get(id) ?? new Map();
      let dealsWithoutAlternates = 0;
      for (const alternates of exposedDeals.values()) {
        if (alternates.every((alternate) => dependsOn(alternate, id, edges))) {
          dealsWithoutAlternates += 1;
        }
      }
      return {
        providerId: id,
        amount: tally.amount,
        shareBps,
        deliverableCount: tally.deliverableCount,
        dealsWithoutAlternates,
      };
    });

    currencies.push({
      currency,
      total,
      deliverableCount,
      byPlatform: platformShares,
      byProvider: providerShares,
      concentrationIndex: concentrationIndex(providerRanking.map((entry) => entry.weight)),
    });
  }

  const providerOrder: Id[] = [];
  for (const exposure of currencies) {
    for (const share of exposure.byProvider) {
      if (!providerOrder.includes(share.providerId)) providerOrder.push(share.providerId);
    }
  }
  const whatIfPlans: WhatIfPlan[] = [];
  for (const providerId of providerOrder) {
    const currency = pickWhatIfCurrency(
      currencies.flatMap((exposure) =>
        exposure.byProvider
          .filter((share) => share.providerId === providerId)
          .map((share) => ({ currency: exposure.currency, ...share })),
      ),
    );
    const hour = currency ? busiestHour(providerHours.get(currency)?.get(providerId) ?? []) : null;
    if (!currency || !hour) continue;
    whatIfPlans.push({
      providerId,
      currency,
      startsAt: hour.hourStart,
      endsAt: new Date(hour.hourStart.getTime() + WHAT_IF_HOURS * MS_PER_HOUR),
      busiestHourAmount: hour.amount,
    });
  }

  return { currencies, whatIfPlans };
}
