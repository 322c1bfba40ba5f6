// Plain data in and out of the exposure engine. The repository maps SQL rows onto these shapes;
// nothing here knows about entities, GraphQL or the clock.
import type { Id } from '../../impact/engine';

/**
 * Scheduled income on one platform, in one currency, in one UTC clock hour: the PLANNED
 * deliverables of ACTIVE deals the caller may see, summed (a set-based query does the summing).
 */
export interface HourlyExposureRow {
  readonly platformId: Id;
  readonly currency: string;
  /** Start of the UTC clock hour [hourStart, hourStart + 1 h) holding the deliverables' scheduledAt. */
  readonly hourStart: Date;
  /** Minor units of `currency`. */
  readonly amount: bigint;
  readonly deliverableCount: number;
}

/** A deal with exposed deliverables on a platform, and the alternates the deal allows. */
export interface DealPlatformRow {
  readonly dealId: Id;
  readonly platformId: Id;
  readonly currency: string;
  /** In the deal's order of preference; empty when the deal allows none. */
  readonly alternatePlatformIds: readonly Id[];
}

export interface PlatformExposure {
  readonly platformId: Id;
  /** Minor units. */
  readonly amount: bigint;
  /** Share of the currency's total, basis points; the shares of one currency sum to 10 000. */
  readonly shareBps: number;
  readonly deliverableCount: number;
}

export interface ProviderExposure {
  /** A root of the dependency graph (meta, google, bytedance, or a platform without providers). */
  readonly providerId: Id;
  /** Minor units; a platform on several roots contributes a largest-remainder part to each. */
  readonly amount: bigint;
  /** Basis points; the provider shares of one currency sum to 10 000. */
  readonly shareBps: number;
  /** Deliverables on platforms depending on this provider (a multi-root one counts for each root). */
  readonly deliverableCount: number;
  /** Exposed deals whose alternates (if any) all depend on this provider too: none survives its outage. */
  readonly dealsWithoutAlternates: number;
}

/** One currency's exposure; figures are never summed across currencies. */
export interface CurrencyExposure {
  readonly currency: string;
  /** Minor units. */
  readonly total: bigint;
  readonly deliverableCount: number;
  /** Largest first (amount, then deliverables, then slug). */
  readonly byPlatform: readonly PlatformExposure[];
  /** Largest first (amount, then deliverables, then slug). */
  readonly byProvider: readonly ProviderExposure[];
  /** Herfindahl–Hirschman index over providers, 0–10 000 (see `concentrationIndex`). */
  readonly concentrationIndex: number;
}

/** The hypothetical outage to simulate for one provider. */
export interface WhatIfPlan {
  readonly providerId: Id;
  /** The currency the busiest hour was chosen in (the provider's largest, see `pickWhatIfCurrency`). */
  readonly currency: string;
  /** The busiest clock hour's start. */
  readonly startsAt: Date;
  /** startsAt + WHAT_IF_HOURS. */
  readonly endsAt: Date;
  /** Income scheduled in the busiest hour on platforms depending on the provider, minor units of `currency`. */
  readonly busiestHourAmount: bigint;
}

export interface ExposureResult {
  /** Sorted by currency code. */
  readonly currencies: readonly CurrencyExposure[];
  /** One per provider with exposure, in the order providers first appear in `currencies`. */
  readonly whatIfPlans: readonly WhatIfPlan[];
}
