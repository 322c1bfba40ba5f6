import fc from 'fast-check';
import {
  MAX_MINOR_UNITS,
  MoneyInputError,
  type MoneyInputErrorReason,
  allocateLargestRemainder,
  applyBasisPoints,
  formatMoney,
  parseMoney,
  roundHalfAwayFromZero,
  splitEvenly,
} from './money';
import { CURRENCY_DECIMALS, UnknownCurrencyError } from './currencies';

function reasonOf(fn: () => unknown): MoneyInputErrorReason | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyInputError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('parseMoney', () => {
  it.each([
    ['1500', 'USD', 150000n], // 1500 × 100
    ['1500.5', 'USD', 150050n], // 1500.50
    ['1500.50', 'USD', 150050n],
    ['0.00', 'USD', 0n],
    ['0', 'USD', 0n],
    ['10.000', 'USD', 1000n], // a trailing zero beyond cents loses nothing
    ['10.0000000', 'USD', 1000n],
    ['1500', 'JPY', 1500n], // no minor unit
    ['1500.0', 'JPY', 1500n],
    ['1.5', 'KWD', 1500n], // 1.500 KWD = 1500 fils
    ['0.001', 'KWD', 1n],
    ['1.2345', 'CLF', 12345n], // 4 digits
    ['007.10', 'USD', 710n], // leading zeros are harmless
  ])('%j %s → %p', (amount, currency, minor) => {
    expect(parseMoney(amount, currency)).toBe(minor);
  });

  it.each([
    ['', 'FORMAT'],
    [' ', 'FORMAT'],
    [' 1', 'FORMAT'],
    ['1 ', 'FORMAT'],
    ['1e3', 'FORMAT'],
    ['+1', 'FORMAT'],
    ['1,000', 'FORMAT'],
    ['1_000', 'FORMAT'],
    ['.5', 'FORMAT'],
    ['5.', 'FORMAT'],
    ['-', 'FORMAT'],
    ['--1', 'FORMAT'],
    ['0x10', 'FORMAT'],
    ['Infinity', 'FORMAT'],
    ['NaN', 'FORMAT'],
    ['１２', 'FORMAT'], // full-width digits are not \d
    ['-1', 'NEGATIVE'],
    ['-0.01', 'NEGATIVE'],
    ['-0', 'NEGATIVE'], // a minus sign is never valid input, even on zero
    ['10.001', 'PRECISION'],
    ['12.345', 'PRECISION'],
    ['0.0001', 'PRECISION'],
    ['92233720368547758.08', 'TOO_LARGE'], // 2^63 minor units
  ] as const)('%j USD → %s', (amount, reason) => {
    expect(reasonOf(() => parseMoney(amount, 'USD'))).toBe(reason);
  });

  it('accepts exactly 2^63−1 minor units', () => {
    expect(parseMoney('92233720368547758.07', 'USD')).toBe(MAX_MINOR_UNITS);
    expect(parseMoney('9223372036854775807', 'JPY')).toBe(MAX_MINOR_UNITS);
    expect(reasonOf(() => parseMoney('9223372036854775808', 'JPY'))).toBe('TOO_LARGE');
  });

  it('checks precision per currency', () => {
    expect(reasonOf(() => parseMoney('1.5', 'JPY'))).toBe('PRECISION');
    expect(parseMoney('1.234', 'KWD')).toBe(1234n);
    expect(reasonOf(() => parseMoney('1.2345', 'KWD'))).toBe('PRECISION');
  });

  it('rejects an unknown currency before looking at the amount', () => {
    expect(reasonOf(() => parseMoney('1', 'usd'))).toBe('UNKNOWN_CURRENCY');
    expect(reasonOf(() => parseMoney('garbage', 'XYZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it('explains itself in human terms', () => {
    expect(() => parseMoney('12.345', 'USD')).toThrow(
      '"12.345" has more decimals than USD allows (2)',
    );
    expect(() => parseMoney('-5', 'USD')).toThrow('"-5" is negative');
    expect(() => parseMoney('1e3', 'USD')).toThrow('"1e3" is not a plain decimal amount');
    const error = (() => {
      try {
        parseMoney('1.5', 'JPY');
      } catch (e) {
        return e as MoneyInputError;
      }
    })();
    expect(error).toBeInstanceOf(MoneyInputError);
    expect(error).toBeInstanceOf(Error);
    expect(error?.amount).toBe('1.5');
    expect(error?.currency).toBe('JPY');
  });
});

describe('formatMoney', () => {
  it.each([
    [150000n, 'USD', '1500.00'],
    [150050n, 'USD', '1500.50'],
    [5n, 'USD', '0.05'],
    [0n, 'USD', '0.00'],
    [-5n, 'USD', '-0.05'],
    [-150000n, 'USD', '-1500.00'],
    [1500n, 'JPY', '1500'],
    [-1500n, 'JPY', '-1500'],
    [1500n, 'KWD', '1.500'],
    [1n, 'KWD', '0.001'],
    [12345n, 'CLF', '1.2345'],
    [MAX_MINOR_UNITS, 'USD', '92233720368547758.07'],
  ])('%p %s → %j', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('throws for an unknown currency', () => {
    expect(() => formatMoney(1n, 'XYZ')).toThrow(UnknownCurrencyError);
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3n], // 2.5 → 3
    [-5n, 2n, -3n], // −2.5 → −3
    [7n, 3n, 2n], // 2.333… → 2
    [-7n, 3n, -2n],
    [8n, 3n, 3n], // 2.666… → 3
    [-8n, 3n, -3n],
    [1n, 2n, 1n], // 0.5 → 1
    [-1n, 2n, -1n],
    [1n, 3n, 0n], // 0.333… → 0
    [0n, 7n, 0n],
    [10n, 5n, 2n], // exact
    [16800n, 1440n, 12n], // 11.666… → 12
    [999999n, 100n, 10000n], // 9999.99 → 10000
  ])('%p / %p → %p', (n, d, expected) => {
    expect(roundHalfAwayFromZero(n, d)).toBe(expected);
  });

  it('rejects a zero or negative denominator', () => {
    expect(() => roundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1n, -2n)).toThrow(RangeError);
  });

  it('is within half a unit of the exact value, ties away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 30n }), (n, d) => {
        const r = roundHalfAwayFromZero(n, d);
        // |r − n/d| ≤ 1/2  ⇔  |2(r·d − n)| ≤ d
        const error = 2n * (r * d - n);
        expect(error <= d && error >= -d).toBe(true);
        // An exact tie (|error| = d) must have moved away from zero.
        if (error === d || error === -d) expect(r * n > 0n || n === 0n).toBe(true);
      }),
    );
  });

  it('is symmetric for negatives', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 30n }), (n, d) => {
        expect(roundHalfAwayFromZero(-n, d)).toBe(-roundHalfAwayFromZero(n, d));
      }),
    );
  });
});

describe('applyBasisPoints', () => {
  it.each([
    [33333n, 300, 1000n], // 3% of 333.33 = 9.9999 → 10.00
    [40000n, 250, 1000n], // 2.5% of 400.00 = 10.00 exactly
    [80000n, 2500, 20000n], // 25% of 800.00 = 200.00
    [1n, 5000, 1n], // 50% of 0.01 = 0.005 → 0.01 (half away from zero)
    [1n, 4999, 0n], // 0.004999 → 0.00
    [-1n, 5000, -1n], // symmetric
    [12345n, 0, 0n],
    [12345n, 10000, 12345n], // 100%
    [12345n, 10000n, 12345n], // bigint bps
  ])('%p × %p bps → %p', (amount, bps, expected) => {
    expect(applyBasisPoints(amount, bps)).toBe(expected);
  });

  it('rejects a fractional bps', () => {
    expect(() => applyBasisPoints(100n, 2.5)).toThrow(RangeError);
    expect(() => applyBasisPoints(100n, Number.NaN)).toThrow(RangeError);
  });
});

describe('allocateLargestRemainder / splitEvenly', () => {
  it('splits 100.00 into 3 with the extra cent first', () => {
    expect(splitEvenly(10000n, 3)).toEqual([3334n, 3333n, 3333n]); // 3333.33… each, 1 cent left
  });

  it('splits 0.02 into 3 → 0.01, 0.01, 0.00 (ties go to the earlier index)', () => {
    expect(splitEvenly(2n, 3)).toEqual([1n, 1n, 0n]);
  });

  it('gives leftovers to the largest remainders', () => {
    // 100 by 1:1:1:7 → 10, 10, 10, 70 exactly
    expect(allocateLargestRemainder(100n, [1n, 1n, 1n, 7n])).toEqual([10n, 10n, 10n, 70n]);
    // 7 by 3:3:4 (Σ 10) → 2.1, 2.1, 2.8 → floors 2,2,2; one left → the .8 → 2, 2, 3
    expect(allocateLargestRemainder(7n, [3n, 3n, 4n])).toEqual([2n, 2n, 3n]);
    // 5 by 1:2 → 1.666…, 3.333… → floors 1, 3; one left → the .666 → 2, 3
    expect(allocateLargestRemainder(5n, [1n, 2n])).toEqual([2n, 3n]);
  });

  it('gives nothing to a zero weight', () => {
    expect(allocateLargestRemainder(101n, [0n, 1n, 0n, 1n])).toEqual([0n, 51n, 0n, 50n]);
  });

  it('splits equally when all weights are zero', () => {
    expect(allocateLargestRemainder(10n, [0n, 0n, 0n])).toEqual([4n, 3n, 3n]);
  });

  it('handles edges and bad input', () => {
    expect(allocateLargestRemainder(0n, [1n, 2n])).toEqual([0n, 0n]);
    expect(allocateLargestRemainder(0n, [])).toEqual([]);
    expect(() => allocateLargestRemainder(1n, [])).toThrow(RangeError);
    expect(() => allocateLargestRemainder(-1n, [1n])).toThrow(RangeError);
    expect(() => allocateLargestRemainder(1n, [1n, -1n])).toThrow(RangeError);
    expect(() => splitEvenly(1n, 0)).toThrow(RangeError);
    expect(() => splitEvenly(1n, 1.5)).toThrow(RangeError);
  });

  it('always sums to the total, never goes negative, and stays within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_MINOR_UNITS }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocateLargestRemainder(total, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          const effective = weights.every((w) => w === 0n) ? weights.map(() => 1n) : weights;
          const sum = effective.reduce((a, b) => a + b, 0n);
          parts.forEach((part, i) => {
            expect(part >= 0n).toBe(true);
            // floor(exact) ≤ part ≤ floor(exact) + 1
            const floor = (total * effective[i]) / sum;
            expect(part === floor || part === floor + 1n).toBe(true);
          });
        },
      ),
    );
  });

  it('splitEvenly parts differ by at most one unit, larger ones first', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 50 }),
        (total, n) => {
          const parts = splitEvenly(total, n);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          for (let i = 1; i < parts.length; i++) {
            expect(parts[i - 1] - parts[i] === 0n || parts[i - 1] - parts[i] === 1n).toBe(true);
          }
        },
      ),
    );
  });
});

describe('parse ∘ format round-trips', () => {
  const codes = Object.keys(CURRENCY_DECIMALS);

  it('parseMoney(formatMoney(x)) = x for every non-negative storable amount and currency', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_MINOR_UNITS }),
        fc.constantFrom(...codes),
        (minor, currency) => {
          expect(parseMoney(formatMoney(minor, currency), currency)).toBe(minor);
        },
      ),
    );
  });

  it('formatMoney(parseMoney(s)) is s normalised to the currency digits', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        (minor, shownDigits, extraZeros) => {
          // Write the cents with 0–2 digits (dropping only zeros) plus trailing zeros.
          const canonical = formatMoney(minor, 'USD');
          const [whole, cents] = canonical.split('.') as [string, string];
          const trimmed = cents.replace(/0+$/, '');
          const fraction =
            (trimmed.length > shownDigits ? trimmed : cents.slice(0, shownDigits)) +
            '0'.repeat(extraZeros);
          const text = fraction ? `${whole}.${fraction}` : whole;
          expect(formatMoney(parseMoney(text, 'USD'), 'USD')).toBe(canonical);
        },
      ),
    );
  });
});
