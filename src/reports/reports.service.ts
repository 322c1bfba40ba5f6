import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/viewer';
import { MS_PER_DAY } from '../common/time/durations';
import { Clock } from '../infrastructure/clock';
import {
  effectiveWindow,
  outageAffectsPlatform,
  type Deliverable,
  type Outage,
  type PlatformAccount,
} from '../impact/engine';
import { ImpactRepository, type PlatformGraph } from '../impact/impact.repository';
import { ImpactService, type ScopedOutageImpact } from '../impact/impact.service';
import { maySeePlatformIncome } from '../platforms/platform-account.repository';
import { checkCashflowWindow } from '../receivables/receivables.errors';
import { ReceivablesService } from '../receivables/receivables.service';
import { bucketStart, type CashflowBucket } from '../impact/engine';
import { buildReportModel, describeViewer, type ReportBuildInput } from './report-builder';
import type { CashflowReportModel, ReportCashflow, ReportModel } from './report.model';
import { ReportRepository } from './report.repository';
import { invalidInstant, periodTooLong, unknownPlatform, windowInvalid } from './reports.errors';
import { ProgressCounter, type ProgressListener } from './progress';

/** How many months after the month a report's outages end its cash-flow section runs. */
export const CASHFLOW_MONTHS_AFTER = 2;

/** Longest period a period report covers (a leap year). */
export const MAX_PERIOD_DAYS = 366;

export interface PeriodReportParams {
  from: Date;
  to: Date;
  /** Only outages that take this platform down, directly or through the dependency graph. */
  platformSlug?: string;
  /** Count ongoing outages up to here (default now). */
  asOf?: Date;
}

/**
 * Reports scoped exactly like `outageImpact`: the figures come from ImpactService (and so from
 * the engine); this loads names in a fixed number of batch queries and assembles the model.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly impact: ImpactService,
    private readonly impactRepository: ImpactRepository,
    private readonly repository: ReportRepository,
    private readonly clock: Clock,
    private readonly receivables: ReceivablesService,
  ) {}

  /**
   * The report with its cash-flow section: the deals in the report, in MONTH buckets from the
   * month of its first outage (or period start) to {@link CASHFLOW_MONTHS_AFTER} months after the
   * month of its end, so payments falling due on the usual terms (30–60 days) after the outages
   * are in it. The file reports (CSV, Markdown, HTML) carry it; the GraphQL Report does not.
   */
  async withCashflow(viewer: Viewer, model: ReportModel): Promise<ReportModel> {
    const starts = model.period
      ? [model.period.from]
      : model.outages.map((outage) => outage.startsAt);
    const ends = model.period ? [model.period.to] : model.outages.map((o) => o.countedUntil);
    const first = new Date(Math.min(...starts.map((d) => d.getTime()), model.asOf.getTime()));
    const last = new Date(Math.max(...ends.map((d) => d.getTime())));
    const from = bucketStart(first, 'MONTH');
    const lastMonth = bucketStart(Number.isNaN(last.getTime()) ? first : last, 'MONTH');
    const to = new Date(
      Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth() + 1 + CASHFLOW_MONTHS_AFTER, 1),
    );
    const dealIds = unique(model.deliverables.map((row) => row.dealId));
    const rows =
      dealIds.length === 0
        ? []
        : await this.receivables.cashflow(viewer, {
            from,
            to,
            bucket: 'MONTH',
            asOf: model.asOf,
            dealIds,
          });
    return { ...model, cashflow: { bucket: 'MONTH', from, to, rows } };
  }

  /**
   * `/reports/cashflow.*`: every visible deal's cash flow over [from, to). Refused by the same
   * rule as the `cashflow` query (WINDOW_INVALID, WINDOW_TOO_LONG).
   */
  async cashflowReport(
    viewer: Viewer,
    params: { from: Date; to: Date; bucket: CashflowBucket; asOf?: Date },
  ): Promise<CashflowReportModel> {
    checkCashflowWindow(params.from, params.to);
    const asOf = params.asOf ?? this.clock.now();
    const brandIds = !viewer.isAdmin && viewer.role === 'BRAND' ? viewer.brandIds : [];
    const [rows, creatorNames, brandNames] = await Promise.all([
      this.receivables.cashflow(viewer, { ...params, asOf }),
      this.repository.creatorNames(viewer.creatorId ? [viewer.creatorId] : []),
      this.repository.brandNames(brandIds),
    ]);
    const cashflow: ReportCashflow = {
      bucket: params.bucket,
      from: params.from,
      to: params.to,
      rows,
    };
    return {
      title: `Cash flow ${params.from.toISOString().slice(0, 10)} to ${params.to.toISOString().slice(0, 10)}`,
      kind: 'CASHFLOW',
      generatedAt: this.clock.now(),
      asOf,
      viewer: describeViewer(viewer, false, creatorNames, brandNames),
      cashflow,
    };
  }

  /** One outage's report. NOT_FOUND for an unknown outage (from ImpactService). */
  async outageReport(
    viewer: Viewer,
    outageId: string,
    asOf?: Date,
    onProgress?: ProgressListener,
  ): Promise<ReportModel> {
    const at = asOf ?? this.clock.now();
    const progress = new ProgressCounter(onProgress, 2);
    progress.start();
    const scoped = await this.impact.outageImpact(viewer, outageId, at);
    progress.advance();
    return this.build(viewer, [scoped], scoped.graph, progress, {
      kind: 'OUTAGE',
      asOf: at,
      period: null,
      platformFilterId: null,
    });
  }

  /**
   * Every outage overlapping [from, to) (optionally only those taking `platformSlug` down), each
   * deliverable counted once at its worst outcome, overlapping platform income counted once.
   * BAD_USER_INPUT for to ≤ from, a span over 366 days or an unknown platform slug.
   */
  async periodReport(
    viewer: Viewer,
    params: PeriodReportParams,
    onProgress?: ProgressListener,
  ): Promise<ReportModel> {
    const { from, to } = params;
    validatePeriod(from, to);
    const at = params.asOf ?? this.clock.now();
    const graph = await this.impactRepository.platformGraph();
    let platformFilterId: string | null = null;
    if (params.platformSlug !== undefined && params.platformSlug !== null) {
      const slug = params.platformSlug;
      platformFilterId = [...graph.platforms].find(([, info]) => info.slug === slug)?.[0] ?? null;
      if (!platformFilterId) {
        throw unknownPlatform(slug);
      }
    }
    const filterId = platformFilterId;
    const outages = (await this.repository.outagesOverlapping(from, to)).filter(
      (outage) =>
        filterId === null || outageAffectsPlatform(outage.platformIds, filterId, graph.edges),
    );
    const progress = new ProgressCounter(onProgress, outages.length + 1);
    progress.start();
    // One batched pass: every outage's candidates, accounts and context in a fixed number of
    // statements, each answer the one outageImpact gives (ImpactService.outageImpacts).
    const byId =
      outages.length > 0
        ? await this.impact.outageImpacts(
            viewer,
            outages.map((outage) => outage.id),
            at,
          )
        : new Map<string, ScopedOutageImpact>();
    const scoped = outages.flatMap((outage) => {
      const answer = byId.get(outage.id);
      return answer ? [answer] : [];
    });
    progress.advance(outages.length);
    return this.build(viewer, scoped, graph, progress, {
      kind: 'PERIOD',
      asOf: at,
      period: { from, to },
      platformFilterId,
    });
  }

  private async build(
    viewer: Viewer,
    scoped: readonly ScopedOutageImpact[],
    graph: PlatformGraph,
    progress: ProgressCounter,
    meta: Pick<ReportBuildInput, 'kind' | 'asOf' | 'period' | 'platformFilterId'>,
  ): Promise<ReportModel> {
    const impacts = scoped.map(({ outage, impact }) => ({ outage, impact }));
    const items = impacts.flatMap(({ impact }) => impact.items);
    const seesIncome = maySeePlatformIncome(viewer);
    const income = seesIncome ? impacts.flatMap(({ impact }) => impact.platformIncome) : [];
    const creatorIds = unique([
      ...income.map((entry) => entry.creatorId),
      ...(viewer.creatorId ? [viewer.creatorId] : []),
    ]);
    const brandIds = !viewer.isAdmin && viewer.role === 'BRAND' ? viewer.brandIds : [];

    // Names: a fixed number of batch queries, whatever the number of rows. The deliverables and
    // their terms are the ones the impacts assessed, not read again.
    const [deals, creatorNames, brandNames] = await Promise.all([
      this.repository.dealNames(viewer, unique(items.map((item) => item.dealId))),
      this.repository.creatorNames(creatorIds),
      this.repository.brandNames(brandIds),
    ]);
    const deliverableById = new Map<string, Deliverable>();
    for (const { candidates } of scoped) {
      for (const deliverable of candidates) deliverableById.set(deliverable.id, deliverable);
    }

    // The force-majeure what-if needs the outages around, as ImpactService used them.
    const needsWhatIf = items.some(
      (item) =>
        item.lost > 0n && deliverableById.get(item.deliverableId)?.deal.forceMajeure === false,
    );
    // Counting an account's income once across outages needs its daily earnings.
    const accountHits = new Map<string, number>();
    for (const entry of income) {
      accountHits.set(entry.accountId, (accountHits.get(entry.accountId) ?? 0) + 1);
    }
    const overlapping = income.filter((entry) => accountHits.get(entry.accountId)! > 1);
    const [contextOutages, accounts] = await Promise.all([
      needsWhatIf
        ? this.contextOutages(
            impacts.map(({ outage }) => outage),
            meta.asOf,
          )
        : [],
      overlapping.length
        ? this.impactRepository.visibleAccounts(
            viewer,
            unique(overlapping.map((entry) => entry.platformId)),
          )
        : ([] as PlatformAccount[]),
    ]);

    const model = buildReportModel({
      ...meta,
      generatedAt: this.clock.now(),
      viewer: describeViewer(viewer, seesIncome, creatorNames, brandNames),
      impacts,
      edges: graph.edges,
      platforms: graph.platforms,
      deliverables: deliverableById,
      deals,
      creatorNames,
      contextOutages,
      accounts: new Map(accounts.map((account) => [account.id, account])),
      progress,
    });
    progress.finish();
    return model;
  }

  private contextOutages(outages: readonly Outage[], asOf: Date): Promise<Outage[]> {
    const windows = outages.map((outage) => effectiveWindow(outage, asOf));
    const start = Math.min(...windows.map((w) => w.start.getTime()));
    const end = Math.max(...windows.map((w) => w.end.getTime()));
    return this.impactRepository.outagesAround(new Date(start), new Date(end));
  }
}

function validatePeriod(from: Date, to: Date): void {
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) {
    throw invalidInstant('from');
  }
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) {
    throw invalidInstant('to');
  }
  if (to <= from) throw windowInvalid('to');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * MS_PER_DAY) {
    throw periodTooLong(MAX_PERIOD_DAYS);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
