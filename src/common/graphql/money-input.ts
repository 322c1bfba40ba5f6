import { MoneyInputError, parseMoney } from '../money';
import { badInput } from '../errors/app-error';

/** Parses a decimal money input, reporting a bad one against `field`. */
export function parseMoneyInput(amount: string, currency: string, field: string): bigint {
  try {
    return parseMoney(amount, currency);
  } catch (error) {
    if (error instanceof MoneyInputError) {
      const reason =
        error.reason === 'UNKNOWN_CURRENCY' ? 'UNKNOWN_CURRENCY' : `AMOUNT_${error.reason}`;
      throw badInput(`${field}: ${error.message}`, [field], reason);
    }
    throw error;
  }
}
