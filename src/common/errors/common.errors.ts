import { registerUserErrorCodes } from '../graphql/user-error';
import type { MoneyInputErrorReason } from '../money';

/**
 * Stable `extensions.reason` values given by common code (the input edge, the scalars, the
 * database backstop) and those several features share: a feature that gives one of them takes
 * the value from here, and it is described once.
 */
export enum CommonErrorReason {
  INVALID_VALUE = 'INVALID_VALUE',
  INVALID_CHARACTER = 'INVALID_CHARACTER',
  INVALID_DATE_TIME = 'INVALID_DATE_TIME',
  INVALID_DATE = 'INVALID_DATE',
  FIELD_NOT_NULLABLE = 'FIELD_NOT_NULLABLE',
  UNIQUE_VIOLATION = 'UNIQUE_VIOLATION',
  REFERENCE_NOT_FOUND = 'REFERENCE_NOT_FOUND',
  CONCURRENT_UPDATE = 'CONCURRENT_UPDATE',
  STALE_VERSION = 'STALE_VERSION',
}

registerUserErrorCodes(CommonErrorReason, {
  INVALID_VALUE:
    'A value is out of the range the field allows or cannot be read; correct the field the message names',
  INVALID_CHARACTER:
    'Text holds a NUL character (U+0000) or an unpaired UTF-16 surrogate, which cannot be stored; remove it',
  INVALID_DATE_TIME:
    'A DateTime is not an ISO 8601 instant with a UTC offset in the years 1970–2999; send one such as 2024-03-05T15:00:00Z',
  INVALID_DATE:
    'A Date is not an existing calendar day written YYYY-MM-DD; send one such as 2021-10-04',
  FIELD_NOT_NULLABLE:
    'An update gave null for a field that cannot be cleared; omit the field to keep its value',
  UNIQUE_VIOLATION:
    'A record with the same unique value already exists; choose another value or change the existing record',
  REFERENCE_NOT_FOUND:
    'The input refers to a record that does not exist (or no longer does); check the id',
  CONCURRENT_UPDATE:
    'The record was changed by another request at the same moment; retry the mutation',
  STALE_VERSION:
    'The record changed since the version given (expectedVersion, or the one read before writing); reload it and apply the change again',
});

/** Stable `extensions.reason` values of a money amount the API cannot take. */
export enum AmountErrorReason {
  UNKNOWN_CURRENCY = 'UNKNOWN_CURRENCY',
  AMOUNT_FORMAT = 'AMOUNT_FORMAT',
  AMOUNT_NEGATIVE = 'AMOUNT_NEGATIVE',
  AMOUNT_PRECISION = 'AMOUNT_PRECISION',
  AMOUNT_TOO_LARGE = 'AMOUNT_TOO_LARGE',
}

registerUserErrorCodes(AmountErrorReason, {
  UNKNOWN_CURRENCY: 'A currency is not a known ISO 4217 code; use one such as USD or EUR',
  AMOUNT_FORMAT:
    'An amount is not a plain decimal string (digits with an optional "." and fraction, no exponent, grouping or JSON number); send one such as "1500.00"',
  AMOUNT_NEGATIVE: 'An amount is negative; amounts are zero or more',
  AMOUNT_PRECISION:
    "An amount has more fraction digits than the currency's minor unit (cents for USD, none for JPY); round it to the currency",
  AMOUNT_TOO_LARGE: 'An amount is larger than the service can store; send a smaller one',
});

const AMOUNT_REASONS: Record<MoneyInputErrorReason, AmountErrorReason> = {
  UNKNOWN_CURRENCY: AmountErrorReason.UNKNOWN_CURRENCY,
  FORMAT: AmountErrorReason.AMOUNT_FORMAT,
  NEGATIVE: AmountErrorReason.AMOUNT_NEGATIVE,
  PRECISION: AmountErrorReason.AMOUNT_PRECISION,
  TOO_LARGE: AmountErrorReason.AMOUNT_TOO_LARGE,
};

/** The reason a client sees for `parseMoney`'s refusal (`AMOUNT_` before the amount's problems). */
export const amountErrorReason = (problem: MoneyInputErrorReason): AmountErrorReason =>
  AMOUNT_REASONS[problem];
