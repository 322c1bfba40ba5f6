// The ReportModel as GraphQL types: the same fields, amounts as Money, instants as DateTime.
// Plain object types (no field resolvers): the model is complete and already scoped.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Money, toMoney } from '../common/graphql/money.model';
import { DeliverableKindEnum, DeliverableTimingEnum } from '../deals/deliverable.enums';
import type { DeliverableKind, DeliverableTiming } from '../deals/deliverable.entity';
import { moneyPartApplies, type ImpactOutcome, type MoneyPart } from '../impact/engine';
import { ImpactOutcomeEnum, ImpactTotals } from '../impact/impact.model';
import type { OutageSeverity } from '../outages/outage.entity';
import { OutageSeverityEnum } from '../outages/outage.model';
import type {
  ReportDeliverable,
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

@ObjectType('ReportPlatform', { description: 'A platform named in a report' })
export class ReportPlatformObject {
  @Field(() => ID, { description: "The platform's id (as Platform.id)" }) id: string;
  @Field({ description: 'Its stable lower-case slug, e.g. "instagram"' }) slug: string;
  @Field({ description: 'Its display name, e.g. "Instagram"' }) name: string;
}

@ObjectType('ReportViewer', {
  description: 'Whose view the report shows: its figures hold only what this caller may see',
})
export class ReportViewerObject {
  @Field(() => ReportViewerRoleEnum, { description: 'The kind of account the report was made for' })
  role: ReportViewerRole;
  @Field({ description: '"admin view", "Maya\'s view", "Acme\'s view"' }) description: string;
  @Field({ description: 'Creators and admins see platform income; brands never do' })
  seesPlatformIncome: boolean;
}

@ObjectType('ReportPeriod', { description: 'The half-open period [from, to)' })
export class ReportPeriodObject {
  @Field({ description: 'Start of the period, included (ISO 8601, UTC)' }) from: Date;
  @Field({
    description: 'End of the period, excluded (ISO 8601, UTC); at most 366 days after from',
  })
  to: Date;
}

@ObjectType('ReportOutage', { description: 'An outage a report covers, as the figures count it' })
export class ReportOutageObject {
  @Field(() => ID, { description: "The outage's id (as Outage.id)" }) id: string;
  @Field({ description: 'The title the outage was recorded with' }) title: string;
  @Field({ description: 'When the platforms went down (ISO 8601, UTC)' }) startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'Null while ongoing' }) endsAt: Date | null;
  @Field({ description: 'True when no end is recorded yet' }) ongoing: boolean;
  @Field({
    description:
      'End of the window counted: endsAt as recorded (even after asOf), or asOf while ongoing',
  })
  countedUntil: Date;
  @Field(() => OutageSeverityEnum, { description: 'FULL (down) or PARTIAL (degraded)' })
  severity: OutageSeverity;
  @Field(() => Int, {
    description: 'How degraded the platforms are, basis points: 10000 for FULL, 1–9999 for PARTIAL',
  })
  degradationBps: number;
  @Field(() => [ReportPlatformObject], { description: 'Reported down' })
  directPlatforms: ReportPlatformObject[];
  @Field(() => [ReportPlatformObject], { description: 'Down through the dependency graph' })
  dependentPlatforms: ReportPlatformObject[];
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
export class ReportDealTermsObject {
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
  @Field(() => [ReportPlatformObject], {
    description: 'Where the deliverables may be posted instead, in order of preference',
  })
  alternatePlatforms: ReportPlatformObject[];
}

@ObjectType('ReportCreatorBreakdown', {
  description: "One creator's figures in the report, by creator name",
})
export class ReportCreatorBreakdownObject {
  @Field(() => ID, { description: "The creator's id (as Creator.id)" }) creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => [ImpactTotals], {
    description: 'Per currency; platformIncomeLost is null where the viewer may not see it',
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportBrandBreakdown', {
  description: "One brand's figures in the report, by brand name",
})
export class ReportBrandBreakdownObject {
  @Field(() => ID, { description: "The brand's id (as Brand.id)" }) brandId: string;
  @Field({ description: "The brand's name" }) brandName: string;
  @Field(() => [ImpactTotals], {
    description: "Per currency, from the brand's deals' deliverables (no platform income)",
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportDealBreakdown', {
  description: "One deal's figures and terms in the report, by deal title",
})
export class ReportDealBreakdownObject {
  @Field(() => ID, { description: "The deal's id (as Deal.id)" }) dealId: string;
  @Field({ description: "The deal's title" }) dealTitle: string;
  @Field(() => ID, { description: 'The creator who logged the deal' }) creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => ID, { description: 'The brand the deal is with' }) brandId: string;
  @Field({ description: "The brand's name" }) brandName: string;
  @Field(() => ReportDealTermsObject, { description: "The deal's terms behind the figures" })
  terms: ReportDealTermsObject;
  @Field(() => [ImpactTotals], {
    description: "Per currency (one: the deal's), from its affected deliverables",
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportPlatformBreakdown', {
  description: 'The figures of the deliverables planned on one platform, by platform name',
})
export class ReportPlatformBreakdownObject {
  @Field(() => ReportPlatformObject, { description: "The deliverables' own platform" })
  platform: ReportPlatformObject;
  @Field(() => [ImpactTotals], {
    description: 'Per currency; platformIncomeLost is null where the viewer may not see it',
  })
  totals: ImpactTotals[];
}

@ObjectType('ReportDeliverable', {
  description: 'An affected deliverable, counted once at its worst outcome',
})
export class ReportDeliverableObject {
  @Field(() => ID, { description: "The deliverable's id (as Deliverable.id)" })
  deliverableId: string;
  @Field({ description: "The deliverable's title" }) title: string;
  @Field(() => DeliverableKindEnum, { description: 'What is posted (post, reel, live…)' })
  kind: DeliverableKind;
  @Field(() => DeliverableTimingEnum, {
    description: 'FLEXIBLE may move to a later slot; FIXED cannot',
  })
  timing: DeliverableTiming;
  @Field(() => ReportPlatformObject, { description: 'The platform it was planned on' })
  platform: ReportPlatformObject;
  @Field(() => ID, { description: 'The deal it belongs to' }) dealId: string;
  @Field({ description: "The deal's title" }) dealTitle: string;
  @Field(() => ID, { description: 'The creator who logged the deal' }) creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => ID, { description: 'The brand the deal is with' }) brandId: string;
  @Field({ description: "The brand's name" }) brandName: string;
  @Field(() => ImpactOutcomeEnum, {
    description: 'Its worst outcome across the outages in the report',
  })
  outcome: ImpactOutcome;
  @Field({ description: 'ISO 4217 code of the deal: every amount of the row is in it' })
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
  slotEnd: Date;
  @Field(() => Int, { description: 'Length of the slot in minutes; 0 for an instant post' })
  durationMinutes: number;
  @Field({ description: 'The contract deadline' }) dueAt: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'dueAt, extended by the downtime under force majeure, wherever the deadline was tested: DELAYED, LATE and a FLEXIBLE deliverable killed for lateness (LOST); null otherwise',
  })
  effectiveDeadline: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When to post instead: the next free instant (DELAYED, LATE) or the same slot on an alternate (RECOVERABLE); null for LOST and AT_RISK',
  })
  suggestedSlot: Date | null;
  @Field(() => ReportPlatformObject, {
    nullable: true,
    description:
      'Where to post instead: its own platform (DELAYED, LATE) or an alternate of the deal (RECOVERABLE); null for LOST and AT_RISK',
  })
  suggestedPlatform: ReportPlatformObject | null;
  @Field({ description: "scheduledAt + the deal's net payment days; every outcome" })
  originalPaymentDue: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'suggestedSlot + net payment days for DELAYED and LATE; = originalPaymentDue for RECOVERABLE and AT_RISK; null for LOST',
  })
  newPaymentDue: Date | null;
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
  @Field({
    description:
      'An outage behind it was not over by asOf (no end, or it ends after asOf): the figures may change',
  })
  provisional: boolean;
  @Field(() => ID, { description: 'The outage behind these figures' }) outageId: string;
  @Field(() => [ID], { description: 'Every outage in the report that hit it' })
  outageIds: string[];
  @Field(() => [ReportPlatformObject], {
    description: 'Platforms reported down that took this one down through the graph',
  })
  downThrough: ReportPlatformObject[];
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
export class ReportPlatformIncomeObject {
  @Field(() => ID, { description: 'The platform account (as PlatformAccount.id)' })
  accountId: string;
  @Field(() => ID, { description: 'The creator who holds the account' }) creatorId: string;
  @Field({ description: "The creator's display name" }) creatorName: string;
  @Field(() => ReportPlatformObject, { description: 'The platform of the account' })
  platform: ReportPlatformObject;
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
}

@ObjectType('Report', {
  description: 'The report behind the CSV, Markdown and HTML renderings, scoped like outageImpact',
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
      'Ongoing outages are counted up to this instant; an outage with a recorded end counts as recorded',
  })
  asOf: Date;
  @Field(() => ReportPeriodObject, {
    nullable: true,
    description: 'The period covered; null for an OUTAGE report',
  })
  period: ReportPeriodObject | null;
  @Field(() => ReportPlatformObject, {
    nullable: true,
    description:
      'A PERIOD report limited to outages taking this platform down; null when not limited',
  })
  platformFilter: ReportPlatformObject | null;
  @Field(() => ReportViewerObject, { description: 'Whose view this is' })
  viewer: ReportViewerObject;
  @Field({ description: 'Figures will move (an outage was not over by asOf); false = final' })
  provisional: boolean;
  @Field(() => [ReportOutageObject], { description: 'The outages covered, by start' })
  outages: ReportOutageObject[];
  @Field(() => [ImpactTotals], { description: 'Per currency; add up from deliverables' })
  totals: ImpactTotals[];
  @Field(() => [ReportCreatorBreakdownObject], {
    description: 'Totals per creator, by creator name',
  })
  byCreator: ReportCreatorBreakdownObject[];
  @Field(() => [ReportBrandBreakdownObject], { description: 'Totals per brand, by brand name' })
  byBrand: ReportBrandBreakdownObject[];
  @Field(() => [ReportDealBreakdownObject], {
    description: 'Totals and terms per deal, by deal title',
  })
  byDeal: ReportDealBreakdownObject[];
  @Field(() => [ReportPlatformBreakdownObject], {
    description: "Totals per deliverables' platform, by platform name",
  })
  byPlatform: ReportPlatformBreakdownObject[];
  @Field(() => [ReportDeliverableObject], {
    description: 'Every affected deliverable you may see, once each, by scheduledAt then title',
  })
  deliverables: ReportDeliverableObject[];
  @Field(() => [ReportPlatformIncomeObject], {
    nullable: true,
    description: 'Null for brands, who never see platform income',
  })
  platformIncome: ReportPlatformIncomeObject[] | null;
  @Field(() => [String], {
    description: 'Advice sentences with their figures, most actionable first',
  })
  recommendations: string[];
}

function platformObject(platform: ReportPlatform): ReportPlatformObject {
  return { id: platform.id, slug: platform.slug, name: platform.name };
}

function totalsObject(totals: ReportTotals): ImpactTotals {
  const money = (minor: bigint) => toMoney(minor, totals.currency);
  return {
    currency: totals.currency,
    delayed: money(totals.delayed),
    lost: money(totals.lost),
    retained: money(totals.retained),
    recoverable: money(totals.recoverable),
    atRisk: money(totals.atRisk),
    platformIncomeLost:
      totals.platformIncomeLost === undefined ? null : money(totals.platformIncomeLost),
    counts: { ...totals.counts },
  };
}

function deliverableObject(row: ReportDeliverable): ReportDeliverableObject {
  const money = (minor: bigint) => toMoney(minor, row.currency);
  // As on DeliverableImpact: a money part that does not apply to the outcome is null.
  const part = (name: MoneyPart) => (moneyPartApplies(row.outcome, name) ? money(row[name]) : null);
  return {
    ...row,
    kind: row.kind as DeliverableKind,
    platform: platformObject(row.platform),
    fee: money(row.fee),
    delayed: part('delayed'),
    lost: part('lost'),
    retained: part('retained'),
    recoverable: part('recoverable'),
    atRisk: part('atRisk'),
    suggestedPlatform: row.suggestedPlatform ? platformObject(row.suggestedPlatform) : null,
    outageIds: [...row.outageIds],
    downThrough: row.downThrough.map(platformObject),
    lostWithForceMajeure:
      row.lostWithForceMajeure === null ? null : money(row.lostWithForceMajeure),
  };
}

/** The model as the GraphQL `Report`: bigint amounts become Money, nothing else changes. */
export function toReportObject(model: ReportModel): ReportObject {
  const totals = (list: readonly ReportTotals[]) => list.map(totalsObject);
  return {
    title: model.title,
    kind: model.kind,
    generatedAt: model.generatedAt,
    asOf: model.asOf,
    period: model.period ? { ...model.period } : null,
    platformFilter: model.platformFilter ? platformObject(model.platformFilter) : null,
    viewer: { ...model.viewer },
    provisional: model.provisional,
    outages: model.outages.map((outage) => ({
      ...outage,
      directPlatforms: outage.directPlatforms.map(platformObject),
      dependentPlatforms: outage.dependentPlatforms.map(platformObject),
    })),
    totals: totals(model.totals),
    byCreator: model.byCreator.map((g) => ({ ...g, totals: totals(g.totals) })),
    byBrand: model.byBrand.map((g) => ({ ...g, totals: totals(g.totals) })),
    byDeal: model.byDeal.map((g) => ({
      ...g,
      terms: { ...g.terms, alternatePlatforms: g.terms.alternatePlatforms.map(platformObject) },
      totals: totals(g.totals),
    })),
    byPlatform: model.byPlatform.map((g) => ({
      platform: platformObject(g.platform),
      totals: totals(g.totals),
    })),
    deliverables: model.deliverables.map(deliverableObject),
    platformIncome: model.platformIncome
      ? model.platformIncome.map((entry) => ({
          ...entry,
          platform: platformObject(entry.platform),
          loss: toMoney(entry.loss, entry.currency),
          outageIds: [...entry.outageIds],
        }))
      : null,
    recommendations: [...model.recommendations],
  };
}
