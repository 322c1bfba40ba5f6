import fc from 'fast-check';
import {
  daysInMonth,
  EARLIEST_YEAR,
  InvalidInstantError,
  LATEST_YEAR,
  parseInstant,
} from './instant';

const FIRST = new Date('1970-01-01T00:00:00.000Z');
const LAST = new Date('2999-12-31T23:59:59.999Z');

/** `instant` written in the wall-clock time of `offsetMinutes`, e.g. `…T17:30:00.000+02:00`. */
function withOffset(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return local.toISOString().replace('Z', offset);
}

const refusal = (text: string): string => {
  try {
    parseInstant(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInstantError);
    expect((error as InvalidInstantError).reason).toBe('INVALID_DATE_TIME');
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
};

describe('parseInstant', () => {
  it.each([
    ['2024-03-05T15:00:00Z', '2024-03-05T15:00:00.000Z'],
    ['2024-03-05T15:00Z', '2024-03-05T15:00:00.000Z'], // seconds may be left out
    ['2024-03-05t15:00:00z', '2024-03-05T15:00:00.000Z'],
    ['2024-03-05T07:00:00-08:00', '2024-03-05T15:00:00.000Z'], // 07:00 + 8 h
    ['2024-03-05T23:30:00+05:30', '2024-03-05T18:00:00.000Z'], // 23:30 − 5:30
    ['2024-03-06T05:00:00+14:00', '2024-03-05T15:00:00.000Z'], // the farthest offsets
    ['2024-03-04T15:00:00-14:00', '2024-03-05T05:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'], // leap year
    ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'], // divisible by 400: leap
    ['2024-03-05T15:00:00.1Z', '2024-03-05T15:00:00.100Z'],
    ['2024-03-05T15:00:00.123456789Z', '2024-03-05T15:00:00.123Z'], // beyond ms: truncated
    ['2024-03-05T15:00:00.999999999Z', '2024-03-05T15:00:00.999Z'], // never rounds up a second
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['2999-12-31T23:59:59.999Z', '2999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (text, utc) => {
    expect(parseInstant(text).toISOString()).toBe(utc);
  });

  it.each([
    ['2031-02-30T16:00:00Z', /not a real date/], // new Date() would say 2 March
    ['2031-04-31T16:00:00Z', /not a real date/],
    ['2031-02-29T16:00:00Z', /not a real date/], // 2031 is not a leap year
    ['2100-02-29T16:00:00Z', /not a real date/], // divisible by 100, not by 400
    ['2031-00-10T16:00:00Z', /not a real date/],
    ['2031-13-10T16:00:00Z', /not a real date/],
    ['2031-01-00T16:00:00Z', /not a real date/],
    ['2031-01-32T16:00:00Z', /not a real date/],
    ['2031-01-10T24:00:00Z', /not a real date/], // 24:00 is the next day's 00:00: write that
    ['2031-01-10T23:60:00Z', /not a real date/],
    ['2031-01-10T23:59:60Z', /not a real date/], // no leap seconds
    ['2031-01-10T16:00:00+14:01', /offset/],
    ['2031-01-10T16:00:00-15:00', /offset/],
    ['2031-01-10T16:00:00+05:60', /offset/],
    ['0000-01-01T00:00:00Z', /years 1970–2999/],
    ['1969-12-31T23:59:59Z', /years 1970–2999/],
    ['3000-01-01T00:00:00Z', /years 1970–2999/],
    ['1970-01-01T00:30:00+01:00', /in UTC/], // 1969-12-31T23:30Z
    ['2999-12-31T23:00:00-02:00', /in UTC/], // 3000-01-01T01:00Z
    ['2031-01-10T16:00:00', /UTC offset/], // a wall-clock time: where?
    ['2031-01-10', /UTC offset/],
    ['2031-01-10 16:00:00Z', /UTC offset/],
    ['+002031-01-10T16:00:00Z', /UTC offset/],
    ['2031-01-10T16:00:00.Z', /UTC offset/],
    ['2031-01-10T16:00:00.1234567890Z', /UTC offset/],
    ['2031-01-10T16:00:00+0100', /UTC offset/],
    [' 2031-01-10T16:00:00Z', /UTC offset/],
    ['2031-01-10T16:00:00Z\u0000', /UTC offset/],
    ['yesterday', /UTC offset/],
    ['', /UTC offset/],
  ])('refuses %j', (text, why) => {
    expect(refusal(text)).toMatch(why);
  });

  it('refuses what is not a string at all (JavaScript callers)', () => {
    expect(() => parseInstant(1700000000000 as unknown as string)).toThrow(InvalidInstantError);
    expect(() => parseInstant(null as unknown as string)).toThrow(InvalidInstantError);
  });

  it('round-trips every instant it accepts: format in UTC, parse, same instant', () => {
    fc.assert(
      fc.property(fc.date({ min: FIRST, max: LAST, noInvalidDate: true }), (instant) => {
        expect(parseInstant(instant.toISOString()).getTime()).toBe(instant.getTime());
      }),
    );
  });

  it('keeps the instant written with any offset within ±14:00', () => {
    fc.assert(
      fc.property(
        // A day away from both ends, so that the wall-clock year stays within range.
        fc.date({
          min: new Date('1970-01-02T00:00:00Z'),
          max: new Date('2999-12-30T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (instant, offsetMinutes) => {
          expect(parseInstant(withOffset(instant, offsetMinutes)).getTime()).toBe(
            instant.getTime(),
          );
        },
      ),
    );
  });

  it('refuses every impossible day of every month, and accepts every real one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: EARLIEST_YEAR, max: LATEST_YEAR }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`;
          // Counted independently of the parser: the Gregorian leap rule.
          const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
          const length = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
          expect(daysInMonth(year, month)).toBe(length);
          if (day > length) {
            expect(refusal(text)).toMatch(/not a real date/);
          } else {
            expect(parseInstant(text).toISOString()).toBe(text.replace('Z', '.000Z'));
          }
        },
      ),
    );
  });

  it('never throws anything but InvalidInstantError, and never accepts what it cannot round-trip', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let parsed: Date | null = null;
        try {
          parsed = parseInstant(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInstantError);
        }
        if (parsed) expect(parseInstant(parsed.toISOString()).getTime()).toBe(parsed.getTime());
      }),
    );
  });
});
