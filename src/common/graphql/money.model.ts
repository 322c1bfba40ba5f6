import { Field, ObjectType } from '@nestjs/graphql';
import { formatMoney } from '../money/money';
import { CurrencyCode } from './currency-code.enum';
import { DecimalScalar } from './decimal.scalar';

@ObjectType({ description: 'An amount of money in one currency' })
export class Money {
  @Field(() => DecimalScalar, {
    description:
      'Exact amount in major units, as a Decimal string, e.g. "1500.00" (USD) or "1500" (JPY)',
  })
  amount: string;

  @Field(() => CurrencyCode, { description: 'The ISO 4217 currency of amount and minor' })
  currency: string;

  @Field({ description: 'Integer minor units as a string, e.g. "150000"' })
  minor: string;
}

export function toMoney(minor: bigint, currency: string): Money {
  return { amount: formatMoney(minor, currency), currency, minor: minor.toString() };
}
