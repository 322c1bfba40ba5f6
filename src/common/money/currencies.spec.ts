import {
  CURRENCY_DECIMALS,
  UnknownCurrencyError,
  currencyDecimals,
  isKnownCurrency,
} from './currencies';

describe('currencies', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['VND', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['UGX', 0],
    ['XOF', 0],
    ['BHD', 3],
    ['IQD', 3],
    ['JOD', 3],
    ['KWD', 3],
    ['LYD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['XCG', 2], // Caribbean guilder, replaced ANG in 2025
    ['ZWG', 2], // Zimbabwe Gold, replaced ZWL in 2024
    ['SLE', 2],
  ])('%s has %i minor-unit digits', (code, digits) => {
    expect(isKnownCurrency(code)).toBe(true);
    expect(currencyDecimals(code)).toBe(digits);
  });

  it.each([
    'usd',
    ' USD',
    'USD ',
    'US',
    'USDD',
    '',
    'XXX',
    'XAU',
    'XTS',
    'ANG',
    'BGN',
    'HRK',
    'toString',
    'constructor',
  ])('rejects %j', (code) => {
    expect(isKnownCurrency(code)).toBe(false);
    expect(() => currencyDecimals(code)).toThrow(UnknownCurrencyError);
  });

  it('names the code in the error', () => {
    expect(() => currencyDecimals('ABC')).toThrow('"ABC" is not a known ISO 4217 currency code');
  });

  it('holds only upper-case three-letter codes with 0–4 digits', () => {
    const entries = Object.entries(CURRENCY_DECIMALS);
    expect(entries.length).toBeGreaterThan(150);
    for (const [code, digits] of entries) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(digits);
    }
  });
});
