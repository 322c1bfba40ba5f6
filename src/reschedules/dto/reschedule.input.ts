import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { ProposalStateEnum, RescheduleDecisionEnum } from '../reschedule.model';
import { PROPOSAL_STATES, type ProposalState } from '../reschedule.repository';

@InputType({
  description:
    "A proposed move of one deliverable; anything omitted takes the engine's suggestion for its worst outage",
})
export class ProposeRescheduleInput {
  @Field(() => ID, {
    description: 'The deliverable (creators: their own, PLANNED, on an ACTIVE deal)',
  })
  @IsUUID()
  deliverableId: string;

  @Field(() => Date, {
    nullable: true,
    description: "The new slot, in the future. Default: the engine's suggested slot",
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  scheduledAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'The new deadline, not before the slot. Default: moved as much as the slot, never earlier than the deadline in force',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The platform: the deliverable's own or one of the deal's alternates. Default: the engine's suggestion, else its own",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  platformSlug?: string | null;

  @Field(() => String, { nullable: true, description: 'A note to the brand, ≤ 2000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: "The brand's answer to an open proposal" })
export class RespondToRescheduleInput {
  @Field(() => ID, { description: 'The proposal' })
  @IsUUID()
  proposalId: string;

  @Field(() => RescheduleDecisionEnum, {
    description: 'ACCEPT moves the deliverable; DECLINE keeps it',
  })
  @IsIn(['ACCEPT', 'DECLINE'])
  decision: 'ACCEPT' | 'DECLINE';

  @Field(() => String, { nullable: true, description: 'A note to the creator, ≤ 2000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: "The creator's withdrawal of an open proposal" })
export class WithdrawRescheduleInput {
  @Field(() => ID, { description: 'The proposal' })
  @IsUUID()
  proposalId: string;
}

@InputType({ description: 'Narrows the proposals list; every filter given must hold' })
export class RescheduleProposalFilter {
  @Field(() => [ProposalStateEnum], {
    nullable: true,
    description: 'Proposals in any of these states',
  })
  @IsOptional()
  @ArrayMaxSize(PROPOSAL_STATES.length)
  @IsIn(PROPOSAL_STATES, { each: true })
  state?: ProposalState[];

  @Field(() => ID, { nullable: true, description: 'Proposals on this deal' })
  @IsOptional()
  @IsUUID()
  dealId?: string;

  @Field(() => ID, { nullable: true, description: 'Proposals on deals with this brand' })
  @IsOptional()
  @IsUUID()
  brandId?: string;
}

@ArgsType()
export class RescheduleProposalsArgs extends PageArgs {
  @Field(() => RescheduleProposalFilter, {
    nullable: true,
    description: 'Every filter given must hold',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RescheduleProposalFilter)
  filter?: RescheduleProposalFilter;
}
