import { registerEnumType } from '@nestjs/graphql';
import { CURRENCY_DECIMALS } from '../money/currencies';

/**
 * The active ISO 4217 currencies with a minor unit, as a GraphQL enum: a client's generated types
 * then know every code, and an unknown one is refused before anything runs. The list grows with
 * the standard (a new code is added, a withdrawn one is deprecated with a date first).
 */
export const CurrencyCode = Object.freeze(
  Object.fromEntries(Object.keys(CURRENCY_DECIMALS).map((code) => [code, code])),
) as Readonly<Record<string, string>>;

registerEnumType(CurrencyCode, {
  name: 'CurrencyCode',
  description:
    'An active ISO 4217 currency code with a minor unit (USD, EUR, JPY, KWD …). Amounts in it are stored as integer minor units (cents for USD, none for JPY, fils for KWD). Growable: new codes are added as ISO 4217 publishes them',
  valuesMap: Object.fromEntries(
    Object.entries(CURRENCY_DECIMALS).map(([code, digits]) => [
      code,
      { description: `ISO 4217 ${code}, ${digits} minor-unit digit${digits === 1 ? '' : 's'}` },
    ]),
  ),
});
