import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { OutageSeverityEnum } from '../outages/outage.model';
import type { OutageSeverity } from '../outages/outage.entity';
import type { DeliverableAssessment, DeliverableRisk as EngineRisk } from './engine';
import type { ScopedOutageImpact } from './impact.service';

export const ImpactOutcomeEnum = graphqlEnum(
  ['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE'] as const,
  'ImpactOutcome',
  'What an outage does to a deliverable, worst first',
);

export const RiskLevelEnum = graphqlEnum(
  ['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE', 'ON_TRACK', 'POSTED', 'CANCELLED'] as const,
  'RiskLevel',
  "A deliverable's standing across every recorded outage (the worst outcome)",
);

@ObjectType()
export class OutcomeCounts {
  @Field(() => Int) lost: number;
  @Field(() => Int) late: number;
  @Field(() => Int) delayed: number;
  @Field(() => Int) atRisk: number;
  @Field(() => Int) recoverable: number;
}

@ObjectType({ description: 'Figures in one currency; never summed across currencies' })
export class ImpactTotals {
  @Field() currency: string;
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
  @Field(() => OutcomeCounts) counts: OutcomeCounts;
}

@ObjectType({ description: 'The outage (recorded or simulated) the impact was computed for' })
export class ImpactWindow {
  @Field() title: string;
  @Field() startsAt: Date;
  @Field(() => Date, { nullable: true }) endsAt: Date | null;
  @Field(() => OutageSeverityEnum) severity: OutageSeverity;
  @Field(() => Int) degradationBps: number;
}

@ObjectType({ description: 'What one outage does to one deliverable' })
export class DeliverableImpact {
  @Field(() => ImpactOutcomeEnum) outcome: DeliverableAssessment['outcome'];
  @Field(() => Int, { nullable: true, description: 'Started days past the effective deadline' })
  daysLate: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Late penalty applied, basis points of the fee',
  })
  penaltyBps: number | null;
  @Field(() => Float, {
    description: 'How far the suggested slot is from the planned one, in minutes',
  })
  delayMinutes: number;
  @Field(() => Date, { nullable: true }) suggestedSlot: Date | null;
  @Field() originalPaymentDue: Date;
  @Field(() => Date, { nullable: true, description: 'Null when the deliverable is lost' })
  newPaymentDue: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'dueAt, extended by the downtime under force majeure',
  })
  effectiveDeadline: Date | null;
  @Field({ description: 'Depends on an ongoing outage counted to asOf' }) provisional: boolean;
  @Field({ description: 'The rule and its arithmetic in one sentence' }) explanation: string;
  /** The engine's assessment, for field resolvers. */
  assessment: DeliverableAssessment;
}

export const DeliverableImpactConnection = ConnectionType(DeliverableImpact);

@ObjectType()
export class CreatorImpact {
  @Field(() => ID) creatorId: string;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType()
export class BrandImpact {
  @Field(() => ID) brandId: string;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType()
export class PlatformImpact {
  @Field(() => ID) platformId: string;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType()
export class DealImpactTotals {
  @Field(() => ID) dealId: string;
  @Field(() => [ImpactTotals]) totals: ImpactTotals[];
}

@ObjectType({ description: "A creator's platform income lost to the outage (rule 5)" })
export class PlatformIncomeLossModel {
  @Field(() => ID) creatorId: string;
  @Field(() => ID) platformId: string;
  @Field(() => Float) downtimeMinutes: number;
  @Field(() => Int, { description: '10000 for FULL, degradationBps for PARTIAL' })
  factorBps: number;
  @Field(() => Money) loss: Money;
  @Field() explanation: string;
}

@ObjectType({ description: "An outage's effect on the sponsorship income the caller may see" })
export class OutageImpactModel {
  @Field({ description: 'True for simulateOutage: nothing was stored' }) simulated: boolean;
  @Field({ description: 'Ongoing outages are counted up to this instant' }) asOf: Date;
  @Field({ description: 'The outage is ongoing (or ends after asOf): figures will move' })
  provisional: boolean;
  @Field(() => ImpactWindow) window: ImpactWindow;
  scoped: ScopedOutageImpact;
}

@ObjectType({ description: "A deliverable's risk across every recorded outage" })
export class DeliverableRiskModel {
  @Field(() => RiskLevelEnum) level: EngineRisk['outcome'];
  @Field(() => Date, { nullable: true }) suggestedSlot: Date | null;
  @Field({ description: 'Depends on an ongoing outage' }) provisional: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Why, with the arithmetic (null when on track or settled)',
  })
  explanation: string | null;
  risk: EngineRisk;
}
