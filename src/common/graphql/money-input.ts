import { Field, InputType } from '@nestjs/graphql';
import { IsString } from 'class-validator';
import { CurrencyCode } from './currency-code.enum';
import { DecimalScalar } from './decimal.scalar';
import { MoneyInputError, parseMoney } from '../money';
import { badInput } from '../errors/app-error';
import { amountErrorReason } from '../errors/common.errors';

/** Parses a decimal money input, reporting a bad one against `field`. */
export function parseMoneyInput(amount: string, currency: string, field: string): bigint {
  try {
    return parseMoney(amount, currency);
  } catch (error) {
    if (error instanceof MoneyInputError) {
      throw badInput(`${field}: ${error.message}`, [field], amountErrorReason(error.reason));
    }
    throw error;
  }
}

@InputType({ description: 'An amount of money: a decimal amount in major units and its currency' })
export class MoneyInput {
  @Field(() => DecimalScalar, {
    description:
      'Decimal string in major units with at most the currency\'s minor digits, e.g. "42.50" (USD), "4250" (JPY); never rounded',
  })
  @IsString()
  amount: string;

  @Field(() => CurrencyCode, { description: 'The currency of amount' })
  @IsString()
  currency: string;
}
