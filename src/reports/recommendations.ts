// Recommendations derived from a report's own figures: pure, no clock, no database. Each rule
// reads the model and returns sentences that carry the numbers behind them.
import {
  formatAmount,
  formatBpsAsPercent,
  formatInstant,
  type ImpactOutcome,
} from '../impact/engine';
import type {
  RecommendationCode,
  ReportDealBreakdown,
  ReportDeliverable,
  ReportModel,
  ReportRecommendation,
} from './report.model';

export type RecommendationInput = Omit<ReportModel, 'recommendations'>;

/**
 * Most recommendations a report carries: the list is most actionable first, so a report with
 * more groups than this keeps the most actionable ones. Stated on Report.recommendations.
 */
export const MAX_RECOMMENDATIONS = 25;

const rec = (code: RecommendationCode, text: string): ReportRecommendation => ({ code, text });

/** Names listed in a sentence before "and N more". */
const MAX_LISTED = 4;

/**
 * The report's recommendations, most actionable first:
 * 1. RECOVERABLE deliverables: post on the alternate at the planned slot (per alternate).
 * 2. FIXED deliverables LOST or AT_RISK on a deal with no alternate platform (per platform).
 * 3. FLEXIBLE deliverables LATE or LOST on a deal with no alternate platform (per platform).
 * 4. Deliverables down only through a provider (Instagram through Meta) with no working alternate.
 * 5. Deals without force majeure that lost money (with what force majeure would have lost), and
 *    deals with force majeure but no kill fee that lost a deliverable.
 * 6. Late penalties that reached the deal's cap (per deal).
 * 7. DELAYED/LATE deliverables: reschedule; payments arrive later (latest new due date).
 * 8. AT_RISK deliverables on degraded platforms.
 * 9. Provisional figures: outages not over by asOf.
 * A report with no affected deliverable and no platform income gets one "nothing to do" line.
 * Each sentence comes with the code of its rule; at most {@link MAX_RECOMMENDATIONS} are kept.
 */
export function recommendations(report: RecommendationInput): ReportRecommendation[] {
  const deals = new Map(report.byDeal.map((deal) => [deal.dealId, deal]));
  const rows = report.deliverables;
  const out = [
    ...recoverable(rows),
    ...withoutAlternates(rows, deals, 'FIXED', ['LOST', 'AT_RISK']),
    ...withoutAlternates(rows, deals, 'FLEXIBLE', ['LOST', 'LATE']),
    ...singleProvider(rows),
    ...forceMajeure(rows, report.byDeal),
    ...penaltyCap(rows, deals),
    ...rescheduled(rows),
    ...atRisk(rows),
    ...provisional(report),
  ];
  if (out.length === 0 && rows.length === 0 && (report.platformIncome ?? []).length === 0) {
    out.push(
      rec('NOTHING_TO_DO', 'No deliverable in this report was hit by an outage: nothing to do.'),
    );
  }
  return out.slice(0, MAX_RECOMMENDATIONS);
}

function recoverable(rows: readonly ReportDeliverable[]): ReportRecommendation[] {
  const hits = rows.filter((row) => row.outcome === 'RECOVERABLE' && row.suggestedPlatform);
  return groupBy(hits, (row) => row.suggestedPlatform!.name).map(([platform, group]) => {
    const kept = amounts(group, (row) => row.recoverable);
    if (group.length === 1) {
      const [row] = group;
      return rec(
        'POST_ON_ALTERNATE',
        `Post ${row.title} (${row.dealTitle}) on ${platform} at its planned slot, ${utc(row.scheduledAt)}, to keep ${kept}.`,
      );
    }
    return rec(
      'POST_ON_ALTERNATE',
      `Post ${count(group.length, 'deliverable')} on ${platform} at their planned slots to keep ${kept}: ${list(group.map(label))}.`,
    );
  });
}

function withoutAlternates(
  rows: readonly ReportDeliverable[],
  deals: ReadonlyMap<string, ReportDealBreakdown>,
  timing: ReportDeliverable['timing'],
  outcomes: readonly ImpactOutcome[],
): ReportRecommendation[] {
  const hits = rows.filter(
    (row) =>
      row.timing === timing &&
      outcomes.includes(row.outcome) &&
      (deals.get(row.dealId)?.terms.alternatePlatforms.length ?? 0) === 0,
  );
  return groupBy(hits, (row) => row.platform.name).map(([platform, group]) => {
    const dealTitles = unique(group.map((row) => row.dealTitle));
    const figures = [
      moneyPhrase(group, (row) => row.lost, 'lost'),
      moneyPhrase(group, (row) => row.delayed, 'paid later'),
      moneyPhrase(group, (row) => row.atRisk, 'at risk'),
    ].filter(Boolean);
    const what =
      timing === 'FIXED'
        ? `${count(group.length, 'FIXED deliverable')} on ${platform} had no alternate platform`
        : `${count(group.length, 'FLEXIBLE deliverable')} on ${platform} missed ${group.length === 1 ? 'its' : 'their'} deadline with no alternate platform`;
    const these = dealTitles.length === 1 ? 'this deal' : 'these deals';
    return rec(
      timing === 'FIXED' ? 'ADD_ALTERNATES_FIXED' : 'ADD_ALTERNATES_FLEXIBLE',
      `${what} (${figures.join(', ')}): add alternates to ${these} (${list(dealTitles)}).`,
    );
  });
}

function singleProvider(rows: readonly ReportDeliverable[]): ReportRecommendation[] {
  const hits = rows.filter((row) => row.downThrough.length > 0 && row.outcome !== 'RECOVERABLE');
  return groupBy(hits, (row) => list(row.downThrough.map((p) => p.name))).map(
    ([provider, group]) => {
      const platforms = list(unique(group.map((row) => row.platform.name)));
      const dealTitles = unique(group.map((row) => row.dealTitle));
      const lost = moneyPhrase(group, (row) => row.lost, 'lost');
      return rec(
        'ADD_INDEPENDENT_ALTERNATE',
        `${count(group.length, 'deliverable')} depended on ${provider} alone (through ${platforms}; ${amounts(group, (row) => row.fee)} in fees hit${lost ? `, ${lost}` : ''}): give ${list(dealTitles)} an alternate platform that does not run on ${provider}.`,
      );
    },
  );
}

function forceMajeure(
  rows: readonly ReportDeliverable[],
  deals: readonly ReportDealBreakdown[],
): ReportRecommendation[] {
  const out: ReportRecommendation[] = [];
  // Each deal's losing rows, in row order, found in one pass (a period report has thousands).
  const losingByDeal = new Map<string, ReportDeliverable[]>();
  for (const row of rows) {
    if (row.lost <= 0n) continue;
    const losing = losingByDeal.get(row.dealId);
    if (losing) losing.push(row);
    else losingByDeal.set(row.dealId, [row]);
  }
  for (const deal of deals) {
    const losing = losingByDeal.get(deal.dealId) ?? [];
    if (losing.length === 0) continue;
    const lost = amounts(losing, (row) => row.lost);
    if (!deal.terms.forceMajeure) {
      const withClause = amounts(losing, (row) => row.lostWithForceMajeure ?? row.lost);
      const saved = losing.some((row) => (row.lostWithForceMajeure ?? row.lost) < row.lost);
      out.push(
        rec(
          'ADD_FORCE_MAJEURE',
          saved
            ? `${deal.dealTitle} has no force-majeure clause: ${lost} was lost that force majeure would have reduced to ${withClause}.`
            : `${deal.dealTitle} has no force-majeure clause: ${lost} was lost outright; force majeure with a kill fee would keep part of it.`,
        ),
      );
    } else if (deal.terms.killFeeBps === 0 && losing.some((row) => row.outcome === 'LOST')) {
      out.push(
        rec(
          'ADD_KILL_FEE',
          `${deal.dealTitle} has force majeure but no kill fee: ${lost} was lost; a kill fee would let the creator keep a share of a cancelled deliverable.`,
        ),
      );
    }
  }
  return out;
}

function penaltyCap(
  rows: readonly ReportDeliverable[],
  deals: ReadonlyMap<string, ReportDealBreakdown>,
): ReportRecommendation[] {
  const capped = rows.filter((row) => {
    const cap = deals.get(row.dealId)?.terms.latePenaltyCapBps ?? 0;
    return row.outcome === 'LATE' && cap > 0 && row.penaltyBps !== null && row.penaltyBps >= cap;
  });
  return groupBy(capped, (row) => row.dealId).map(([dealId, group]) => {
    const terms = deals.get(dealId)!.terms;
    const cap = formatBpsAsPercent(terms.latePenaltyCapBps);
    const lost = amounts(group, (row) => row.lost);
    const limit =
      terms.killAfterDaysLate === null
        ? 'posting later adds no further penalty'
        : `posting later adds no further penalty up to the ${terms.killAfterDaysLate}-day kill limit`;
    const [first] = group;
    return rec(
      'PENALTY_CAP_REACHED',
      group.length === 1
        ? `Penalty cap reached on ${first.title} (${first.dealTitle}): ${cap} of ${formatAmount(first.fee, first.currency)} = ${lost} lost; ${limit}.`
        : `Penalty cap (${cap}) reached on ${group.length} deliverables of ${first.dealTitle} (${list(group.map((row) => row.title))}): ${lost} lost; ${limit}.`,
    );
  });
}

function rescheduled(rows: readonly ReportDeliverable[]): ReportRecommendation[] {
  const moved = rows.filter(
    (row) => (row.outcome === 'DELAYED' || row.outcome === 'LATE') && row.suggestedSlot,
  );
  if (moved.length === 0) return [];
  const latest = moved
    .map((row) => row.newPaymentDue)
    .filter((due): due is Date => due !== null)
    .reduce<Date | null>((max, due) => (max === null || due > max ? due : max), null);
  const subject =
    moved.length === 1
      ? `${moved[0].title} (${moved[0].dealTitle}) to ${utc(moved[0].suggestedSlot!)}`
      : `${moved.length} deliverables to their suggested slots (${list(moved.map((row) => row.title))})`;
  const due = latest ? `; the latest payment is now due ${utc(latest)}` : '';
  return [
    rec(
      'RESCHEDULE',
      `Reschedule ${subject}: ${amounts(moved, (row) => row.delayed)} will be paid later${due}.`,
    ),
  ];
}

function atRisk(rows: readonly ReportDeliverable[]): ReportRecommendation[] {
  const risky = rows.filter((row) => row.outcome === 'AT_RISK');
  if (risky.length === 0) return [];
  return [
    rec(
      'CONFIRM_AT_RISK',
      `${count(risky.length, 'deliverable')} on degraded platforms put ${amounts(risky, (row) => row.atRisk)} at risk: confirm ${risky.length === 1 ? 'it' : 'they'} went out as planned (${list(risky.map(label))}).`,
    ),
  ];
}

function provisional(report: RecommendationInput): ReportRecommendation[] {
  if (!report.provisional) return [];
  const open = report.outages.filter((outage) => outage.provisional);
  const titles = open.length ? ` (${list(open.map((outage) => outage.title))})` : '';
  return [
    rec(
      'PROVISIONAL_FIGURES',
      `Figures are provisional: ${count(Math.max(open.length, 1), 'outage')}${titles} had not ended by ${utc(report.asOf)}; generate this report again once ${open.length > 1 ? 'they end' : 'it ends'}.`,
    ),
  ];
}

// Helpers ------------------------------------------------------------------------------------

function label(row: ReportDeliverable): string {
  return `${row.title} (${row.dealTitle})`;
}

function utc(date: Date): string {
  return `${formatInstant(date)} UTC`;
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** "A", "A and B", "A, B and C", "A, B, C, D and 2 more" (everything when `max` is Infinity). */
export function list(values: readonly string[], max = MAX_LISTED): string {
  const items = unique(values);
  if (items.length <= 1) return items.join('');
  if (items.length > max) {
    return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  }
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Sums per currency, formatted: "600.00 GBP and 10.00 USD"; zero amounts are left out. */
function amounts(rows: readonly ReportDeliverable[], pick: (row: ReportDeliverable) => bigint) {
  const sums = new Map<string, bigint>();
  for (const row of rows) sums.set(row.currency, (sums.get(row.currency) ?? 0n) + pick(row));
  const currencies = [...sums.keys()].sort();
  const nonZero = currencies.filter((currency) => sums.get(currency)! > 0n);
  const shown = nonZero.length ? nonZero : currencies.slice(0, 1);
  return list(
    shown.map((currency) => formatAmount(sums.get(currency)!, currency)),
    Infinity,
  );
}

/** "600.00 GBP lost", or '' when nothing. */
function moneyPhrase(
  rows: readonly ReportDeliverable[],
  pick: (row: ReportDeliverable) => bigint,
  what: string,
): string {
  return rows.some((row) => pick(row) > 0n) ? `${amounts(rows, pick)} ${what}` : '';
}

/** Groups in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()];
}
