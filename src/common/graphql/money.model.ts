import { Field, ObjectType } from '@nestjs/graphql';
import { formatMoney } from '../money/money';

@ObjectType({ description: 'An amount of money in one currency' })
export class Money {
  @Field({ description: 'Decimal string in major units, e.g. "1500.00" (USD) or "1500" (JPY)' })
  amount: string;

  @Field({ description: 'ISO 4217 code' })
  currency: string;

  @Field({ description: 'Integer minor units as a string, e.g. "150000"' })
  minor: string;
}

export function toMoney(minor: bigint, currency: string): Money {
  return { amount: formatMoney(minor, currency), currency, minor: minor.toString() };
}
