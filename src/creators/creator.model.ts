import { Node } from '../common/graphql/node.interface';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CurrencyCode } from '../common/graphql/currency-code.enum';

@ObjectType({ description: "A creator's public profile", implements: () => [Node] })
export class Creator {
  @Field(() => ID, { description: "The creator's id (not the user's)" })
  id: string;

  @Field({ description: 'The public name shown to brands and in reports, 1–200 characters' })
  displayName: string;

  @Field(() => CurrencyCode, { description: 'ISO 4217 code the creator thinks in' })
  homeCurrency: string;

  @Field({ description: 'IANA time zone, e.g. Europe/London' })
  timeZone: string;
}
