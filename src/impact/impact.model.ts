import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CurrencyCode } from '../common/graphql/currency-code.enum';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { OutageSeverityEnum } from '../outages/outage.model';
import type { OutageSeverity } from '../outages/outage.entity';
import {
  IMPACT_OUTCOMES,
  OUTCOME_SEVERITY,
  type DeliverableAssessment,
  type DeliverableRisk as EngineRisk,
  type ImpactExplanationCode,
  type ImpactOutcome,
  type PlatformIncomeExplanationCode,
} from './engine';
import type { ScopedOutageImpact } from './impact.service';

export const ImpactOutcomeEnum = graphqlEnum(
  IMPACT_OUTCOMES,
  'ImpactOutcome',
  'What one outage does to one deliverable it hits, worst first (docs/impact-rules.md). May gain values; handle unknown ones',
  {
    LOST: 'Cannot happen any more: a FIXED deliverable under a FULL outage, or a FLEXIBLE one more days late than killAfterDaysLate. The fee is lost, less the kill fee kept under force majeure (retained)',
    LATE: 'Moves past its deadline: each started day late costs latePenaltyBpsPerDay of the fee, up to latePenaltyCapBps (lost); the rest arrives later (delayed)',
    DELAYED:
      'Moves to the first instant its platform is up again, still by its deadline: the whole fee arrives later (delayed)',
    AT_RISK:
      'A PARTIAL outage degrades its platform during the slot: no money moves, the whole fee is atRisk',
    RECOVERABLE:
      'An alternate platform of the deal is up for the same slot: post there, nothing is lost or delayed (recoverable = the fee)',
  },
);

// The GraphQL enum lists the levels in the engine's order, worst first.
const RISK_LEVELS = OUTCOME_SEVERITY;

export const RiskLevelEnum = Object.fromEntries(RISK_LEVELS.map((level) => [level, level])) as {
  [K in (typeof RISK_LEVELS)[number]]: K;
};
registerEnumType(RiskLevelEnum, {
  name: 'RiskLevel',
  description:
    "A deliverable's standing: the worst of its outage outcomes and OVERDUE, worst first (LOST > OVERDUE > LATE > DELAYED > AT_RISK > RECOVERABLE > ON_TRACK), or settled",
  valuesMap: {
    LOST: { description: 'An outage kills it (fixed slot, or too many days late)' },
    OVERDUE: {
      description:
        'Still PLANNED on an ACTIVE deal after its deadline (dueAt, extended under force majeure): the deadline passed without a post',
    },
    LATE: { description: 'An outage pushes it past its deadline: a late penalty applies' },
    DELAYED: { description: 'An outage moves it, still within its deadline' },
    AT_RISK: { description: 'A PARTIAL outage degrades its platform during the slot' },
    RECOVERABLE: { description: 'An alternate platform of the deal is up for the slot' },
    ON_TRACK: { description: 'No outage hits it and its deadline has not passed' },
    POSTED: { description: 'Posted: settled' },
    CANCELLED: { description: 'Cancelled, or its deal is: settled' },
  },
});

export const ImpactExplanationCodeEnum = graphqlEnum(
  [
    'ALTERNATE_PLATFORM_UP',
    'PLATFORM_DEGRADED',
    'FIXED_SLOT_MISSED',
    'KILLED_FOR_LATENESS',
    'LATE_PENALTY',
    'LATE_PENALTY_CAPPED',
    'MOVED_WITHIN_DEADLINE',
    'DEADLINE_PASSED',
    'APPROVAL_MISSING',
  ] as const satisfies readonly ImpactExplanationCode[],
  'ImpactExplanationCode',
  'Which impact rule an explanation applies (docs/impact-rules.md), beside the English sentence and written by the same rule. May gain values; handle unknown ones',
  {
    ALTERNATE_PLATFORM_UP:
      'RECOVERABLE: an alternate platform of the deal is up for the whole slot; post there at the same slot',
    PLATFORM_DEGRADED:
      'AT_RISK: a PARTIAL outage degrades the platform during the slot; no money moves',
    FIXED_SLOT_MISSED:
      'LOST: a FIXED deliverable falls in a FULL outage and cannot move (force majeure keeps the kill fee)',
    KILLED_FOR_LATENESS:
      'LOST: a FLEXIBLE deliverable would be more days late than killAfterDaysLate, so it is killed',
    LATE_PENALTY:
      'LATE: the next free slot is after the deadline; latePenaltyBpsPerDay per started day applies, below the cap',
    LATE_PENALTY_CAPPED:
      'LATE: the next free slot is after the deadline and the daily penalty exceeds latePenaltyCapBps, so the cap applies',
    MOVED_WITHIN_DEADLINE:
      'DELAYED: the next free slot is still on or before the deadline (extended under force majeure); the fee arrives later',
    DEADLINE_PASSED:
      'OVERDUE (risk only): the deadline in force passed without a post; any outage behind it is described after',
    APPROVAL_MISSING:
      "AT_RISK (risk only): the deal requires the brand's approval and the draft is not approved approvalLeadHours before the slot; any outage behind it is described after",
  },
);

export const PlatformIncomeExplanationCodeEnum = graphqlEnum(
  [
    'FULL_DOWNTIME',
    'PARTIAL_DOWNTIME',
    'MERGED_DOWNTIME',
  ] as const satisfies readonly PlatformIncomeExplanationCode[],
  'PlatformIncomeExplanationCode',
  'Which platform-income rule (rule 5) an explanation applies, beside the English sentence. May gain values; handle unknown ones',
  {
    FULL_DOWNTIME: 'One FULL outage: daily earnings × downtime minutes / 1440',
    PARTIAL_DOWNTIME:
      'One PARTIAL outage: daily earnings × downtime minutes / 1440 × degradationBps / 10000',
    MERGED_DOWNTIME:
      'Several outages of a period report on the platform: overlaps counted once, at the highest degradation',
  },
);

@ObjectType({
  description:
    'The deliverables with one outcome in one currency. byOutcome lists every ImpactOutcome once, in the enum order (LOST, LATE, DELAYED, AT_RISK, RECOVERABLE), zero entries included',
})
export class OutcomeTotal {
  @Field(() => ImpactOutcomeEnum, { description: 'The outcome' }) outcome: ImpactOutcome;
  @Field(() => Money, {
    description: 'Sum of the fees of the deliverables with this outcome (all of each fee)',
  })
  amount: Money;
  @Field(() => Int, { description: 'How many deliverables have this outcome' })
  deliverableCount: number;
}

@ObjectType({ description: 'Figures in one currency; never summed across currencies' })
export class ImpactTotals {
  @Field(() => CurrencyCode, { description: 'ISO 4217 code of every amount in these totals' })
  currency: string;
  @Field(() => Money, {
    description: 'Income that will arrive later than planned, across outcomes (DELAYED and LATE)',
  })
  delayed: Money;
  @Field(() => Money, {
    description: 'Income gone, across outcomes: penalties (LATE) and killed deliverables (LOST)',
  })
  lost: Money;
  @Field(() => Money, { description: 'Kill fees kept under force majeure (LOST)' })
  retained: Money;
  @Field(() => Money, {
    description: 'Fees saved by posting on an alternate platform (the RECOVERABLE fees)',
  })
  recoverable: Money;
  @Field(() => Money, {
    description: 'Fees of deliverables on a degraded (PARTIAL) platform (the AT_RISK fees)',
  })
  atRisk: Money;
  @Field(() => Money, {
    nullable: true,
    description:
      "Creators' non-sponsorship income lost to downtime; null for brands, who never see it",
  })
  platformIncomeLost: Money | null;
  // exactly the five outcomes
  @Extensions({ maxItems: 5 })
  @Field(() => [OutcomeTotal], {
    description:
      'Fees and deliverables per outcome: exactly one entry per ImpactOutcome value (5 today), in its order, zero entries included',
  })
  byOutcome: OutcomeTotal[];
}

@ObjectType({ description: 'The outage (recorded or simulated) the impact was computed for' })
export class ImpactWindow {
  @Field({ description: 'The outage\'s title ("Simulated outage" when a simulation gives none)' })
  title: string;
  @Field({ description: 'When the outage began (ISO 8601, UTC)' }) startsAt: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'When it ends (ISO 8601, UTC); null while no end is known, counted up to asOf',
  })
  endsAt: Date | null;
  @Field(() => OutageSeverityEnum, { description: 'FULL (down) or PARTIAL (degraded)' })
  severity: OutageSeverity;
  @Field(() => Int, {
    description: 'Capacity lost in basis points: 10000 for FULL, 1–9999 for PARTIAL',
  })
  degradationBps: number;
}

@ObjectType({
  description:
    'What one outage does to one deliverable. A field that does not apply to the outcome is null (each field says where it applies)',
})
export class DeliverableImpact {
  @Field(() => ID, { description: 'The deliverable assessed' }) deliverableId: string;
  @Field(() => ImpactOutcomeEnum, { description: 'What the outage does to it' })
  outcome: DeliverableAssessment['outcome'];
  @Field(() => Int, {
    nullable: true,
    description:
      'Started days past the effective deadline: 0 for DELAYED, ≥ 1 for LATE and for a FLEXIBLE post killed for lateness (LOST); null for RECOVERABLE, AT_RISK and a FIXED LOST',
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
    description:
      'Minutes from the planned slot to the suggested one: DELAYED and LATE, 0 for RECOVERABLE (same slot); null for LOST and AT_RISK',
  })
  delayMinutes: number | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When to post instead: the next free instant (DELAYED, LATE) or the same slot on an alternate (RECOVERABLE); null for LOST and AT_RISK',
  })
  suggestedSlotAt: Date | null;
  @Field({ description: "scheduledAt + the deal's net payment days; every outcome" })
  originalPaymentDueAt: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'suggestedSlotAt + net payment days for DELAYED and LATE; unchanged (= originalPaymentDueAt) for RECOVERABLE and AT_RISK; null for LOST',
  })
  newPaymentDueAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'dueAt, extended by the downtime under force majeure, wherever the deadline was tested: DELAYED, LATE and a FLEXIBLE post killed for lateness (LOST); null for RECOVERABLE, AT_RISK and a FIXED LOST',
  })
  effectiveDeadlineAt: Date | null;
  @Field({
    description:
      'An outage behind it was not over by asOf (open-ended, or recorded to end after asOf): figures may change',
  })
  provisional: boolean;
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
  @Field(() => ImpactExplanationCodeEnum, {
    description: 'The rule behind explanation, as a code (written by the same rule)',
  })
  explanationCode: ImpactExplanationCode;
  /** The engine's assessment, for field resolvers. */
  assessment: DeliverableAssessment;
}

export const DeliverableImpactConnection = ConnectionType(DeliverableImpact);

@ObjectType({
  description:
    "One creator's share of an outage's impact: the hit deliverables the caller may see and, for callers who may see it, the creator's platform income lost",
})
export class CreatorImpact {
  @Field(() => ID, { description: 'The creator (see creator)' }) creatorId: string;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], { description: "The creator's figures, one entry per currency" })
  totals: ImpactTotals[];
}

@ObjectType({
  description:
    "One brand's share of an outage's impact: the hit deliverables of its deals the caller may see",
})
export class BrandImpact {
  @Field(() => ID, { description: 'The brand (see brand)' }) brandId: string;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], {
    description:
      "The brand's figures, one entry per currency (platform income is not attributed to brands)",
  })
  totals: ImpactTotals[];
}

@ObjectType({
  description:
    "One platform's share of an outage's impact: the hit deliverables scheduled on it and, for callers who may see it, the platform income lost on it",
})
export class PlatformImpact {
  @Field(() => ID, { description: 'The platform (see platform)' }) platformId: string;
  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [ImpactTotals], { description: "The platform's figures, one entry per currency" })
  totals: ImpactTotals[];
}

@ObjectType({
  description: "One deal's share of an outage's impact: its hit deliverables",
})
export class DealImpactTotals {
  @Field(() => ID, { description: 'The deal (see deal)' }) dealId: string;
  // a deal has one currency
  @Extensions({ maxItems: 1 })
  @Field(() => [ImpactTotals], {
    description: "The deal's figures in its currency (platform income is not attributed to deals)",
  })
  totals: ImpactTotals[];
}

@ObjectType({ description: "A creator's platform income lost to the outage (rule 5)" })
export class PlatformIncomeLoss {
  @Field(() => ID, { description: 'The platform account (as ReportPlatformIncome.accountId)' })
  accountId: string;
  @Field(() => ID, { description: 'The creator who owns the account (see creator)' })
  creatorId: string;
  @Field(() => ID, { description: 'The affected platform the account is on (see platform)' })
  platformId: string;
  @Field(() => Float, {
    description:
      "The outage's window in minutes: as recorded, even past asOf; an open-ended outage up to asOf",
  })
  downtimeMinutes: number;
  @Field(() => Int, { description: '10000 for FULL, degradationBps for PARTIAL' })
  factorBps: number;
  @Field(() => Money, {
    description:
      "dailyEarnings × downtimeMinutes / 1440 × factorBps / 10000, in the account's currency, rounded once half away from zero",
  })
  loss: Money;
  @Field({ description: 'The outage was not over by asOf: the loss may change' })
  provisional: boolean;
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
  @Field(() => PlatformIncomeExplanationCodeEnum, {
    description: 'The rule behind explanation, as a code (written by the same rule)',
  })
  explanationCode: PlatformIncomeExplanationCode;
}

export const PlatformIncomeLossConnection = ConnectionType(PlatformIncomeLoss);
export const CreatorImpactConnection = ConnectionType(CreatorImpact);
export const BrandImpactConnection = ConnectionType(BrandImpact);
export const PlatformImpactConnection = ConnectionType(PlatformImpact);
export const DealImpactTotalsConnection = ConnectionType(DealImpactTotals);

@ObjectType('OutageImpact', {
  description: "An outage's effect on the sponsorship income the caller may see",
})
export class OutageImpactModel {
  @Field({ description: 'True for simulateOutage: nothing was stored' }) simulated: boolean;
  @Field({
    description:
      'The asOf the figures were evaluated at: an open-ended outage is counted up to this instant; one with a recorded end counts as recorded',
  })
  evaluatedAt: Date;
  @Field({
    description:
      'The outage was not over by asOf (open-ended, or recorded to end after asOf), or an item depends on one that was not: figures may move',
  })
  provisional: boolean;
  @Field(() => ImpactWindow, {
    description: 'The outage assessed: as recorded, or as given to simulateOutage',
  })
  window: ImpactWindow;
  scoped: ScopedOutageImpact;
}

@ObjectType('DeliverableRisk', {
  description: "A deliverable's risk across every recorded outage",
})
export class DeliverableRiskModel {
  @Field(() => RiskLevelEnum, {
    description:
      'The worst outcome across recorded outages and the deadline, or POSTED / CANCELLED',
  })
  level: EngineRisk['outcome'];
  @Field(() => Date, {
    nullable: true,
    description:
      'When to post instead, from the outage behind the level: the next free instant (DELAYED, LATE) or the same slot on an alternate (RECOVERABLE); null otherwise',
  })
  suggestedSlotAt: Date | null;
  @Field({ description: 'Depends on an outage that was not over by asOf' }) provisional: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Why, with the arithmetic (null when ON_TRACK, POSTED or CANCELLED)',
  })
  explanation: string | null;
  @Field(() => ImpactExplanationCodeEnum, {
    nullable: true,
    description:
      'The rule behind explanation, as a code: DEADLINE_PASSED for OVERDUE, else the rule of the worst outage assessment; null exactly when explanation is',
  })
  explanationCode: ImpactExplanationCode | null;
  risk: EngineRisk;
}
