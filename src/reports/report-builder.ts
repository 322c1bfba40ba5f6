// Builds the ReportModel from scoped impacts and batch-loaded names. Pure: the service does the
// loading, this does the arithmetic-free assembly (the engine's functions do the sums).
import type { Viewer } from '../auth/viewer';
import {
  affectedPlatformIds,
  aggregate,
  assessDeliverable,
  effectiveWindow,
  explained,
  isOpenEnded,
  NEVER_KILLED,
  slotOf,
  totalsByCurrency,
  upstreamPlatformIds,
  type CurrencyTotals,
  type Deliverable,
  type DeliverableAssessment,
  type Outage,
  type OutageImpact,
  type PlatformAccount,
  type PlatformEdge,
  type PlatformIncomeLoss,
  type PlatformInfo,
} from '../impact/engine';
import { mergeAssessments, mergePlatformIncome, type MergedIncome } from './period-merge';
import type { ProgressCounter } from './progress';
import { recommendations } from './recommendations';
import type {
  ReportDealTerms,
  ReportDeliverable,
  ReportKind,
  ReportModel,
  ReportOutage,
  ReportPeriod,
  ReportPlatform,
  ReportPlatformIncome,
  ReportTotals,
  ReportViewer,
} from './report.model';
import { MS_PER_DAY } from '../common/time/durations';
import { formatUtc, utcDay } from '../common/time/utc-format';

// String.prototype.localeCompare's order (the default locale, default options), without building
// a collator per call: the rows of a period report are sorted by title in the thousands.
const collator = new Intl.Collator();
const compareText = (a: string, b: string): number => collator.compare(a, b);

/** Rows are built (and progress reported) in chunks of this many deliverables. */
export const ROW_CHUNK = 100;

export interface DealNames {
  readonly title: string;
  readonly creatorId: string;
  readonly creatorName: string;
  readonly brandId: string;
  readonly brandName: string;
}

export interface ReportBuildInput {
  readonly kind: ReportKind;
  readonly generatedAt: Date;
  readonly asOf: Date;
  readonly period: ReportPeriod | null;
  /** Platform id a PERIOD report is limited to. */
  readonly platformFilterId: string | null;
  readonly viewer: ReportViewer;
  /** One per outage, already scoped to the viewer, by start. */
  readonly impacts: readonly { readonly outage: Outage; readonly impact: OutageImpact }[];
  readonly edges: readonly PlatformEdge[];
  readonly platforms: ReadonlyMap<string, PlatformInfo>;
  /** The hit deliverables with their deal terms, by id. */
  readonly deliverables: ReadonlyMap<string, Deliverable>;
  readonly deals: ReadonlyMap<string, DealNames>;
  /** Creators named by platform income rows. */
  readonly creatorNames: ReadonlyMap<string, string>;
  /** Every known outage around the report's windows, for the force-majeure what-if. */
  readonly contextOutages: readonly Outage[];
  /** Accounts whose income several outages touched (for counting overlaps once), by id. */
  readonly accounts: ReadonlyMap<string, PlatformAccount>;
  readonly progress?: ProgressCounter;
}

const FULL_BPS = 10_000;

/**
 * "admin view", "Maya's view", "Acme's view", "Acme and Globex's view". Whether platform income
 * shows is the platform-account rule (`maySeePlatformIncome`), passed in.
 */
export function describeViewer(
  viewer: Viewer,
  seesPlatformIncome: boolean,
  creatorNames: ReadonlyMap<string, string>,
  brandNames: ReadonlyMap<string, string>,
): ReportViewer {
  if (viewer.isAdmin) return { role: 'ADMIN', description: 'admin view', seesPlatformIncome };
  if (viewer.role === 'CREATOR') {
    const name = viewer.creatorId ? creatorNames.get(viewer.creatorId) : undefined;
    return {
      role: 'CREATOR',
      description: name ? `${name}'s view` : 'creator view',
      seesPlatformIncome,
    };
  }
  const names = viewer.brandIds
    .map((id) => brandNames.get(id))
    .filter((name): name is string => !!name)
    .sort();
  const description =
    names.length === 0
      ? 'brand view'
      : `${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}'s view`;
  return { role: 'BRAND', description, seesPlatformIncome };
}

export function reportTitle(
  kind: ReportKind,
  outages: readonly Pick<Outage, 'title'>[],
  period: ReportPeriod | null,
  platform: ReportPlatform | null,
): string {
  if (kind === 'OUTAGE') return `Outage report: ${outages[0]?.title ?? 'outage'}`;
  const range = period ? `${day(period.from)} to ${day(period.to)}` : '';
  return `Period report: ${range}${platform ? ` (${platform.name})` : ''}`;
}

/** "2024-03-05" at UTC midnight, "2024-03-05 15:00 UTC" otherwise. */
function day(date: Date): string {
  return date.getTime() % MS_PER_DAY === 0
    ? utcDay(date)
    : formatUtc(date, "yyyy-MM-dd HH:mm 'UTC'");
}

export function buildReportModel(input: ReportBuildInput): ReportModel {
  const { viewer, platforms, edges } = input;
  const platform = (id: string, slug?: string): ReportPlatform => {
    const info = platforms.get(id);
    const s = info?.slug ?? slug ?? id;
    return { id, slug: s, name: info?.name ?? s };
  };
  const byName = (a: ReportPlatform, b: ReportPlatform) =>
    compareText(a.name, b.name) || compareText(a.id, b.id);
  const outageById = new Map(input.impacts.map(({ outage }) => [outage.id, outage]));

  const outages: ReportOutage[] = input.impacts.map(({ outage, impact }) => {
    const direct = new Set(outage.platformIds);
    return {
      id: outage.id,
      title: outage.title,
      startsAt: outage.startsAt,
      endsAt: outage.endsAt,
      ongoing: isOpenEnded(outage),
      countedUntil: effectiveWindow(outage, input.asOf).end,
      severity: outage.severity,
      degradationBps: outage.severity === 'FULL' ? FULL_BPS : (outage.degradationBps ?? FULL_BPS),
      directPlatforms: outage.platformIds.map((id) => platform(id)).sort(byName),
      dependentPlatforms: affectedPlatformIds(outage.platformIds, edges)
        .filter((id) => !direct.has(id))
        .map((id) => platform(id))
        .sort(byName),
      provisional: impact.provisional,
      deliverablesHit: impact.items.length,
    };
  });

  // Each deliverable once, at its worst outcome; rows whose deliverable vanished meanwhile are
  // dropped together with their figures, so totals still add up from the rows.
  const merged = mergeAssessments(input.impacts.map(({ impact }) => impact)).filter(
    ({ assessment }) => input.deliverables.has(assessment.deliverableId),
  );
  input.progress?.setTotal(input.impacts.length + merged.length);

  const rows: Array<{ row: ReportDeliverable; assessment: DeliverableAssessment }> = [];
  for (let start = 0; start < merged.length; start += ROW_CHUNK) {
    const chunk = merged.slice(start, start + ROW_CHUNK);
    for (const { assessment: a, outageIds } of chunk) {
      const d = input.deliverables.get(a.deliverableId)!;
      const deal = input.deals.get(a.dealId);
      const outage = outageById.get(a.outageId);
      const slot = slotOf(d);
      const upstream = upstreamPlatformIds(d.platformId, edges);
      const downThrough =
        !outage || outage.platformIds.includes(d.platformId)
          ? []
          : outage.platformIds.filter((id) => upstream.has(id)).map((id) => platform(id));
      rows.push({
        assessment: a,
        // Written only when read: a period report holds thousands of rows, a page shows 20.
        row: explained(
          {
            deliverableId: d.id,
            title: d.title,
            kind: d.kind,
            timing: d.timing,
            platform: platform(d.platformId, d.platformSlug),
            dealId: d.dealId,
            dealTitle: deal?.title ?? d.dealId,
            creatorId: d.creatorId,
            creatorName: deal?.creatorName ?? d.creatorId,
            brandId: d.brandId,
            brandName: deal?.brandName ?? d.brandId,
            outcome: a.outcome,
            currency: a.currency,
            fee: a.fee,
            delayed: a.delayed,
            lost: a.lost,
            retained: a.retained,
            recoverable: a.recoverable,
            atRisk: a.atRisk,
            daysLate: a.daysLate,
            penaltyBps: a.penaltyBps,
            delayMinutes: a.delayMinutes,
            scheduledAt: slot.start,
            slotEnd: slot.end,
            durationMinutes: d.durationMinutes,
            dueAt: d.dueAt,
            effectiveDeadline: a.effectiveDeadline,
            suggestedSlot: a.suggestedSlot,
            suggestedPlatform: a.suggestedPlatformId ? platform(a.suggestedPlatformId) : null,
            originalPaymentDue: a.originalPaymentDue,
            newPaymentDue: a.newPaymentDue,
            explanationCode: a.explanationCode,
            provisional: a.provisional,
            outageId: a.outageId,
            outageIds,
            downThrough,
            lostWithForceMajeure: outage ? lostWithForceMajeure(d, a, outage, input) : null,
          },
          () => a.explanation,
        ),
      });
    }
    input.progress?.advance(chunk.length);
  }
  rows.sort(
    (x, y) =>
      x.row.scheduledAt.getTime() - y.row.scheduledAt.getTime() ||
      compareText(x.row.title, y.row.title) ||
      compareText(x.row.deliverableId, y.row.deliverableId),
  );
  const assessments = rows.map(({ assessment }) => assessment);

  const shows = viewer.seesPlatformIncome;
  const income: MergedIncome[] = shows
    ? mergePlatformIncome(
        input.impacts.flatMap(({ outage, impact }) =>
          impact.platformIncome.map((entry) => ({
            entry,
            window: effectiveWindow(outage, input.asOf),
          })),
        ),
        new Map([...input.accounts.values()].map((account) => [account.id, account.dailyEarnings])),
        platforms,
      )
    : [];
  const toTotals = (totals: readonly CurrencyTotals[]): ReportTotals[] =>
    totals.map((t) => ({
      currency: t.currency,
      delayed: t.delayed,
      lost: t.lost,
      retained: t.retained,
      recoverable: t.recoverable,
      atRisk: t.atRisk,
      ...(shows ? { platformIncomeLost: t.platformIncomeLost } : {}),
      counts: {
        lost: t.counts.LOST,
        late: t.counts.LATE,
        delayed: t.counts.DELAYED,
        atRisk: t.counts.AT_RISK,
        recoverable: t.counts.RECOVERABLE,
      },
      fees: { ...t.fees },
    }));
  const grouped = (
    keyFn: (item: DeliverableAssessment) => string,
    incomeKey: ((entry: PlatformIncomeLoss) => string) | null,
  ) =>
    aggregate(
      assessments,
      keyFn,
      incomeKey && shows ? { entries: income, keyFn: incomeKey } : undefined,
    ).map(({ key, totals }) => ({ key, totals: toTotals(totals) }));

  const firstRowOf = new Map<string, ReportDeliverable>();
  for (const { row } of rows) {
    for (const key of [row.creatorId, row.brandId, row.dealId]) {
      if (!firstRowOf.has(key)) firstRowOf.set(key, row);
    }
  }
  const creatorName = (id: string) =>
    input.creatorNames.get(id) ?? firstRowOf.get(id)?.creatorName ?? id;

  const byCreator = grouped(
    (a) => a.creatorId,
    (e) => e.creatorId,
  )
    .map(({ key, totals }) => ({ creatorId: key, creatorName: creatorName(key), totals }))
    .sort(
      (a, b) => compareText(a.creatorName, b.creatorName) || compareText(a.creatorId, b.creatorId),
    );
  const byBrand = grouped((a) => a.brandId, null)
    .map(({ key, totals }) => ({
      brandId: key,
      brandName: firstRowOf.get(key)?.brandName ?? key,
      totals,
    }))
    .sort((a, b) => compareText(a.brandName, b.brandName) || compareText(a.brandId, b.brandId));
  const byDeal = grouped((a) => a.dealId, null)
    .map(({ key, totals }) => {
      const row = firstRowOf.get(key)!;
      return {
        dealId: key,
        dealTitle: row.dealTitle,
        creatorId: row.creatorId,
        creatorName: row.creatorName,
        brandId: row.brandId,
        brandName: row.brandName,
        terms: dealTerms(input.deliverables.get(row.deliverableId)!, platform),
        totals,
      };
    })
    .sort((a, b) => compareText(a.dealTitle, b.dealTitle) || compareText(a.dealId, b.dealId));
  const byPlatform = grouped(
    (a) => a.platformId,
    (e) => e.platformId,
  )
    .map(({ key, totals }) => ({ platform: platform(key), totals }))
    .sort((a, b) => byName(a.platform, b.platform));

  const platformIncome: ReportPlatformIncome[] = income
    .map((entry) =>
      explained(
        {
          accountId: entry.accountId,
          creatorId: entry.creatorId,
          creatorName: creatorName(entry.creatorId),
          platform: platform(entry.platformId),
          currency: entry.currency,
          downtimeMinutes: entry.downtimeMinutes,
          factorBps: entry.factorBps,
          loss: entry.loss,
          provisional: entry.provisional,
          outageIds: entry.outageIds,
          explanationCode: entry.explanationCode,
        },
        () => entry.explanation,
      ),
    )
    .sort(
      (a, b) =>
        compareText(a.creatorName, b.creatorName) ||
        byName(a.platform, b.platform) ||
        compareText(a.accountId, b.accountId),
    );

  const platformFilter = input.platformFilterId ? platform(input.platformFilterId) : null;
  const withoutRecommendations: Omit<ReportModel, 'recommendations'> = {
    title: reportTitle(input.kind, outages, input.period, platformFilter),
    kind: input.kind,
    generatedAt: input.generatedAt,
    asOf: input.asOf,
    period: input.period,
    platformFilter,
    viewer,
    provisional: input.impacts.some(({ impact }) => impact.provisional),
    outages,
    totals: toTotals(totalsByCurrency(assessments, shows ? income : [])),
    byCreator,
    byBrand,
    byDeal,
    byPlatform,
    deliverables: rows.map(({ row }) => row),
    ...(shows ? { platformIncome } : {}),
  };
  return { ...withoutRecommendations, recommendations: recommendations(withoutRecommendations) };
}

function dealTerms(d: Deliverable, platform: (id: string) => ReportPlatform): ReportDealTerms {
  return {
    netPaymentDays: d.deal.netPaymentDays,
    latePenaltyBpsPerDay: d.deal.latePenaltyBpsPerDay,
    latePenaltyCapBps: d.deal.latePenaltyCapBps,
    killAfterDaysLate: d.deal.killAfterDaysLate >= NEVER_KILLED ? null : d.deal.killAfterDaysLate,
    killFeeBps: d.deal.killFeeBps,
    forceMajeure: d.deal.forceMajeure,
    alternatePlatforms: d.deal.alternatePlatformIds.map((id) => platform(id)),
  };
}

/**
 * The same assessment re-run with a force-majeure clause (and the deal's own kill fee): what
 * would have been lost. Null when the deal already has the clause.
 */
function lostWithForceMajeure(
  d: Deliverable,
  actual: DeliverableAssessment,
  outage: Outage,
  input: ReportBuildInput,
): bigint | null {
  if (d.deal.forceMajeure) return null;
  if (actual.lost === 0n) return 0n;
  const whatIf = assessDeliverable({
    deliverable: { ...d, deal: { ...d.deal, forceMajeure: true } },
    outage,
    allOutages: input.contextOutages,
    edges: input.edges,
    asOf: input.asOf,
    platforms: input.platforms,
  });
  // Force majeure only ever helps; never report a what-if above what actually happened.
  return whatIf && whatIf.lost < actual.lost ? whatIf.lost : actual.lost;
}
