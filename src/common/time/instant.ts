/** The instants the API accepts: calendar years in this range, inclusive. */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2999;

/** Farthest a UTC offset may be from UTC, in minutes (±14:00, Kiribati and the Line Islands). */
const MAX_OFFSET_MINUTES = 14 * 60;

const EARLIEST_MS = Date.UTC(EARLIEST_YEAR, 0, 1);
const END_MS = Date.UTC(LATEST_YEAR + 1, 0, 1); // exclusive

// A date-time must say where it is: `Z` or an explicit offset, never a local wall-clock time.
// Fractions of a second: up to 9 digits, kept to the millisecond (a Date holds no more).
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;

/** Why a string is not an instant the API accepts; `message` is meant for the client. */
export class InvalidInstantError extends Error {
  readonly reason = 'INVALID_DATE_TIME';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInstantError';
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`, by the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an ISO 8601 instant with a UTC offset, refusing anything that would not round-trip:
 * impossible calendar dates (`2031-02-30`, `2031-02-29`), hour 24, minute or second 60, offsets
 * beyond ±14:00, and years outside [EARLIEST_YEAR, LATEST_YEAR] — both as written and as the
 * UTC instant (`2999-12-31T23:00:00-02:00` is in the year 3000). Never moves a value to a nearby
 * valid one (as `new Date()` does with 30 February). Digits of a second beyond the millisecond
 * are dropped (truncated), as a Date cannot hold them.
 */
export function parseInstant(value: string): Date {
  const match = typeof value === 'string' ? ISO_WITH_OFFSET.exec(value) : null;
  if (!match) {
    throw new InvalidInstantError(
      `expected an ISO 8601 date-time with a UTC offset, such as 2024-03-05T15:00:00Z; got ${JSON.stringify(value)}`,
    );
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', sign, offsetH, offsetM] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    throw new InvalidInstantError(`${value} is outside the years ${EARLIEST_YEAR}–${LATEST_YEAR}`);
  }
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new InvalidInstantError(`${value} is not a real date and time`);
  }
  const offsetMinutes =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetH) * 60 + Number(offsetM));
  if (Number(offsetM) > 59 || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
    throw new InvalidInstantError(`${value} has an offset outside -14:00…+14:00`);
  }
  const millisecond = Number(fraction.padEnd(3, '0').slice(0, 3));
  const time =
    Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
  if (time < EARLIEST_MS || time >= END_MS) {
    throw new InvalidInstantError(
      `${value} is outside the years ${EARLIEST_YEAR}–${LATEST_YEAR} in UTC`,
    );
  }
  return new Date(time);
}
