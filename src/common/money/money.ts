import { currencyDecimals, isKnownCurrency } from './currencies';

/** Largest amount we store: Postgres `bigint` is signed 64-bit. */
export const MAX_MINOR_UNITS = 2n ** 63n - 1n;

export type MoneyInputErrorReason =
  'FORMAT' | 'NEGATIVE' | 'PRECISION' | 'UNKNOWN_CURRENCY' | 'TOO_LARGE';

/** A user-supplied amount that cannot become minor units; `message` is fit to show the user. */
export class MoneyInputError extends Error {
  constructor(
    readonly reason: MoneyInputErrorReason,
    message: string,
    readonly amount: string,
    readonly currency: string,
  ) {
    super(message);
    this.name = 'MoneyInputError';
  }
}

// Plain decimal only: no sign, exponent, grouping, or bare leading/trailing dot.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal string into integer minor units of `currency`.
 *
 * Accepts `"1500"`, `"1500.5"`, `"1500.50"`, `"0.00"` and extra fraction digits only when they are
 * zeros (`"10.000"` USD = 1000n). Nothing is rounded: `"10.001"` USD is rejected.
 *
 * @throws MoneyInputError `UNKNOWN_CURRENCY` (checked first), `NEGATIVE` for a leading `-` on an
 *   otherwise valid amount (including `"-0"`), `FORMAT` for anything else that is not digits with
 *   an optional `.fraction` (empty, whitespace, `"1e3"`, `"+1"`, `"1,000"`, `".5"`, `"5."`),
 *   `PRECISION` for non-zero digits beyond the currency's minor unit, `TOO_LARGE` above 2^63−1
 *   minor units.
 */
export function parseMoney(amount: string, currency: string): bigint {
  if (!isKnownCurrency(currency)) {
    throw new MoneyInputError(
      'UNKNOWN_CURRENCY',
      `"${currency}" is not a known ISO 4217 currency code`,
      amount,
      currency,
    );
  }
  const decimals = currencyDecimals(currency);
  if (typeof amount === 'string' && amount.startsWith('-') && DECIMAL.test(amount.slice(1))) {
    throw new MoneyInputError(
      'NEGATIVE',
      `"${amount}" is negative; amounts must be zero or more`,
      amount,
      currency,
    );
  }
  const match = typeof amount === 'string' ? DECIMAL.exec(amount) : null;
  if (!match) {
    throw new MoneyInputError(
      'FORMAT',
      `"${String(amount)}" is not a plain decimal amount (digits with an optional fraction, e.g. "1500.50")`,
      String(amount),
      currency,
    );
  }
  const whole = match[1];
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, decimals);
  if (/[^0]/.test(fraction.slice(decimals))) {
    throw new MoneyInputError(
      'PRECISION',
      `"${amount}" has more decimals than ${currency} allows (${decimals})`,
      amount,
      currency,
    );
  }
  const minor = BigInt(whole + kept.padEnd(decimals, '0'));
  if (minor > MAX_MINOR_UNITS) {
    throw new MoneyInputError(
      'TOO_LARGE',
      `"${amount}" ${currency} is larger than the largest storable amount (${formatMoney(MAX_MINOR_UNITS, currency)})`,
      amount,
      currency,
    );
  }
  return minor;
}

/**
 * Formats minor units as a plain decimal string with exactly the currency's minor-unit digits:
 * `150000n USD` → `"1500.00"`, `1500n JPY` → `"1500"`, `1500n KWD` → `"1.500"`, `-5n USD` → `"-0.05"`.
 * No grouping and no symbol, so the output parses back with {@link parseMoney} (when ≥ 0).
 * @throws UnknownCurrencyError for an unknown currency.
 */
export function formatMoney(minor: bigint, currency: string): string {
  const decimals = currencyDecimals(currency);
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString();
  if (decimals === 0) return sign + digits;
  const padded = digits.padStart(decimals + 1, '0');
  return `${sign}${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}

/**
 * THE rounding function of Deal Ledger: every money amount that is not already whole is computed
 * as an exact rational `numerator / denominator` and rounded here, once.
 *
 * Rounds half away from zero: 5/2 → 3, −5/2 → −3, 7/3 → 2, −7/3 → −2. The result is within half a
 * unit of the exact value and rounding is symmetric (`f(−n, d) = −f(n, d)`).
 * @throws RangeError when `denominator` ≤ 0 (a sign on the denominator is a caller bug).
 */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) {
    throw new RangeError(`roundHalfAwayFromZero: denominator must be > 0, got ${denominator}`);
  }
  // BigInt division truncates toward zero and the remainder takes the numerator's sign.
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
  if (twiceRemainder < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/**
 * `amount × bps / 10 000`, rounded once half away from zero (3 % of 333.33 = 9.9999 → 10.00).
 * `bps` must be an integer (number or bigint); negative values are computed as given.
 * @throws RangeError for a non-integer `bps`.
 */
export function applyBasisPoints(amount: bigint, bps: number | bigint): bigint {
  return roundHalfAwayFromZero(amount * toBigIntInteger(bps, 'bps'), 10_000n);
}

/**
 * Splits `total` minor units across parts proportionally to `weights` so that the parts sum to
 * exactly `total` (largest-remainder / Hamilton method): each part gets floor(total × w / Σw),
 * then the leftover units go one each to the largest fractional remainders, ties to the earlier
 * index. All-zero weights split equally. Every part is ≥ 0.
 * @throws RangeError for a negative total, a negative weight, or no weights with a non-zero total.
 */
export function allocateLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError(`allocateLargestRemainder: total must be ≥ 0, got ${total}`);
  if (weights.some((w) => w < 0n)) {
    throw new RangeError('allocateLargestRemainder: weights must be ≥ 0');
  }
  if (weights.length === 0) {
    if (total === 0n) return [];
    throw new RangeError('allocateLargestRemainder: cannot allocate a non-zero total to no parts');
  }
  const effective = weights.every((w) => w === 0n) ? weights.map(() => 1n) : weights;
  const weightSum = effective.reduce((sum, w) => sum + w, 0n);
  const parts = effective.map((w) => (total * w) / weightSum);
  // Remainders share the denominator weightSum, so they compare directly as integers.
  const remainders = effective.map((w) => (total * w) % weightSum);
  let leftover = total - parts.reduce((sum, p) => sum + p, 0n);
  const order = effective
    .map((_, index) => index)
    .sort((a, b) =>
      remainders[a] === remainders[b] ? a - b : remainders[b] > remainders[a] ? 1 : -1,
    );
  for (const index of order) {
    if (leftover === 0n) break;
    parts[index] += 1n;
    leftover -= 1n;
  }
  return parts;
}

/**
 * Splits `total` into `parts` equal shares that sum to `total`; earlier parts get the extra units
 * (100.00 into 3 → 33.34, 33.33, 33.33).
 * @throws RangeError unless `parts` is a positive integer, or for a negative total.
 */
export function splitEvenly(total: bigint, parts: number): bigint[] {
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new RangeError(`splitEvenly: parts must be a positive integer, got ${parts}`);
  }
  return allocateLargestRemainder(
    total,
    Array.from({ length: parts }, () => 1n),
  );
}

function toBigIntInteger(value: number | bigint, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be an integer, got ${value}`);
  }
  return BigInt(value);
}
