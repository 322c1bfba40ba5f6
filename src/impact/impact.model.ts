import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { OutageSeverityEnum } from '../outages/outage.model';
import type { OutageSeverity } from '../outages/outage.entity';
import {
  OUTCOME_SEVERITY,
  type DeliverableAssessment,
  type DeliverableRisk as EngineRisk,
} from './engine';
import type { ScopedOutageImpact } from './impact.service';

export const ImpactOutcomeEnum = graphqlEnum(
  ['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE'] as const,
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

@ObjectType({ description: 'How many hit deliverables have each outcome' })
export class OutcomeCounts {
  @Field(() => Int, { description: 'Deliverables LOST' }) lost: number;
  @Field(() => Int, { description: 'Deliverables LATE' }) late: number;
  @Field(() => Int, { description: 'Deliverables DELAYED' }) delayed: number;
  @Field(() => Int, { description: 'Deliverables AT_RISK' }) atRisk: number;
  @Field(() => Int, { description: 'Deliverables RECOVERABLE' }) recoverable: number;
}

@ObjectType({ description: 'Figures in one currency; never summed across currencies' })
export class ImpactTotals {
  @Field({ description: 'ISO 4217 code of every amount in these totals' }) currency: string;
  @Field(() => Money, { description: 'Income that will arrive later than planned' }) delayed: Money;
  @Field(() => Money, { description: 'Income gone: penalties and killed deliverables' })
  lost: Money;
  @Field(() => Money, { description: 'Kill fees kept under force majeure' }) retained: Money;
  @Field(() => Money, { description: 'Fees saved by posting on an alternate platform' })
  recoverable: Money;
  @Field(() => Money, { description: 'Fees of deliverables on a degraded (PARTIAL) platform' })
  atRisk: Money;
  @Field(() => Money, {
    nullable: true,
    description:
      "Creators' non-sponsorship income lost to downtime; null for brands, who never see it",
  })
  platformIncomeLost: Money | null;
  @Field(() => OutcomeCounts, { description: 'Deliverables per outcome in this currency' })
  counts: OutcomeCounts;
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
  suggestedSlot: Date | null;
  @Field({ description: "scheduledAt + the deal's net payment days; every outcome" })
  originalPaymentDue: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'suggestedSlot + net payment days for DELAYED and LATE; unchanged (= originalPaymentDue) for RECOVERABLE and AT_RISK; null for LOST',
  })
  newPaymentDue: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'dueAt, extended by the downtime under force majeure, wherever the deadline was tested: DELAYED, LATE and a FLEXIBLE post killed for lateness (LOST); null for RECOVERABLE, AT_RISK and a FIXED LOST',
  })
  effectiveDeadline: Date | null;
  @Field({
    description:
      'An outage behind it was not over by asOf (open-ended, or recorded to end after asOf): figures may change',
  })
  provisional: boolean;
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
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
  @Field(() => [ImpactTotals], { description: "The creator's figures, one entry per currency" })
  totals: ImpactTotals[];
}

@ObjectType({
  description:
    "One brand's share of an outage's impact: the hit deliverables of its deals the caller may see",
})
export class BrandImpact {
  @Field(() => ID, { description: 'The brand (see brand)' }) brandId: string;
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
  @Field(() => [ImpactTotals], { description: "The platform's figures, one entry per currency" })
  totals: ImpactTotals[];
}

@ObjectType({
  description: "One deal's share of an outage's impact: its hit deliverables",
})
export class DealImpactTotals {
  @Field(() => ID, { description: 'The deal (see deal)' }) dealId: string;
  @Field(() => [ImpactTotals], {
    description: "The deal's figures in its currency (platform income is not attributed to deals)",
  })
  totals: ImpactTotals[];
}

@ObjectType({ description: "A creator's platform income lost to the outage (rule 5)" })
export class PlatformIncomeLossModel {
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
}

@ObjectType({ description: "An outage's effect on the sponsorship income the caller may see" })
export class OutageImpactModel {
  @Field({ description: 'True for simulateOutage: nothing was stored' }) simulated: boolean;
  @Field({
    description:
      'An open-ended outage is counted up to this instant; one with a recorded end counts as recorded',
  })
  asOf: Date;
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

@ObjectType({ description: "A deliverable's risk across every recorded outage" })
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
  suggestedSlot: Date | null;
  @Field({ description: 'Depends on an outage that was not over by asOf' }) provisional: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Why, with the arithmetic (null when ON_TRACK, POSTED or CANCELLED)',
  })
  explanation: string | null;
  risk: EngineRisk;
}
