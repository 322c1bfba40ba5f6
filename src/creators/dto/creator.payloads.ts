import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { Creator } from '../creator.model';

@ObjectType({ description: 'What updateCreatorProfile did' })
export class UpdateCreatorProfilePayload extends MutationPayload {
  @Field(() => Creator, {
    nullable: true,
    description: 'Your profile as changed; null when refused',
  })
  creator: Creator | null;
}
