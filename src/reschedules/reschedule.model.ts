import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import { RiskLevelEnum } from '../impact/impact.model';
import type { RiskOutcome } from '../impact/engine';
import { PROPOSAL_STATES, type ProposalState } from './reschedule.repository';

export const ProposalStateEnum = graphqlEnum(
  PROPOSAL_STATES,
  'RescheduleProposalState',
  'Where a reschedule proposal stands',
  {
    OPEN: 'Waiting for the brand',
    ACCEPTED: 'The brand accepted: the deliverable moved, and the move is its new contract',
    DECLINED: "The brand declined: nothing moved, the engine's assessment stands",
    WITHDRAWN: 'The creator withdrew it',
    EXPIRED: "Not answered before the deliverable's original deadline: nothing moved",
  },
);

export const RescheduleDecisionEnum = graphqlEnum(
  ['ACCEPT', 'DECLINE'] as const,
  'RescheduleDecision',
  "The brand's answer to a proposal",
  {
    ACCEPT: 'Move the deliverable as proposed (the new slot, deadline and platform)',
    DECLINE: 'Keep the deliverable where it is',
  },
);

@ObjectType({ description: 'Where and when a deliverable runs, and its deadline' })
export class RescheduleSlot {
  @Field({ description: 'The platform slug' })
  platformSlug: string;

  @Field(() => Date, { description: 'The slot' })
  scheduledAt: Date;

  @Field(() => Date, { description: 'The deadline' })
  dueAt: Date;
}

@ObjectType({ description: 'What one judgement of the deliverable does to its fee' })
export class RescheduleFigures {
  @Field(() => RiskLevelEnum, {
    description: "The engine's judgement (the deliverable's risk level)",
  })
  outcome: RiskOutcome;

  @Field(() => Money, { description: 'Fee arriving later' })
  delayed: Money;

  @Field(() => Money, { description: 'Fee gone' })
  lost: Money;

  @Field(() => Money, { description: 'Kill fee kept under force majeure' })
  retained: Money;

  @Field(() => Money, { description: 'Fee saved on an alternate platform' })
  recoverable: Money;

  @Field(() => Float, { nullable: true, description: 'Minutes the post moves; null if none' })
  delayMinutes: number | null;
}

@ObjectType({ description: 'The money at stake in a move, computed by the engine when proposed' })
export class RescheduleAtStake {
  @Field(() => RescheduleFigures, { description: 'As things stand, without the move' })
  now: RescheduleFigures;

  @Field(() => RescheduleFigures, { description: 'Once the move is accepted' })
  ifAccepted: RescheduleFigures;

  @Field(() => Money, { description: 'now.lost − ifAccepted.lost: what accepting saves' })
  saved: Money;
}

@ObjectType({
  description: "A creator's proposal to move a deliverable after an outage, and the brand's answer",
})
export class RescheduleProposal {
  @Field(() => ID, { description: "The proposal's UUID" })
  id: string;

  dealId: string;
  deliverableId: string;

  @Field(() => ProposalStateEnum, {
    description: 'Where it stands (EXPIRED once past the original deadline unanswered)',
  })
  state: ProposalState;

  @Field(() => RescheduleSlot, { description: 'Where and when the deliverable was when proposed' })
  original: RescheduleSlot;

  @Field(() => RescheduleSlot, { description: 'Where and when it would run' })
  proposed: RescheduleSlot;

  @Field(() => [ID], { description: 'The outages behind the proposal (the worst ones hitting it)' })
  outageIds: string[];

  @Field(() => RescheduleAtStake, { description: 'The money at stake, as computed when proposed' })
  atStake: RescheduleAtStake;

  @Field({ description: "The creator's note to the brand; may be empty" })
  note: string;

  @Field({ description: "The brand's note with its answer; may be empty" })
  responseNote: string;

  @Field(() => Date, { description: 'When it was proposed' })
  proposedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was answered, withdrawn or expired' })
  closedAt: Date | null;
}

export const RescheduleProposalConnection = ConnectionType(RescheduleProposal);
