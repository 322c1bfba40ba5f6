import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { pageOf, type Connection } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { Clock } from '../infrastructure/clock';
import { Metrics } from '../infrastructure/metrics/metrics';
import { withSpan } from '../infrastructure/telemetry/spans';
import { maySeePlatformIncome } from '../platforms/platform-account.repository';
import { PlatformsService } from '../platforms/platforms.service';
import { degradationFor } from '../outages/outage-degradation';
import {
  affectedPlatformIds,
  computeOutageImpact,
  deliverableRisks,
  effectiveWindow,
  type Deliverable,
  type DeliverableRisk,
  type ImpactOutcome,
  type Outage,
  type OutageImpact,
} from './engine';
import type { SimulateOutageInput } from './dto/simulate-outage.input';
import { outageNotFound, simulatedWindowInvalid } from './impact.errors';
import { toDeliverableImpact } from './impact.mapping';
import type { DeliverableImpact } from './impact.model';
import { toEngineDeliverables, type LoadedDeliverable } from './engine-deliverables';
import {
  ImpactRepository,
  isOutageAround,
  slotsAndDeadlines,
  type PlatformGraph,
} from './impact.repository';

export interface ScopedOutageImpact {
  outage: Outage;
  asOf: Date;
  simulated: boolean;
  impact: OutageImpact;
  /** The deliverables the engine assessed (every item's deliverable is among them). */
  candidates: readonly Deliverable[];
  graph: PlatformGraph;
  /** False for brands: platform income (rule 5) is private to creators and admins. */
  showsPlatformIncome: boolean;
}

/** Loads data, calls the pure engine, returns its answer; no impact rule lives here. */
@Injectable()
export class ImpactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ImpactRepository,
    private readonly platforms: PlatformsService,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /** `asOf` defaults to the clock's now. */
  async outageImpact(viewer: Viewer, outageId: string, asOf?: Date): Promise<ScopedOutageImpact> {
    if (!isUuid(outageId)) throw outageNotFound(outageId);
    const outage = await this.loadOutage(outageId);
    return this.assess(viewer, outage, asOf ?? this.clock.now(), false);
  }

  /** `asOf` defaults to the clock's now. */
  async simulate(
    viewer: Viewer,
    input: SimulateOutageInput,
    asOf?: Date,
  ): Promise<ScopedOutageImpact> {
    if (input.endsAt && input.endsAt <= input.startsAt) throw simulatedWindowInvalid();
    // The same severity rule, limits and words as recordOutage.
    const degradationBps = degradationFor(input.severity, input.degradationBps ?? undefined);
    const platformIds = await this.platforms.resolveSlugReferences(
      input.platformSlugs.map((slug, index) => ({ slug, field: `input.platformSlugs.${index}` })),
    );
    const outage: Outage = {
      id: 'simulated',
      title: input.title ?? 'Simulated outage',
      platformIds: [...new Set(platformIds)],
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      severity: input.severity,
      degradationBps,
    };
    return this.assess(viewer, outage, asOf ?? this.clock.now(), true);
  }

  /**
   * `outageImpact` for several recorded outages at one `asOf`, at the cost of one: the outages,
   * one risk context over all their windows (each narrowed to its own), every window's
   * candidates in one statement and the accounts on every affected platform in one. Each answer
   * is the one `outageImpact(viewer, id, asOf)` gives; ids that name no outage are absent.
   */
  outageImpacts(
    viewer: Viewer,
    outageIds: readonly string[],
    asOf: Date,
  ): Promise<Map<string, ScopedOutageImpact>> {
    return this.measured(
      'recorded',
      () => this.computeOutageImpacts(viewer, outageIds, asOf),
      (answers) => [...answers.values()],
    );
  }

  private async computeOutageImpacts(
    viewer: Viewer,
    outageIds: readonly string[],
    asOf: Date,
  ): Promise<Map<string, ScopedOutageImpact>> {
    const outages = await this.repository.outagesByIds(outageIds.filter(isUuid));
    if (outages.length === 0) return new Map();
    const windows = outages.map((outage) => ({ outage, window: effectiveWindow(outage, asOf) }));
    const from = new Date(Math.min(...windows.map(({ window }) => window.start.getTime())));
    const to = new Date(Math.max(...windows.map(({ window }) => window.end.getTime())));
    const { outages: recorded, graph } = await this.repository.riskContext(from, to);
    const affected = new Map(
      outages.map((outage) => [outage.id, affectedPlatformIds(outage.platformIds, graph.edges)]),
    );
    const [candidates, accounts] = await Promise.all([
      this.repository.candidatesForWindows(
        viewer,
        windows.map(({ outage, window }) => ({
          key: outage.id,
          directPlatformIds: outage.platformIds,
          start: window.start,
          end: window.end,
        })),
      ),
      this.repository.visibleAccounts(viewer, [...new Set([...affected.values()].flat())]),
    ]);
    return new Map(
      windows.map(({ outage, window }) => {
        const platforms = new Set(affected.get(outage.id));
        const deliverables = candidates.get(outage.id) ?? [];
        const impact = computeOutageImpact({
          outage,
          allOutages: recorded.filter((other) => isOutageAround(other, window.start, window.end)),
          edges: graph.edges,
          platforms: graph.platforms,
          deliverables,
          accounts: accounts.filter((account) => platforms.has(account.platformId)),
          asOf,
        });
        const scoped: ScopedOutageImpact = {
          outage,
          asOf,
          simulated: false,
          impact,
          candidates: deliverables,
          graph,
          showsPlatformIncome: maySeePlatformIncome(viewer),
        };
        return [outage.id, scoped];
      }),
    );
  }

  /** One page of the hit deliverables, in slot order, optionally of one outcome. */
  deliverables(
    scoped: ScopedOutageImpact,
    outcome: ImpactOutcome | undefined,
    page: { first?: number | null; after?: string | null },
  ): Connection<DeliverableImpact> {
    const items = scoped.impact.items.filter((item) => !outcome || item.outcome === outcome);
    const { edges, pageInfo, totalCount } = pageOf(items, page, (item) => item.deliverableId);
    return {
      edges: edges.map(({ cursor, node }) => ({ cursor, node: toDeliverableImpact(node) })),
      pageInfo,
      totalCount,
    };
  }

  /**
   * `risks` for deliverables the request already loaded with their deals and platforms (a list
   * page): only the outages around them, the graph and the deals' alternates are read, in one
   * statement.
   */
  async risksOfLoaded(
    loaded: ReadonlyArray<Omit<LoadedDeliverable, 'alternatePlatformIds'>>,
    asOf: Date,
  ): Promise<Map<string, DeliverableRisk>> {
    if (loaded.length === 0) return new Map();
    const { from, to } = slotsAndDeadlines(loaded.map(({ deliverable }) => deliverable));
    const dealIds = [...new Set(loaded.map(({ deal }) => deal.id))];
    const { outages, graph, alternates } = await this.repository.riskContextWithAlternates(
      from,
      to,
      dealIds,
    );
    const deliverables = toEngineDeliverables(
      loaded.map((entry) => ({
        ...entry,
        alternatePlatformIds: alternates.get(entry.deal.id) ?? [],
      })),
    );
    return deliverableRisks(deliverables, outages, graph.edges, asOf, graph.platforms);
  }

  /**
   * Each deliverable's standing against every recorded outage around its slot; each outage's
   * scope is built once for the whole batch, not once per deliverable.
   */
  async risks(
    deliverableIds: readonly string[],
    asOf: Date,
  ): Promise<Map<string, DeliverableRisk>> {
    const deliverables = await this.repository.deliverablesByIds(deliverableIds);
    if (deliverables.length === 0) return new Map();
    const { outages, graph } = await this.repository.riskContextAround(deliverables);
    return deliverableRisks(deliverables, outages, graph.edges, asOf, graph.platforms);
  }

  private assess(
    viewer: Viewer,
    outage: Outage,
    asOf: Date,
    simulated: boolean,
  ): Promise<ScopedOutageImpact> {
    return this.measured(
      simulated ? 'simulated' : 'recorded',
      () => this.assessOne(viewer, outage, asOf, simulated),
      (answer) => [answer],
    );
  }

  /**
   * Runs one impact request (one outage or several) in an `impact.compute` span and counts it:
   * the impacts computed, the deliverables they hit, and how long loading and computing took.
   */
  private measured<T>(
    kind: 'recorded' | 'simulated',
    work: () => Promise<T>,
    answersOf: (result: T) => ScopedOutageImpact[],
  ): Promise<T> {
    return withSpan('impact.compute', { 'impact.kind': kind }, async () => {
      const startedAt = process.hrtime.bigint();
      const result = await work();
      const answers = answersOf(result);
      const hits = answers.reduce((sum, answer) => sum + answer.impact.items.length, 0);
      this.metrics.impactComputations.inc({ kind }, answers.length);
      this.metrics.impactDeliverablesHit.inc({ kind }, hits);
      this.metrics.impactDuration.observe({ kind }, Metrics.secondsSince(startedAt));
      return result;
    });
  }

  private async assessOne(
    viewer: Viewer,
    outage: Outage,
    asOf: Date,
    simulated: boolean,
  ): Promise<ScopedOutageImpact> {
    const window = effectiveWindow(outage, asOf);
    const { outages: recorded, graph } = await this.repository.riskContext(
      window.start,
      window.end,
    );
    const affected = affectedPlatformIds(outage.platformIds, graph.edges);
    const [deliverables, accounts] = await Promise.all([
      this.repository.candidates(viewer, [...outage.platformIds], window.start, window.end),
      this.repository.visibleAccounts(viewer, [...affected]),
    ]);
    const allOutages = simulated ? [...recorded, outage] : recorded;
    const impact = computeOutageImpact({
      outage,
      allOutages,
      edges: graph.edges,
      platforms: graph.platforms,
      deliverables,
      accounts,
      asOf,
    });
    return {
      outage,
      asOf,
      simulated,
      impact,
      candidates: deliverables,
      graph,
      showsPlatformIncome: maySeePlatformIncome(viewer),
    };
  }

  private async loadOutage(outageId: string): Promise<Outage> {
    const rows = await this.repository.outagesByIds([outageId]);
    if (rows.length === 0) throw outageNotFound(outageId);
    return rows[0];
  }
}
