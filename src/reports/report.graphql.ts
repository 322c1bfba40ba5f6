// The ReportModel as GraphQL types: the same fields, amounts as Money, instants as DateTime.
// Plain object types (no field resolvers): the model is complete and already scoped.
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
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

export const ReportKindEnum = graphqlEnum(
  ['OUTAGE', 'PERIOD'] as const,
  'ReportKind',
  'OUTAGE: one outage; PERIOD: every outage overlapping a period',
);

export const ReportViewerRoleEnum = graphqlEnum(
  ['ADMIN', 'CREATOR', 'BRAND'] as const,
  'ReportViewerRole',
  'Whose view the report is',
);

@ObjectType('ReportPlatform', { description: 'A platform named in a report' })
export class ReportPlatformObject {
  @Field(() => ID) id: string;
  @Field() slug: string;
  @Field() name: string;
}

@ObjectType('ReportViewer')
export class ReportViewerObject {
  @Field(() => ReportViewerRoleEnum) role: ReportViewerRole;
  @Field({ description: '"admin view", "Maya\'s view", "Acme\'s view"' }) description: string;
  @Field({ description: 'Creators and admins see platform income; brands never do' })
  seesPlatformIncome: boolean;
}

@ObjectType('ReportPeriod', { description: 'The half-open period [from, to)' })
export class ReportPeriodObject {
  @Field() from: Date;
  @Field() to: Date;
}

@ObjectType('ReportOutage')
export class ReportOutageObject {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'Null while ongoing' }) endsAt: Date | null;
  @Field() ongoing: boolean;
  @Field({
    description:
      'End of the window counted: endsAt as recorded (even after asOf), or asOf while ongoing',
  })
  countedUntil: Date;
  @Field(() => OutageSeverityEnum) severity: OutageSeverity;
  @Field(() => Int) degradationBps: number;
  @Field(() => [ReportPlatformObject], { description: 'Reported down' })
  directPlatforms: ReportPlatformObject[];
  @Field(() => [ReportPlatformObject], { description: 'Down through the dependency graph' })
  dependentPlatforms: ReportPlatformObject[];
  @Field() provisional: boolean;
  @Field(() => Int, { description: 'Deliverables in this report the outage hit' })
  deliverablesHit: number;
}

@ObjectType('ReportDealTerms')
export class ReportDealTermsObject {
  @Field(() => Int) netPaymentDays: number;
  @Field(() => Int) latePenaltyBpsPerDay: number;
  @Field(() => Int) latePenaltyCapBps: number;
  @Field(() => Int, { nullable: true }) killAfterDaysLate: number | null;
  @Field(() => Int) killFeeBps: number;
  @Field() forceMajeure: boolean;
  @Field(() => [ReportPlatformObject]) alternatePlatforms: ReportPlatformObject[];
}

@ObjectType('ReportCreatorBreakdown')
export class ReportCreatorBreakdownObject {
  @Field(() => ID) creatorId: string;
  @Field() creatorName: string;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType('ReportBrandBreakdown')
export class ReportBrandBreakdownObject {
  @Field(() => ID) brandId: string;
  @Field() brandName: string;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType('ReportDealBreakdown')
export class ReportDealBreakdownObject {
  @Field(() => ID) dealId: string;
  @Field() dealTitle: string;
  @Field(() => ID) creatorId: string;
  @Field() creatorName: string;
  @Field(() => ID) brandId: string;
  @Field() brandName: string;
  @Field(() => ReportDealTermsObject) terms: ReportDealTermsObject;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType('ReportPlatformBreakdown')
export class ReportPlatformBreakdownObject {
  @Field(() => ReportPlatformObject) platform: ReportPlatformObject;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType('ReportDeliverable', {
  description: 'An affected deliverable, counted once at its worst outcome',
})
export class ReportDeliverableObject {
  @Field(() => ID) deliverableId: string;
  @Field() title: string;
  @Field(() => DeliverableKindEnum) kind: DeliverableKind;
  @Field(() => DeliverableTimingEnum) timing: DeliverableTiming;
  @Field(() => ReportPlatformObject) platform: ReportPlatformObject;
  @Field(() => ID) dealId: string;
  @Field() dealTitle: string;
  @Field(() => ID) creatorId: string;
  @Field() creatorName: string;
  @Field(() => ID) brandId: string;
  @Field() brandName: string;
  @Field(() => ImpactOutcomeEnum) outcome: ImpactOutcome;
  @Field() currency: string;
  @Field(() => Money) fee: Money;
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
  @Field(() => Int, { nullable: true }) daysLate: number | null;
  @Field(() => Int, { nullable: true }) penaltyBps: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'DELAYED and LATE, 0 for RECOVERABLE; null for LOST and AT_RISK',
  })
  delayMinutes: number | null;
  @Field({ description: 'Start of the original slot' }) scheduledAt: Date;
  @Field({ description: 'End of the original slot (= scheduledAt for an instant post)' })
  slotEnd: Date;
  @Field(() => Int) durationMinutes: number;
  @Field({ description: 'The contract deadline' }) dueAt: Date;
  @Field(() => Date, { nullable: true }) effectiveDeadline: Date | null;
  @Field(() => Date, { nullable: true }) suggestedSlot: Date | null;
  @Field(() => ReportPlatformObject, { nullable: true })
  suggestedPlatform: ReportPlatformObject | null;
  @Field() originalPaymentDue: Date;
  @Field(() => Date, { nullable: true }) newPaymentDue: Date | null;
  @Field() explanation: string;
  @Field() provisional: boolean;
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

@ObjectType('ReportPlatformIncome')
export class ReportPlatformIncomeObject {
  @Field(() => ID) accountId: string;
  @Field(() => ID) creatorId: string;
  @Field() creatorName: string;
  @Field(() => ReportPlatformObject) platform: ReportPlatformObject;
  @Field(() => Float, { description: 'Overlapping outages counted once' }) downtimeMinutes: number;
  @Field(() => Int) factorBps: number;
  @Field(() => Money) loss: Money;
  @Field({ description: 'An outage behind it was not over by asOf: the loss may change' })
  provisional: boolean;
  @Field(() => [ID]) outageIds: string[];
  @Field() explanation: string;
}

@ObjectType('Report', {
  description: 'The report behind the CSV, Markdown and HTML renderings, scoped like outageImpact',
})
export class ReportObject {
  @Field() title: string;
  @Field(() => ReportKindEnum) kind: ReportKind;
  @Field() generatedAt: Date;
  @Field() asOf: Date;
  @Field(() => ReportPeriodObject, { nullable: true }) period: ReportPeriodObject | null;
  @Field(() => ReportPlatformObject, { nullable: true })
  platformFilter: ReportPlatformObject | null;
  @Field(() => ReportViewerObject) viewer: ReportViewerObject;
  @Field({ description: 'Figures will move (an outage was not over by asOf); false = final' })
  provisional: boolean;
  @Field(() => [ReportOutageObject]) outages: ReportOutageObject[];
  @Field(() => [ImpactTotals], { description: 'Per currency; add up from deliverables' })
  totals: ImpactTotals[];
  @Field(() => [ReportCreatorBreakdownObject]) byCreator: ReportCreatorBreakdownObject[];
  @Field(() => [ReportBrandBreakdownObject]) byBrand: ReportBrandBreakdownObject[];
  @Field(() => [ReportDealBreakdownObject]) byDeal: ReportDealBreakdownObject[];
  @Field(() => [ReportPlatformBreakdownObject]) byPlatform: ReportPlatformBreakdownObject[];
  @Field(() => [ReportDeliverableObject]) deliverables: ReportDeliverableObject[];
  @Field(() => [ReportPlatformIncomeObject], {
    nullable: true,
    description: 'Null for brands, who never see platform income',
  })
  platformIncome: ReportPlatformIncomeObject[] | null;
  @Field(() => [String]) recommendations: string[];
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
