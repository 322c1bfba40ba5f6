// The ReportModel as GraphQL types: amounts as Money, instants as DateTime, and the records a row
// names (deliverable, deal, creator, brand, platform, outage) as graph edges resolved through the
// request's loaders (report-fields.resolver.ts). The figures are complete and already scoped.
import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CurrencyCode } from '../common/graphql/currency-code.enum';
import { graphqlEnum } from '../common/graphql/enums';
import { Money, toMoney } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { DeliverableKindEnum, DeliverableTimingEnum } from '../deals/deliverable.enums';
import type { DeliverableKind, DeliverableTiming } from '../deals/deliverable.entity';
import {
  explained,
  moneyPartApplies,
  type ImpactExplanationCode,
  type ImpactOutcome,
  type MoneyPart,
  type PlatformIncomeExplanationCode,
} from '../impact/engine';
import { outcomeTotals } from '../impact/impact.mapping';
import {
  ImpactExplanationCodeEnum,
  ImpactOutcomeEnum,
  ImpactTotals,
  PlatformIncomeExplanationCodeEnum,
} from '../impact/impact.model';
import type { OutageSeverity } from '../outages/outage.entity';
import { OutageSeverityEnum } from '../outages/outage.model';
import { MAX_RECOMMENDATIONS } from './recommendations';
import type {
  RecommendationCode,
  ReportDeliverable as ReportDeliverableRow,
  ReportKind,
  ReportModel,
  ReportPlatform,
  ReportTotals,
  ReportViewerRole,
} from './report.model';

export const ReportKindEnum = { OUTAGE: 'OUTAGE', PERIOD: 'PERIOD' } as const satisfies {
  [K in ReportKind]: K;
};
registerEnumType(ReportKindEnum, {
  name: 'ReportKind',
  description:
    'OUTAGE: one outage; PERIOD: every outage overlapping a period. May gain values; handle unknown ones',
  valuesMap: {
    OUTAGE: { description: 'The report of one outage (outageReport)' },
    PERIOD: {
      description:
        'Every outage overlapping [from, to), each deliverable counted once at its worst outcome (periodReport)',
    },
  },
});

export const ReportViewerRoleEnum = {
  ADMIN: 'ADMIN',
  CREATOR: 'CREATOR',
  BRAND: 'BRAND',
} as const satisfies { [K in ReportViewerRole]: K };
registerEnumType(ReportViewerRoleEnum, {
  name: 'ReportViewerRole',
  description: 'Whose view the report is. May gain values; handle unknown ones',
  valuesMap: {
    ADMIN: {
      description: "An administrator's view: every deal and all platform income (for support)",
    },
    CREATOR: {
      description: "A creator's view: their own deals and their own platform income",
    },
    BRAND: {
      description: "A brand member's view: the deals made with their brands, no platform income",
    },
  },
});

export const RecommendationCodeEnum = graphqlEnum(
  [
    'POST_ON_ALTERNATE',
    'ADD_ALTERNATES_FIXED',
    'ADD_ALTERNATES_FLEXIBLE',
    'ADD_INDEPENDENT_ALTERNATE',
    'ADD_FORCE_MAJEURE',
    'ADD_KILL_FEE',
    'PENALTY_CAP_REACHED',
    'RESCHEDULE',
    'CONFIRM_AT_RISK',
    'PROVISIONAL_FIGURES',
    'NOTHING_TO_DO',
  ] as const satisfies readonly RecommendationCode[],
  'RecommendationCode',
  'What a report recommendation asks for, beside its English sentence and written by the same rule (docs/reports.md). May gain values; handle unknown ones',
  {
    POST_ON_ALTERNATE:
      'RECOVERABLE deliverables: post on the alternate platform at the planned slot (one per alternate)',
    ADD_ALTERNATES_FIXED:
      'FIXED deliverables LOST or AT_RISK on deals without an alternate platform: add alternates (one per platform)',
    ADD_ALTERNATES_FLEXIBLE:
      'FLEXIBLE deliverables LATE or LOST on deals without an alternate platform: add alternates (one per platform)',
    ADD_INDEPENDENT_ALTERNATE:
      'Deliverables down only through a provider (instagram through meta): add an alternate that does not run on it',
    ADD_FORCE_MAJEURE:
      'A deal without force majeure lost money: the clause would have reduced the loss (one per deal)',
    ADD_KILL_FEE:
      'A deal with force majeure but no kill fee lost a deliverable: a kill fee keeps a share (one per deal)',
    PENALTY_CAP_REACHED:
      "Late penalties reached the deal's cap: posting later adds no further penalty (one per deal)",
    RESCHEDULE: 'DELAYED and LATE deliverables: reschedule; payments arrive later',
    CONFIRM_AT_RISK: 'AT_RISK deliverables on degraded platforms: confirm they went out as planned',
    PROVISIONAL_FIGURES: 'An outage was not over by asOf: generate the report again once it ends',
    NOTHING_TO_DO: 'No deliverable was hit and no platform income lost: the only recommendation',
  },
);

@ObjectType('ReportRecommendation', {
  description: 'One recommendation: its code and its sentence',
})
export class ReportRecommendation {
  @Field(() => RecommendationCodeEnum, { description: 'What it asks for, as a code' })
  code: RecommendationCode;
  @Field({ description: 'The advice in one sentence, with its figures' }) text: string;
}

@ObjectType('ReportViewer', {
  description: 'Whose view the report shows: its figures hold only what this caller may see',
})
export class ReportViewer {
  @Field(() => ReportViewerRoleEnum, { description: 'The kind of account the report was made for' })
  role: ReportViewerRole;
  @Field({ description: '"admin view", "Maya\'s view", "Acme\'s view"' }) description: string;
  @Field({ description: 'Creators and admins see platform income; brands never do' })
  seesPlatformIncome: boolean;
}

@ObjectType('ReportPeriod', { description: 'The half-open period [startsAt, endsAt)' })
export class ReportPeriod {
  @Field({ description: 'Start of the period, included: the from argument (ISO 8601, UTC)' })
  startsAt: Date;
  @Field({
    description:
      'End of the period, excluded: the to argument (ISO 8601, UTC); at most 366 days after startsAt',
  })
  endsAt: Date;
}

@ObjectType('ReportOutage', { description: 'An outage a report covers, as the figures count it' })
export class ReportOutage {
  @Field(() => ID, { description: "The outage's id (as Outage.id)" }) id: string;
  @Field({ description: 'The title the outage was recorded with' }) title: string;
  @Field({ description: 'When the platforms went down (ISO 8601, UTC)' }) startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'Null while ongoing' }) endsAt: Date | null;
  @Field({ description: 'True when no end is recorded yet' }) ongoing: boolean;
  @Field({
    description:
      'End of the window counted: endsAt as recorded (even after asOf), or asOf while ongoing',
  })
  countedUntilAt: Date;
  @Field(() => OutageSeverityEnum, { description: 'FULL (down) or PARTIAL (degraded)' })
  severity: OutageSeverity;
  @Field(() => Int, {
    description: 'How degraded the platforms are, basis points: 10000 for FULL, 1–9999 for PARTIAL',
  })
  degradationBps: number;
  /** Resolved as Platform edges (directPlatforms, dependentPlatforms), by name. */
  directPlatformIds: string[];
  dependentPlatformIds: string[];
  @Field({
    description:
      "The outage was not over by asOf (no end, or it ends after asOf): this outage's figures may move",
  })
  provisional: boolean;
  @Field(() => Int, { description: 'Deliverables in this report the outage hit' })
  deliverablesHit: number;
}

@ObjectType('ReportDealTerms', {
  description: "A deal's contract terms, as the impact rules applied them",
})
export class ReportDealTerms {
  @Field(() => Int, {
    description: 'Payment is due this many days after a deliverable is posted (0–365)',
  })
  netPaymentDays: number;
  @Field(() => Int, {
    description: 'Penalty per started day late, basis points of the fee (0–10000)',
  })
  latePenaltyBpsPerDay: number;
  @Field(() => Int, {
    description: 'Most the late penalty can reach, basis points of the fee (0–10000)',
  })
  latePenaltyCapBps: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'More days late than this and a FLEXIBLE deliverable is LOST; null: never killed for lateness',
  })
  killAfterDaysLate: number | null;
  @Field(() => Int, {
    description:
      'Share of the fee the creator keeps when a deliverable is lost under force majeure, basis points (0–10000)',
  })
  killFeeBps: number;
  @Field({
    description:
      'Platform outages excuse delay: deadlines stretch by the downtime and the kill fee is kept',
  })
  forceMajeure: boolean;
  /** Resolved as the alternatePlatforms edge, in order of preference. */
  alternatePlatformIds: string[];
}

const TOTALS_BOUND =
  'one entry per currency of the rows (at most one per CurrencyCode value; one for a deal)';

@ObjectType('ReportCreatorBreakdown', {
  description: "One creator's figures in the report, by creator name",
})
export class ReportCreatorBreakdown {
  @Field(() => ID, { description: "The creator's id (as Creator.id); see creator" })
  creatorId: string;
  @Field({ description: "The creator's display name when the report was built" })
  creatorName: string;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], {
    description: `Per currency, ${TOTALS_BOUND}; platformIncomeLost is null where the viewer may not see it`,
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportBrandBreakdown', {
  description: "One brand's figures in the report, by brand name",
})
export class ReportBrandBreakdown {
  @Field(() => ID, { description: "The brand's id (as Brand.id); see brand" }) brandId: string;
  @Field({ description: "The brand's name when the report was built" }) brandName: string;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], {
    description: `Per currency, ${TOTALS_BOUND}, from the brand's deals' deliverables (no platform income)`,
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportDealBreakdown', {
  description: "One deal's figures and terms in the report, by deal title",
})
export class ReportDealBreakdown {
  @Field(() => ID, { description: "The deal's id (as Deal.id); see deal" }) dealId: string;
  @Field({ description: "The deal's title when the report was built" }) dealTitle: string;
  @Field(() => ID, { description: 'The creator who logged the deal; see creator' })
  creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => ID, { description: 'The brand the deal is with; see brand' }) brandId: string;
  @Field({ description: "The brand's name" }) brandName: string;
  @Field(() => ReportDealTerms, { description: "The deal's terms behind the figures" })
  terms: ReportDealTerms;
  // a deal has one currency
  @Extensions({ maxItems: 1 })
  @Field(() => [ImpactTotals], {
    description: "Per currency (exactly one: the deal's), from its affected deliverables",
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportPlatformBreakdown', {
  description: 'The figures of the deliverables planned on one platform, by platform name',
})
export class ReportPlatformBreakdown {
  @Field(() => ID, { description: "The deliverables' own platform's id; see platform" })
  platformId: string;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], {
    description: `Per currency, ${TOTALS_BOUND}; platformIncomeLost is null where the viewer may not see it`,
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportDeliverable', {
  description: 'An affected deliverable, counted once at its worst outcome',
})
export class ReportDeliverable {
  @Field(() => ID, { description: "The deliverable's id (as Deliverable.id); see deliverable" })
  deliverableId: string;
  @Field({ description: "The deliverable's title when the report was built" }) title: string;
  @Field(() => DeliverableKindEnum, { description: 'What is posted (post, reel, live…)' })
  kind: DeliverableKind;
  @Field(() => DeliverableTimingEnum, {
    description: 'FLEXIBLE may move to a later slot; FIXED cannot',
  })
  timing: DeliverableTiming;
  @Field(() => ID, { description: 'The platform it was planned on; see platform' })
  platformId: string;
  @Field(() => ID, { description: 'The deal it belongs to; see deal' }) dealId: string;
  @Field({ description: "The deal's title" }) dealTitle: string;
  @Field(() => ID, { description: 'The creator who logged the deal; see creator' })
  creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => ID, { description: 'The brand the deal is with; see brand' }) brandId: string;
  @Field({ description: "The brand's name" }) brandName: string;
  @Field(() => ImpactOutcomeEnum, {
    description: 'Its worst outcome across the outages in the report',
  })
  outcome: ImpactOutcome;
  @Field(() => CurrencyCode, {
    description: 'ISO 4217 code of the deal: every amount of the row is in it',
  })
  currency: string;
  @Field(() => Money, { description: "The deliverable's fee" }) fee: Money;
  @Field(() => Money, { nullable: true, description: 'DELAYED and LATE; null otherwise' })
  delayed: Money | null;
  @Field(() => Money, { nullable: true, description: 'LOST and LATE; null otherwise' })
  lost: Money | null;
  @Field(() => Money, { nullable: true, description: 'LOST (kill fee); null otherwise' })
  retained: Money | null;
  @Field(() => Money, { nullable: true, description: 'RECOVERABLE; null otherwise' })
  recoverable: Money | null;
  @Field(() => Money, { nullable: true, description: 'AT_RISK; null otherwise' })
  atRisk: Money | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Started days past the effective deadline: 0 for DELAYED, ≥ 1 for LATE and for a FLEXIBLE deliverable killed for lateness (LOST); null otherwise',
  })
  daysLate: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Late penalty applied, basis points of the fee: 0 for DELAYED, the capped penalty for LATE; null otherwise',
  })
  penaltyBps: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'DELAYED and LATE, 0 for RECOVERABLE; null for LOST and AT_RISK',
  })
  delayMinutes: number | null;
  @Field({ description: 'Start of the original slot' }) scheduledAt: Date;
  @Field({ description: 'End of the original slot (= scheduledAt for an instant post)' })
  slotEndsAt: Date;
  @Field(() => Int, { description: 'Length of the slot in minutes; 0 for an instant post' })
  durationMinutes: number;
  @Field({ description: 'The contract deadline' }) dueAt: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'dueAt, extended by the downtime under force majeure, wherever the deadline was tested: DELAYED, LATE and a FLEXIBLE deliverable killed for lateness (LOST); null otherwise',
  })
  effectiveDeadlineAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When to post instead: the next free instant (DELAYED, LATE) or the same slot on an alternate (RECOVERABLE); null for LOST and AT_RISK',
  })
  suggestedSlotAt: Date | null;
  /** Resolved as the suggestedPlatform edge. */
  suggestedPlatformId: string | null;
  @Field({ description: "scheduledAt + the deal's net payment days; every outcome" })
  originalPaymentDueAt: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'suggestedSlotAt + net payment days for DELAYED and LATE; = originalPaymentDueAt for RECOVERABLE and AT_RISK; null for LOST',
  })
  newPaymentDueAt: Date | null;
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
  @Field(() => ImpactExplanationCodeEnum, {
    description: 'The rule behind explanation, as a code (written by the same rule)',
  })
  explanationCode: ImpactExplanationCode;
  @Field({
    description:
      'An outage behind it was not over by asOf (no end, or it ends after asOf): the figures may change',
  })
  provisional: boolean;
  @Field(() => ID, { description: 'The outage behind these figures' }) outageId: string;
  @Field(() => [ID], {
    description:
      'Every outage in the report that hit it (bounded by the outages of the report, see Report.outages)',
  })
  outageIds: string[];
  /** Resolved as the downThrough edge. */
  downThroughIds: string[];
  @Field(() => Money, {
    nullable: true,
    description: 'What force majeure would have left lost; null when the deal has it',
  })
  lostWithForceMajeure: Money | null;
}

@ObjectType('ReportPlatformIncome', {
  description:
    "A creator's non-sponsorship income from one platform account lost to the report's outages; creators (their own) and administrators only",
})
export class ReportPlatformIncome {
  @Field(() => ID, { description: 'The platform account (as PlatformAccount.id)' })
  accountId: string;
  @Field(() => ID, { description: 'The creator who holds the account; see creator' })
  creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => ID, { description: 'The platform of the account; see platform' })
  platformId: string;
  @Field(() => Float, { description: 'Overlapping outages counted once' }) downtimeMinutes: number;
  @Field(() => Int, {
    description: 'The highest degradation applied, basis points: 10000 for FULL',
  })
  factorBps: number;
  @Field(() => Money, {
    description:
      "The account's daily earnings × downtime minutes / 1440, weighted by each outage's degradation, in the account's currency",
  })
  loss: Money;
  @Field({ description: 'An outage behind it was not over by asOf: the loss may change' })
  provisional: boolean;
  @Field(() => [ID], { description: 'The outages in the report that took the platform down' })
  outageIds: string[];
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
  @Field(() => PlatformIncomeExplanationCodeEnum, {
    description: 'The rule behind explanation, as a code',
  })
  explanationCode: PlatformIncomeExplanationCode;
}

export const ReportOutageConnection = ConnectionType(ReportOutage);
export const ReportCreatorBreakdownConnection = ConnectionType(ReportCreatorBreakdown);
export const ReportBrandBreakdownConnection = ConnectionType(ReportBrandBreakdown);
export const ReportDealBreakdownConnection = ConnectionType(ReportDealBreakdown);
export const ReportPlatformBreakdownConnection = ConnectionType(ReportPlatformBreakdown);
export const ReportDeliverableConnection = ConnectionType(ReportDeliverable);
export const ReportPlatformIncomeConnection = ConnectionType(ReportPlatformIncome);

@ObjectType('Report', {
  description:
    'The report behind the CSV, Markdown and HTML renderings, scoped like outageImpact. Its lists are connections (first/after) over the whole report; the totals are of the whole report',
})
export class ReportObject {
  @Field({
    description:
      '"Outage report: <outage title>" or "Period report: <from> to <to>" (with the platform filter\'s name)',
  })
  title: string;
  @Field(() => ReportKindEnum, { description: 'One outage, or every outage in a period' })
  kind: ReportKind;
  @Field({ description: 'When the report was built (ISO 8601, UTC)' }) generatedAt: Date;
  @Field({
    description:
      'The asOf the figures were evaluated at: ongoing outages are counted up to this instant; an outage with a recorded end counts as recorded',
  })
  evaluatedAt: Date;
  @Field(() => ReportPeriod, {
    nullable: true,
    description: 'The period covered; null for an OUTAGE report',
  })
  period: ReportPeriod | null;
  /** Resolved as the platformFilter edge. */
  platformFilterId: string | null;
  @Field(() => ReportViewer, { description: 'Whose view this is' })
  viewer: ReportViewer;
  @Field({ description: 'Figures will move (an outage was not over by asOf); false = final' })
  provisional: boolean;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], {
    description: `Per currency, ${TOTALS_BOUND}; add up from deliverables`,
  })
  totals: ImpactTotals[];
  @Extensions({ maxItems: MAX_RECOMMENDATIONS })
  @Field(() => [ReportRecommendation], {
    description: `Advice with its figures and codes, most actionable first: at most ${MAX_RECOMMENDATIONS} (the least actionable beyond that are left out)`,
  })
  recommendations: ReportRecommendation[];
  // Whole lists, paged by the connection fields (report-fields.resolver.ts).
  outages: ReportOutage[];
  byCreator: ReportCreatorBreakdown[];
  byBrand: ReportBrandBreakdown[];
  byDeal: ReportDealBreakdown[];
  byPlatform: ReportPlatformBreakdown[];
  deliverables: ReportDeliverable[];
  /** Null for brands, who never see platform income. */
  platformIncome: ReportPlatformIncome[] | null;
}

const ids = (platforms: readonly ReportPlatform[]) => platforms.map((platform) => platform.id);

function totalsObject(totals: ReportTotals): ImpactTotals {
  const money = (minor: bigint) => toMoney(minor, totals.currency);
  const counts = totals.counts;
  return {
    currency: totals.currency,
    delayed: money(totals.delayed),
    lost: money(totals.lost),
    retained: money(totals.retained),
    recoverable: money(totals.recoverable),
    atRisk: money(totals.atRisk),
    platformIncomeLost:
      totals.platformIncomeLost === undefined ? null : money(totals.platformIncomeLost),
    byOutcome: outcomeTotals(totals.currency, totals.fees, {
      LOST: counts.lost,
      LATE: counts.late,
      DELAYED: counts.delayed,
      AT_RISK: counts.atRisk,
      RECOVERABLE: counts.recoverable,
    }),
  };
}

function deliverableObject(row: ReportDeliverableRow): ReportDeliverable {
  const money = (minor: bigint) => toMoney(minor, row.currency);
  // As on DeliverableImpact: a money part that does not apply to the outcome is null.
  const part = (name: MoneyPart) => (moneyPartApplies(row.outcome, name) ? money(row[name]) : null);
  // Written only when a client selects it: the page shows 20 of thousands of rows.
  return explained(
    {
      deliverableId: row.deliverableId,
      title: row.title,
      kind: row.kind as DeliverableKind,
      timing: row.timing,
      platformId: row.platform.id,
      dealId: row.dealId,
      dealTitle: row.dealTitle,
      creatorId: row.creatorId,
      creatorName: row.creatorName,
      brandId: row.brandId,
      brandName: row.brandName,
      outcome: row.outcome,
      currency: row.currency,
      fee: money(row.fee),
      delayed: part('delayed'),
      lost: part('lost'),
      retained: part('retained'),
      recoverable: part('recoverable'),
      atRisk: part('atRisk'),
      daysLate: row.daysLate,
      penaltyBps: row.penaltyBps,
      delayMinutes: row.delayMinutes,
      scheduledAt: row.scheduledAt,
      slotEndsAt: row.slotEnd,
      durationMinutes: row.durationMinutes,
      dueAt: row.dueAt,
      effectiveDeadlineAt: row.effectiveDeadline,
      suggestedSlotAt: row.suggestedSlot,
      suggestedPlatformId: row.suggestedPlatform?.id ?? null,
      originalPaymentDueAt: row.originalPaymentDue,
      newPaymentDueAt: row.newPaymentDue,
      explanationCode: row.explanationCode,
      provisional: row.provisional,
      outageId: row.outageId,
      outageIds: [...row.outageIds],
      downThroughIds: ids(row.downThrough),
      lostWithForceMajeure:
        row.lostWithForceMajeure === null ? null : money(row.lostWithForceMajeure),
    },
    () => row.explanation,
  );
}

/** The model as the GraphQL `Report`: bigint amounts become Money, named records become ids. */
export function toReportObject(model: ReportModel): ReportObject {
  const totals = (list: readonly ReportTotals[]) => list.map(totalsObject);
  return {
    title: model.title,
    kind: model.kind,
    generatedAt: model.generatedAt,
    evaluatedAt: model.asOf,
    period: model.period ? { startsAt: model.period.from, endsAt: model.period.to } : null,
    platformFilterId: model.platformFilter?.id ?? null,
    viewer: { ...model.viewer },
    provisional: model.provisional,
    outages: model.outages.map((outage) => ({
      id: outage.id,
      title: outage.title,
      startsAt: outage.startsAt,
      endsAt: outage.endsAt,
      ongoing: outage.ongoing,
      countedUntilAt: outage.countedUntil,
      severity: outage.severity,
      degradationBps: outage.degradationBps,
      directPlatformIds: ids(outage.directPlatforms),
      dependentPlatformIds: ids(outage.dependentPlatforms),
      provisional: outage.provisional,
      deliverablesHit: outage.deliverablesHit,
    })),
    totals: totals(model.totals),
    byCreator: model.byCreator.map((g) => ({ ...g, totals: totals(g.totals) })),
    byBrand: model.byBrand.map((g) => ({ ...g, totals: totals(g.totals) })),
    byDeal: model.byDeal.map((g) => ({
      ...g,
      terms: {
        netPaymentDays: g.terms.netPaymentDays,
        latePenaltyBpsPerDay: g.terms.latePenaltyBpsPerDay,
        latePenaltyCapBps: g.terms.latePenaltyCapBps,
        killAfterDaysLate: g.terms.killAfterDaysLate,
        killFeeBps: g.terms.killFeeBps,
        forceMajeure: g.terms.forceMajeure,
        alternatePlatformIds: ids(g.terms.alternatePlatforms),
      },
      totals: totals(g.totals),
    })),
    byPlatform: model.byPlatform.map((g) => ({
      platformId: g.platform.id,
      totals: totals(g.totals),
    })),
    deliverables: model.deliverables.map(deliverableObject),
    platformIncome: model.platformIncome
      ? model.platformIncome.map((entry) =>
          explained(
            {
              accountId: entry.accountId,
              creatorId: entry.creatorId,
              creatorName: entry.creatorName,
              platformId: entry.platform.id,
              downtimeMinutes: entry.downtimeMinutes,
              factorBps: entry.factorBps,
              loss: toMoney(entry.loss, entry.currency),
              provisional: entry.provisional,
              outageIds: [...entry.outageIds],
              explanationCode: entry.explanationCode,
            },
            () => entry.explanation,
          ),
        )
      : null,
    recommendations: model.recommendations.map(({ code, text }) => ({ code, text })),
  };
}
