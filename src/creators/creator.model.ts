import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "A creator's public profile", implements: () => [Node] })
export class Creator {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field({ description: 'ISO 4217 code the creator thinks in' })
  homeCurrency: string;

  @Field({ description: 'IANA time zone, e.g. Europe/London' })
  timeZone: string;
}
