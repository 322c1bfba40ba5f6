// The one report model behind every rendering (CSV, Markdown, HTML) and the GraphQL `Report`.
// Plain data: money stays bigint minor units of its currency, instants stay Dates (UTC); the
// renderers format them. Everything in it is already scoped to the viewer.
import type {
  CashflowBucket,
  CashflowRow,
  ImpactExplanationCode,
  ImpactOutcome,
  OutageSeverity,
  OutcomeAmounts,
  PlatformIncomeExplanationCode,
} from '../impact/engine';

export type ReportKind = 'OUTAGE' | 'PERIOD';
export type ReportViewerRole = 'ADMIN' | 'CREATOR' | 'BRAND';

export interface ReportPlatform {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

export interface ReportViewer {
  readonly role: ReportViewerRole;
  /** "admin view", "Maya's view", "Acme's view". */
  readonly description: string;
  /** Creators and admins see platform income; brands never do (rule 5). */
  readonly seesPlatformIncome: boolean;
}

export interface ReportPeriod {
  /** Inclusive start of the half-open period [from, to). */
  readonly from: Date;
  readonly to: Date;
}

export interface ReportOutage {
  readonly id: string;
  readonly title: string;
  readonly startsAt: Date;
  /** Null while the outage is ongoing. */
  readonly endsAt: Date | null;
  readonly ongoing: boolean;
  /** End of the window the figures count: endsAt as recorded (even after asOf), or asOf while open-ended. */
  readonly countedUntil: Date;
  readonly severity: OutageSeverity;
  /** 10 000 for FULL. */
  readonly degradationBps: number;
  /** Reported down, by name. */
  readonly directPlatforms: readonly ReportPlatform[];
  /** Down only because they depend on a platform above (instagram through meta), by name. */
  readonly dependentPlatforms: readonly ReportPlatform[];
  /** Figures from this outage will move (ongoing, or ends after asOf). */
  readonly provisional: boolean;
  /** Deliverables in this report the outage hit, before merging across outages. */
  readonly deliverablesHit: number;
}

export interface ReportOutcomeCounts {
  readonly lost: number;
  readonly late: number;
  readonly delayed: number;
  readonly atRisk: number;
  readonly recoverable: number;
}

/** One currency's figures, minor units of `currency`; never summed across currencies. */
export interface ReportTotals {
  readonly currency: string;
  readonly delayed: bigint;
  readonly lost: bigint;
  readonly retained: bigint;
  readonly recoverable: bigint;
  readonly atRisk: bigint;
  /** Absent (not zero) when the viewer may not see platform income. */
  readonly platformIncomeLost?: bigint;
  readonly counts: ReportOutcomeCounts;
  /** Fees of the deliverables with each outcome. */
  readonly fees: Readonly<OutcomeAmounts>;
}

export interface ReportDealTerms {
  readonly netPaymentDays: number;
  readonly latePenaltyBpsPerDay: number;
  readonly latePenaltyCapBps: number;
  /** Null when the deal never kills a late post. */
  readonly killAfterDaysLate: number | null;
  readonly killFeeBps: number;
  readonly forceMajeure: boolean;
  /** In the deal's order of preference. */
  readonly alternatePlatforms: readonly ReportPlatform[];
}

export interface ReportCreatorBreakdown {
  readonly creatorId: string;
  readonly creatorName: string;
  readonly totals: readonly ReportTotals[];
}

export interface ReportBrandBreakdown {
  readonly brandId: string;
  readonly brandName: string;
  readonly totals: readonly ReportTotals[];
}

export interface ReportDealBreakdown {
  readonly dealId: string;
  readonly dealTitle: string;
  readonly creatorId: string;
  readonly creatorName: string;
  readonly brandId: string;
  readonly brandName: string;
  readonly terms: ReportDealTerms;
  readonly totals: readonly ReportTotals[];
}

export interface ReportPlatformBreakdown {
  readonly platform: ReportPlatform;
  readonly totals: readonly ReportTotals[];
}

/** One affected deliverable, counted once (at its worst outcome across the report's outages). */
export interface ReportDeliverable {
  readonly deliverableId: string;
  readonly title: string;
  readonly kind: string;
  readonly timing: 'FLEXIBLE' | 'FIXED';
  readonly platform: ReportPlatform;
  readonly dealId: string;
  readonly dealTitle: string;
  readonly creatorId: string;
  readonly creatorName: string;
  readonly brandId: string;
  readonly brandName: string;
  readonly outcome: ImpactOutcome;
  readonly currency: string;
  readonly fee: bigint;
  readonly delayed: bigint;
  readonly lost: bigint;
  readonly retained: bigint;
  readonly recoverable: bigint;
  readonly atRisk: bigint;
  /** Null where they do not apply to the outcome, as on DeliverableImpact. */
  readonly daysLate: number | null;
  readonly penaltyBps: number | null;
  readonly delayMinutes: number | null;
  /** The original slot: [scheduledAt, slotEnd); equal for an instant post. */
  readonly scheduledAt: Date;
  readonly slotEnd: Date;
  readonly durationMinutes: number;
  /** The contract deadline. */
  readonly dueAt: Date;
  /** dueAt extended under force majeure; null unless the FLEXIBLE rule ran. */
  readonly effectiveDeadline: Date | null;
  readonly suggestedSlot: Date | null;
  readonly suggestedPlatform: ReportPlatform | null;
  readonly originalPaymentDue: Date;
  /** Null when the deliverable is lost. */
  readonly newPaymentDue: Date | null;
  readonly explanation: string;
  readonly explanationCode: ImpactExplanationCode;
  readonly provisional: boolean;
  /** The outage behind these figures. */
  readonly outageId: string;
  /** Every outage in the report that hit the deliverable, `outageId` first. */
  readonly outageIds: readonly string[];
  /** Platforms reported down that took this one down through the graph; empty when its own was. */
  readonly downThrough: readonly ReportPlatform[];
  /** What would have been lost had the deal had force majeure; null when it has. */
  readonly lostWithForceMajeure: bigint | null;
}

export interface ReportPlatformIncome {
  readonly accountId: string;
  readonly creatorId: string;
  readonly creatorName: string;
  readonly platform: ReportPlatform;
  readonly currency: string;
  /** Downtime counted, overlapping outages once. */
  readonly downtimeMinutes: number;
  /** The highest degradation applied: 10 000 for FULL. */
  readonly factorBps: number;
  readonly loss: bigint;
  /** An outage behind it was not over by asOf: the loss may change. */
  readonly provisional: boolean;
  readonly outageIds: readonly string[];
  readonly explanation: string;
  readonly explanationCode: PlatformIncomeExplanationCode;
}

/** What a recommendation asks for, beside its sentence (see recommendations.ts). */
export type RecommendationCode =
  | 'POST_ON_ALTERNATE'
  | 'ADD_ALTERNATES_FIXED'
  | 'ADD_ALTERNATES_FLEXIBLE'
  | 'ADD_INDEPENDENT_ALTERNATE'
  | 'ADD_FORCE_MAJEURE'
  | 'ADD_KILL_FEE'
  | 'PENALTY_CAP_REACHED'
  | 'RESCHEDULE'
  | 'CONFIRM_AT_RISK'
  | 'PROVISIONAL_FIGURES'
  | 'NOTHING_TO_DO';

export interface ReportRecommendation {
  readonly code: RecommendationCode;
  /** The sentence, with its figures. */
  readonly text: string;
}

export interface ReportModel {
  readonly title: string;
  readonly kind: ReportKind;
  readonly generatedAt: Date;
  /** Ongoing outages are counted up to here. */
  readonly asOf: Date;
  /** PERIOD reports only. */
  readonly period: ReportPeriod | null;
  /** PERIOD reports limited to the outages affecting one platform. */
  readonly platformFilter: ReportPlatform | null;
  readonly viewer: ReportViewer;
  /** True while any figure may still move; false = final. */
  readonly provisional: boolean;
  /** By start. */
  readonly outages: readonly ReportOutage[];
  /** By currency code; add up from `deliverables` (and `platformIncome`). */
  readonly totals: readonly ReportTotals[];
  readonly byCreator: readonly ReportCreatorBreakdown[];
  readonly byBrand: readonly ReportBrandBreakdown[];
  readonly byDeal: readonly ReportDealBreakdown[];
  readonly byPlatform: readonly ReportPlatformBreakdown[];
  /** By scheduledAt, then title. */
  readonly deliverables: readonly ReportDeliverable[];
  /** Absent (not empty) when the viewer may not see platform income. */
  readonly platformIncome?: readonly ReportPlatformIncome[];
  /** Sentences with their figures and codes, most actionable first (at most MAX_RECOMMENDATIONS). */
  readonly recommendations: readonly ReportRecommendation[];
  /** The cash-flow section; absent or null: the report has none. */
  readonly cashflow?: ReportCashflow | null;
}

/** Money falling due and received per bucket over [from, to), per currency (engine `cashflow`). */
export interface ReportCashflow {
  readonly bucket: CashflowBucket;
  /** Inclusive start of the half-open range [from, to) the buckets cover. */
  readonly from: Date;
  readonly to: Date;
  /** As `cashflow()` returns them: currencies by code, buckets in time order. */
  readonly rows: readonly CashflowRow[];
}

/** The standalone cash-flow report (`/reports/cashflow.*`): the header fields of ReportModel. */
export interface CashflowReportModel {
  readonly title: string;
  readonly kind: 'CASHFLOW';
  readonly generatedAt: Date;
  /** Overdue amounts and the outages' figures are as of here. */
  readonly asOf: Date;
  readonly viewer: ReportViewer;
  readonly cashflow: ReportCashflow;
}
