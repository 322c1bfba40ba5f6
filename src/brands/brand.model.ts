import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Brand {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'False while no brand user has joined it (a creator only named it on a deal)' })
  claimed: boolean;
}
