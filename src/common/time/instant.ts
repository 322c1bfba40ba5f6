import { isValid, parseISO } from 'date-fns';

/** The instants the API accepts: calendar years in this range, inclusive. */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2999;

// A date-time must say where it is: `Z` or an explicit offset, never a local wall-clock time.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/i;

/** Why a string is not an instant the API accepts; `message` is meant for the client. */
export class InvalidInstantError extends Error {
  readonly reason = 'INVALID_DATE_TIME';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInstantError';
  }
}

/**
 * Parses an ISO 8601 instant with a UTC offset, refusing anything that would not round-trip:
 * impossible calendar dates (`2031-02-30`, `2031-02-29`), hour 24, second 60, offsets beyond
 * ±14:00, and years outside [EARLIEST_YEAR, LATEST_YEAR]. Never moves a value to a nearby
 * valid one (as `new Date()` does with 30 February).
 */
export function parseInstant(value: string): Date {
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) {
    throw new InvalidInstantError(
      `expected an ISO 8601 date-time with a UTC offset, such as 2024-03-05T15:00:00Z; got ${JSON.stringify(value)}`,
    );
  }
  const [, year, , , hour, , , zone, , offsetHours, offsetMinutes] = match;
  const date = parseISO(value);
  if (!isValid(date) || Number(hour) > 23) {
    throw new InvalidInstantError(`${value} is not a real date and time`);
  }
  if (zone.toUpperCase() !== 'Z' && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59)) {
    throw new InvalidInstantError(`${value} has an offset outside -14:00…+14:00`);
  }
  if (Number(year) < EARLIEST_YEAR || Number(year) > LATEST_YEAR) {
    throw new InvalidInstantError(
      `${value} is outside the years ${EARLIEST_YEAR}–${LATEST_YEAR}`,
    );
  }
  return date;
}
