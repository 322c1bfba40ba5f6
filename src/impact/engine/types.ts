// Plain data in and out of the impact engine. The service layer maps SQL rows onto these shapes;
// nothing here knows about entities, GraphQL or the clock.

export type Id = string;

/** Half-open time window [start, end); `start === end` is empty. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/** `platformId` depends on `providerId` (instagram → meta): a provider outage takes it down too. */
export interface PlatformEdge {
  readonly platformId: Id;
  readonly providerId: Id;
}

/** For messages only; the engine works on ids. */
export interface PlatformInfo {
  readonly slug: string;
  readonly name?: string;
}

/** Platform id → slug/name, as a Map or a plain object. */
export type PlatformDirectory =
  ReadonlyMap<Id, PlatformInfo> | Readonly<Record<Id, PlatformInfo | undefined>>;

export type OutageSeverity = 'FULL' | 'PARTIAL';

/**
 * The part of an outage that says when it happens. `endsAt: null` = open-ended (still ongoing):
 * counted up to asOf. A recorded `endsAt` is used as recorded, even after asOf; see
 * `effectiveWindow` and `isProvisional` in downtime.ts.
 */
export interface OutageWindow {
  readonly startsAt: Date;
  readonly endsAt: Date | null;
}

export interface Outage extends OutageWindow {
  readonly id: Id;
  readonly title: string;
  /** Platforms reported down directly; their dependents follow through the graph. */
  readonly platformIds: readonly Id[];
  readonly severity: OutageSeverity;
  /** Share of capacity lost for a PARTIAL outage, 0–10 000 bps. Ignored for FULL. */
  readonly degradationBps?: number | null;
}

export type DealStatus = 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
export type DeliverableTiming = 'FLEXIBLE' | 'FIXED';
export type DeliverableStatus = 'PLANNED' | 'POSTED' | 'CANCELLED';

/** `killAfterDaysLate` of a deal without a kill clause: no post is ever that many days late. */
export const NEVER_KILLED = Number.MAX_SAFE_INTEGER;

export interface DealTerms {
  readonly status: DealStatus;
  readonly netPaymentDays: number;
  readonly latePenaltyBpsPerDay: number;
  readonly latePenaltyCapBps: number;
  /** A FLEXIBLE post more than this many days late is killed (LOST); no kill clause: NEVER_KILLED. */
  readonly killAfterDaysLate: number;
  /** Share of the fee the creator keeps when a post is lost under force majeure. */
  readonly killFeeBps: number;
  readonly forceMajeure: boolean;
  /** In the deal's order of preference. */
  readonly alternatePlatformIds: readonly Id[];
}

export interface Deliverable {
  readonly id: Id;
  readonly dealId: Id;
  readonly creatorId: Id;
  readonly brandId: Id;
  readonly platformId: Id;
  readonly platformSlug: string;
  readonly kind: string;
  readonly title: string;
  readonly scheduledAt: Date;
  /** 0 = an instant post at `scheduledAt`; otherwise the slot [scheduledAt, +duration). */
  readonly durationMinutes: number;
  readonly dueAt: Date;
  /** Minor units of `currency`. */
  readonly fee: bigint;
  readonly currency: string;
  readonly timing: DeliverableTiming;
  readonly status: DeliverableStatus;
  readonly deal: DealTerms;
}

export interface PlatformAccount {
  readonly id: Id;
  readonly creatorId: Id;
  readonly platformId: Id;
  /** Minor units of `currency` per 24 h. */
  readonly dailyEarnings: bigint;
  readonly currency: string;
}

/** What happens to a hit deliverable, worst first. */
export type ImpactOutcome = 'LOST' | 'LATE' | 'DELAYED' | 'AT_RISK' | 'RECOVERABLE';

/** Every impact outcome, worst first: the fixed order of per-outcome lists (`byOutcome`). */
export const IMPACT_OUTCOMES = [
  'LOST',
  'LATE',
  'DELAYED',
  'AT_RISK',
  'RECOVERABLE',
] as const satisfies readonly ImpactOutcome[];

/**
 * Which rule wrote an explanation, as a machine-readable code beside the sentence. Written by the
 * same function as the sentence, so the two never disagree.
 */
export type ImpactExplanationCode =
  /** RECOVERABLE: an alternate platform of the deal is up for the slot. */
  | 'ALTERNATE_PLATFORM_UP'
  /** AT_RISK: a PARTIAL outage degrades the platform during the slot. */
  | 'PLATFORM_DEGRADED'
  /** LOST: a FIXED slot falls in a FULL outage and cannot move. */
  | 'FIXED_SLOT_MISSED'
  /** LOST: a FLEXIBLE post would be more days late than killAfterDaysLate. */
  | 'KILLED_FOR_LATENESS'
  /** LATE: past the deadline, penalty per day below the cap. */
  | 'LATE_PENALTY'
  /** LATE: past the deadline, and days late × the daily rate exceed the deal's cap, so the cap applies. */
  | 'LATE_PENALTY_CAPPED'
  /** DELAYED: moved to the next free instant, still by the deadline. */
  | 'MOVED_WITHIN_DEADLINE'
  /** OVERDUE (risk only): the deadline in force passed without a post. */
  | 'DEADLINE_PASSED'
  /** AT_RISK (risk only): the deal requires approval and the draft is not approved in time. */
  | 'APPROVAL_MISSING';

/** Which rule wrote a platform-income explanation. */
export type PlatformIncomeExplanationCode =
  /** One FULL outage: daily earnings × downtime. */
  | 'FULL_DOWNTIME'
  /** One PARTIAL outage: daily earnings × downtime × degradation. */
  | 'PARTIAL_DOWNTIME'
  /** Several outages on the account's platform, overlaps counted once at the highest degradation. */
  | 'MERGED_DOWNTIME';

/**
 * A deliverable's standing across all outages (see `deliverableRisk`): an outage outcome,
 * OVERDUE (still PLANNED on an ACTIVE deal after its deadline), ON_TRACK, or settled.
 */
export type RiskOutcome = ImpactOutcome | 'OVERDUE' | 'ON_TRACK' | 'POSTED' | 'CANCELLED';

/** The money parts of an assessment. */
export type MoneyPart = 'delayed' | 'lost' | 'retained' | 'recoverable' | 'atRisk';

export interface DeliverableAssessment {
  readonly deliverableId: Id;
  readonly dealId: Id;
  readonly creatorId: Id;
  readonly brandId: Id;
  readonly platformId: Id;
  readonly platformSlug: string;
  /** The outage the deliverable was assessed against. */
  readonly outageId: Id;
  readonly currency: string;
  readonly fee: bigint;
  readonly outcome: ImpactOutcome;
  /**
   * Minor units; never negative. delayed + lost + retained is 0 (RECOVERABLE, AT_RISK) or fee.
   * A part that does not apply to the outcome (see {@link MONEY_PARTS}) is 0 here, so that sums
   * stay plain; the API shows it as null.
   */
  readonly delayed: bigint;
  readonly lost: bigint;
  /** Kill fee kept by the creator under force majeure when the post is LOST. */
  readonly retained: bigint;
  /** = fee when RECOVERABLE, else 0. */
  readonly recoverable: bigint;
  /** = fee when AT_RISK, else 0. */
  readonly atRisk: bigint;
  /**
   * Whole days past the effective deadline (a started day counts) wherever the deadline was
   * tested: 0 for DELAYED, ≥ 1 for LATE and for a FLEXIBLE post killed (LOST) for lateness; null
   * for RECOVERABLE, AT_RISK and a FIXED LOST. Non-null exactly when `effectiveDeadline` is.
   */
  readonly daysLate: number | null;
  /** Late penalty applied: 0 for DELAYED, the capped penalty for LATE; null otherwise. */
  readonly penaltyBps: number | null;
  /**
   * suggestedSlot − scheduledAt in minutes wherever there is a suggested slot: DELAYED/LATE, and
   * 0 for RECOVERABLE (same slot); null for LOST and AT_RISK. Whole unless inputs carry seconds.
   */
  readonly delayMinutes: number | null;
  /** Where and when to post instead: the alternate at the same slot (RECOVERABLE) or the next free instant (DELAYED/LATE); null otherwise. */
  readonly suggestedSlot: Date | null;
  readonly suggestedPlatformId: Id | null;
  /** scheduledAt + netPaymentDays × 24 h. */
  readonly originalPaymentDue: Date;
  /** suggestedSlot + netPaymentDays × 24 h for DELAYED/LATE; unchanged for RECOVERABLE/AT_RISK; null for LOST. */
  readonly newPaymentDue: Date | null;
  /** dueAt, extended by the downtime under force majeure; null unless the FLEXIBLE rule ran (see `daysLate`). */
  readonly effectiveDeadline: Date | null;
  /** The platform's merged FULL downtime around the outage (null for PARTIAL). */
  readonly downtime: TimeWindow | null;
  /**
   * An outage behind the result was not over by asOf (see `isProvisional`): open-ended and
   * counted up to asOf, or recorded to end after asOf. Figures may change when recomputed.
   */
  readonly provisional: boolean;
  readonly explanation: string;
  readonly explanationCode: ImpactExplanationCode;
}

export interface OutcomeCounts {
  LOST: number;
  LATE: number;
  DELAYED: number;
  AT_RISK: number;
  RECOVERABLE: number;
}

/** One currency's figures; amounts are minor units of `currency` and are never mixed across currencies. */
export interface CurrencyTotals {
  readonly currency: string;
  readonly delayed: bigint;
  readonly lost: bigint;
  readonly retained: bigint;
  readonly recoverable: bigint;
  readonly atRisk: bigint;
  readonly platformIncomeLost: bigint;
  readonly counts: OutcomeCounts;
  /** Sum of the fees of the deliverables with each outcome (minor units of `currency`). */
  readonly fees: OutcomeAmounts;
}

export type OutcomeAmounts = Record<ImpactOutcome, bigint>;

export interface PlatformIncomeLoss {
  readonly accountId: Id;
  readonly creatorId: Id;
  readonly platformId: Id;
  readonly outageId: Id;
  readonly currency: string;
  /**
   * The outage's window (`effectiveWindow`: as recorded, an open-ended one cut at asOf), in
   * minutes (fractional only when inputs carry seconds).
   */
  readonly downtimeMinutes: number;
  /** 10 000 for FULL, degradationBps for PARTIAL. */
  readonly factorBps: number;
  readonly loss: bigint;
  /** The outage was not over by asOf (`isProvisional`): the loss may still change. */
  readonly provisional: boolean;
  readonly explanation: string;
  readonly explanationCode: PlatformIncomeExplanationCode;
}

export interface OutageImpactInput {
  readonly outage: Outage;
  /** Every known outage (the one above may be included or not); used for merging and alternates. */
  readonly allOutages: readonly Outage[];
  readonly edges: readonly PlatformEdge[];
  readonly platforms?: PlatformDirectory;
  /** Candidates; the rules still filter them. */
  readonly deliverables: readonly Deliverable[];
  readonly accounts: readonly PlatformAccount[];
  readonly asOf: Date;
}

export interface OutageImpact {
  readonly outageId: Id;
  readonly affectedPlatformIds: readonly Id[];
  /** The outage was not over by asOf (`isProvisional`), or an item is provisional: figures may move. */
  readonly provisional: boolean;
  /** Hit deliverables, by scheduledAt then id. */
  readonly items: readonly DeliverableAssessment[];
  /** Sorted by currency code. */
  readonly totals: readonly CurrencyTotals[];
  readonly platformIncome: readonly PlatformIncomeLoss[];
}

export interface KeyedTotals {
  readonly key: string;
  readonly totals: readonly CurrencyTotals[];
}

export interface DeliverableRisk {
  readonly deliverableId: Id;
  readonly outcome: RiskOutcome;
  /**
   * Outages behind the worst outage assessment (empty when none hits). For OVERDUE these are the
   * outages that hit it before its deadline passed, if any.
   */
  readonly outageIds: readonly Id[];
  /** The worst assessment's suggestion; null for OVERDUE (the deadline has passed) and when none hits. */
  readonly suggestedSlot: Date | null;
  readonly suggestedPlatformId: Id | null;
  /**
   * The worst outage assessment, when an outage hits — also under OVERDUE, so that the money an
   * outage moved (Deal.impact) does not vanish when the deadline passes.
   */
  readonly assessment: DeliverableAssessment | null;
  readonly provisional: boolean;
  /** The sentence behind `outcome`; null for ON_TRACK, POSTED and CANCELLED. */
  readonly explanation: string | null;
  /** The rule behind `explanation`; null exactly when it is. */
  readonly explanationCode: ImpactExplanationCode | null;
}
