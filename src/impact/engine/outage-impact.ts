import { assessInScope, outageScope } from './deliverable-impact';
import { isProvisional } from './downtime';
import { platformIncomeLoss } from './platform-income';
import { affectedPlatformIds } from './platform-graph';
import type {
  CurrencyTotals,
  DeliverableAssessment,
  ImpactOutcome,
  KeyedTotals,
  OutageImpact,
  OutageImpactInput,
  OutcomeAmounts,
  OutcomeCounts,
  PlatformIncomeLoss,
} from './types';

interface MutableTotals {
  currency: string;
  delayed: bigint;
  lost: bigint;
  retained: bigint;
  recoverable: bigint;
  atRisk: bigint;
  platformIncomeLost: bigint;
  counts: OutcomeCounts;
  fees: OutcomeAmounts;
}

function emptyTotals(currency: string): MutableTotals {
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
  };
}

/**
 * Sums assessments (and optionally platform income) per currency — never across currencies.
 * Each figure is a plain sum of already-rounded item amounts, so totals always equal the sum of
 * the rows shown. Sorted by currency code.
 */
export function totalsByCurrency(
  items: readonly DeliverableAssessment[],
  income: readonly PlatformIncomeLoss[] = [],
): CurrencyTotals[] {
  const byCurrency = new Map<string, MutableTotals>();
  const totalsFor = (currency: string) => {
    let totals = byCurrency.get(currency);
    if (!totals) byCurrency.set(currency, (totals = emptyTotals(currency)));
    return totals;
  };
  for (const item of items) {
    const t = totalsFor(item.currency);
    t.delayed += item.delayed;
    t.lost += item.lost;
    t.retained += item.retained;
    t.recoverable += item.recoverable;
    t.atRisk += item.atRisk;
    t.counts[item.outcome satisfies ImpactOutcome] += 1;
    t.fees[item.outcome] += item.fee;
  }
  for (const entry of income) totalsFor(entry.currency).platformIncomeLost += entry.loss;
  return [...byCurrency.values()].sort((a, b) =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
  );
}

/**
 * Per-key, per-currency totals for report breakdowns: `aggregate(items, (i) => i.creatorId)` for
 * byCreator, `i.brandId` byBrand, `i.platformId` byPlatform, `i.dealId` byDeal. Platform income
 * joins in when given with its own key function (accounts have a creator and a platform, not a
 * brand or deal). Keys sorted ascending; keys present only in income still appear.
 */
export function aggregate(
  items: readonly DeliverableAssessment[],
  keyFn: (item: DeliverableAssessment) => string,
  income?: {
    readonly entries: readonly PlatformIncomeLoss[];
    readonly keyFn: (entry: PlatformIncomeLoss) => string;
  },
): KeyedTotals[] {
  const itemsByKey = new Map<string, DeliverableAssessment[]>();
  const incomeByKey = new Map<string, PlatformIncomeLoss[]>();
  for (const item of items) push(itemsByKey, keyFn(item), item);
  for (const entry of income?.entries ?? []) push(incomeByKey, income!.keyFn(entry), entry);
  const keys = [...new Set([...itemsByKey.keys(), ...incomeByKey.keys()])].sort();
  return keys.map((key) => ({
    key,
    totals: totalsByCurrency(itemsByKey.get(key) ?? [], incomeByKey.get(key) ?? []),
  }));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Everything one outage costs, as of `asOf`: the affected platforms (rule 1), an assessment for
 * every candidate deliverable it hits (rules 2–4, see `assessDeliverable`; candidates that are
 * not hit are dropped, duplicates by id are assessed once), platform income lost per account
 * (rule 5, see `platformIncomeLoss`), and totals per currency (rule 6: never summed across
 * currencies). Deliverables and income count the same window (`effectiveWindow`: as recorded, an
 * open-ended outage up to asOf). `provisional` when the outage was not over by asOf
 * (`isProvisional`) — then every income row is too — or when any item is.
 * Items are ordered by scheduledAt, then deliverable id.
 */
export function computeOutageImpact(input: OutageImpactInput): OutageImpact {
  const { outage, allOutages, edges, platforms, asOf } = input;
  const seen = new Set<string>();
  const hits: Array<{ scheduledAt: number; item: DeliverableAssessment }> = [];
  const scope = outageScope({ outage, allOutages, edges, asOf, platforms });
  for (const deliverable of input.deliverables) {
    if (seen.has(deliverable.id)) continue;
    seen.add(deliverable.id);
    const item = assessInScope(scope, deliverable);
    if (item) hits.push({ scheduledAt: deliverable.scheduledAt.getTime(), item });
  }
  hits.sort(
    (a, b) =>
      a.scheduledAt - b.scheduledAt ||
      (a.item.deliverableId < b.item.deliverableId
        ? -1
        : a.item.deliverableId > b.item.deliverableId
          ? 1
          : 0),
  );
  const items = hits.map((hit) => hit.item);
  const platformIncome = platformIncomeLoss({
    outage,
    accounts: input.accounts,
    edges,
    asOf,
    platforms,
  });
  return {
    outageId: outage.id,
    affectedPlatformIds: affectedPlatformIds(outage.platformIds, edges),
    provisional: isProvisional(outage, asOf) || items.some((item) => item.provisional),
    items,
    totals: totalsByCurrency(items, platformIncome),
    platformIncome,
  };
}
