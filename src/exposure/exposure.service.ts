import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/viewer';
import { toMoney } from '../common/graphql/money.model';
import { MS_PER_DAY } from '../common/time/durations';
import { Clock } from '../infrastructure/clock';
import { ImpactRepository, type PlatformGraph } from '../impact/impact.repository';
import { ImpactService, type ScopedOutageImpact } from '../impact/impact.service';
import {
  computeExposure,
  providerName,
  WHAT_IF_HOURS,
  type AdviceAudience,
  type CurrencyExposure as EngineCurrencyExposure,
  type WhatIfPlan,
} from './engine';
import { windowNotOrdered, windowTooLong } from './exposure.errors';
import type { CurrencyExposure, Exposure, WhatIfRequest } from './exposure.model';
import { ExposureRepository } from './exposure.repository';

/** Longest window `exposure` accepts, in days of 24 h. */
export const MAX_WINDOW_DAYS = 366;

export interface WhatIfResult {
  readonly request: WhatIfRequest;
  readonly scoped: ScopedOutageImpact;
}

function audienceOf(viewer: Viewer): AdviceAudience {
  if (viewer.isAdmin) return 'ADMIN';
  return viewer.role === 'CREATOR' ? 'CREATOR' : 'BRAND';
}

function toWhatIfRequest(plan: WhatIfPlan, graph: PlatformGraph, now: Date): WhatIfRequest {
  const slug = graph.platforms.get(plan.providerId)?.slug ?? plan.providerId;
  return {
    providerId: plan.providerId,
    providerSlug: slug,
    title: `${WHAT_IF_HOURS}-hour ${providerName(graph.platforms, plan.providerId)} outage at the busiest hour`,
    startsAt: plan.startsAt,
    endsAt: plan.endsAt,
    // The engine counts an outage up to asOf; the simulated one has an end, so count all of it.
    asOf: plan.endsAt > now ? plan.endsAt : now,
  };
}

function toCurrencyModel(
  exposure: EngineCurrencyExposure,
  requests: ReadonlyMap<string, WhatIfRequest>,
): CurrencyExposure {
  const money = (minor: bigint) => toMoney(minor, exposure.currency);
  return {
    currency: exposure.currency,
    total: money(exposure.total),
    deliverableCount: exposure.deliverableCount,
    concentrationIndex: exposure.concentrationIndex,
    byPlatform: exposure.byPlatform.map((share) => ({
      platformId: share.platformId,
      amount: money(share.amount),
      shareBps: share.shareBps,
      deliverableCount: share.deliverableCount,
    })),
    byProvider: exposure.byProvider.map((share) => ({
      providerId: share.providerId,
      // computeExposure plans a what-if for every provider it lists
      whatIfRequest: requests.get(share.providerId)!,
      amount: money(share.amount),
      shareBps: share.shareBps,
      deliverableCount: share.deliverableCount,
      dealsWithoutAlternates: share.dealsWithoutAlternates,
    })),
  };
}

/** Loads data, calls the pure exposure engine and the impact simulation; no rule lives here. */
@Injectable()
export class ExposureService {
  constructor(
    private readonly repository: ExposureRepository,
    private readonly impactRepository: ImpactRepository,
    private readonly impact: ImpactService,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller's exposure in [from, to): four statements whatever the number of deliverables
   * (the platform graph, and two set-based queries). What-ifs run later, only when asked for.
   */
  async exposure(viewer: Viewer, from: Date, to: Date): Promise<Exposure> {
    const now = this.clock.now();
    if (to <= from) throw windowNotOrdered(from, to);
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * MS_PER_DAY) {
      throw windowTooLong(MAX_WINDOW_DAYS);
    }
    const [graph, rows] = await Promise.all([
      this.impactRepository.platformGraph(),
      this.repository.load(viewer, from, to),
    ]);
    const result = computeExposure({ ...rows, edges: graph.edges, platforms: graph.platforms });
    const whatIfRequests = result.whatIfPlans.map((plan) => toWhatIfRequest(plan, graph, now));
    const byProvider = new Map(whatIfRequests.map((request) => [request.providerId, request]));
    return {
      startsAt: from,
      endsAt: to,
      currencies: result.currencies.map((exposure) => toCurrencyModel(exposure, byProvider)),
      audience: audienceOf(viewer),
      now,
      engine: result.currencies,
      whatIfRequests,
      graph,
    };
  }

  /** One provider's what-if: a FULL outage simulated by the impact engine, scoped to the caller. */
  async whatIf(viewer: Viewer, request: WhatIfRequest): Promise<WhatIfResult> {
    const scoped = await this.impact.simulate(
      viewer,
      {
        title: request.title,
        platformSlugs: [request.providerSlug],
        startsAt: request.startsAt,
        endsAt: request.endsAt,
        severity: 'FULL',
      },
      request.asOf,
    );
    return { request, scoped };
  }
}
