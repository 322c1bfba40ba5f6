import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { RescheduleProposal } from '../reschedule.model';

@ObjectType({ description: 'What proposeReschedule did' })
export class ProposeReschedulePayload extends MutationPayload {
  @Field(() => RescheduleProposal, {
    nullable: true,
    description: 'The open proposal; null when refused',
  })
  proposal: RescheduleProposal | null;
}

@ObjectType({ description: 'What respondToReschedule did' })
export class RespondToReschedulePayload extends MutationPayload {
  @Field(() => RescheduleProposal, {
    nullable: true,
    description:
      'The proposal, ACCEPTED or DECLINED (its deliverable moved if accepted); null when refused',
  })
  proposal: RescheduleProposal | null;
}

@ObjectType({ description: 'What withdrawReschedule did' })
export class WithdrawReschedulePayload extends MutationPayload {
  @Field(() => RescheduleProposal, {
    nullable: true,
    description: 'The proposal, WITHDRAWN; null when refused',
  })
  proposal: RescheduleProposal | null;
}
