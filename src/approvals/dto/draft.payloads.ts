import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { Draft } from '../draft.model';

@ObjectType({ description: 'What submitDraft did' })
export class SubmitDraftPayload extends MutationPayload {
  @Field(() => Draft, {
    nullable: true,
    description: 'The new round, IN_REVIEW; null when refused',
  })
  draft: Draft | null;
}

@ObjectType({ description: 'What reviewDraft did' })
export class ReviewDraftPayload extends MutationPayload {
  @Field(() => Draft, {
    nullable: true,
    description: 'The round, now APPROVED or CHANGES_REQUESTED; null when refused',
  })
  draft: Draft | null;
}
