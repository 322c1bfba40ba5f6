import fc from 'fast-check';
import { formatUtc, humanUtc, isoUtc, sameUtcDay, utcClock, utcDay } from './utc-format';

describe('UTC formatting', () => {
  it('prints instants in UTC whatever the offset they were written with', () => {
    const instant = new Date('2021-10-04T23:40:00-07:00'); // 06:40 UTC the next day
    expect(utcDay(instant)).toBe('2021-10-05');
    expect(humanUtc(instant)).toBe('2021-10-05 06:40 UTC');
    expect(formatUtc(instant, 'EEE d MMM HH:mm')).toBe('Tue 5 Oct 06:40');
  });

  it('shows seconds and milliseconds only when there are some', () => {
    expect(isoUtc(new Date('2024-03-05T15:00:00.000Z'))).toBe('2024-03-05T15:00:00Z');
    expect(isoUtc(new Date('2024-03-05T15:00:00.250Z'))).toBe('2024-03-05T15:00:00.250Z');
    expect(utcClock(new Date('2024-03-05T15:00:30Z'))).toBe('15:00:30');
    expect(utcClock(new Date('2024-03-05T15:00:00Z'))).toBe('15:00');
    expect(humanUtc(new Date('2024-03-05T15:00:30Z'))).toBe('2024-03-05 15:00:30 UTC');
    // Reports never showed ":00" for milliseconds alone; sentences (utcClock) do.
    expect(humanUtc(new Date('2024-03-05T15:00:00.250Z'))).toBe('2024-03-05 15:00 UTC');
    expect(utcClock(new Date('2024-03-05T15:00:00.250Z'))).toBe('15:00:00');
  });

  // Jest gives each spec a copy of process.env, so TZ cannot be switched from inside a spec: the
  // expectations below hold under any zone, and the unit suite is also run with
  // TZ=Asia/Kolkata and TZ=America/Los_Angeles (where these instants fall on another local day).
  it('prints the same text whatever the machine time zone is', () => {
    const render = (date: Date) =>
      [
        isoUtc(date),
        utcDay(date),
        utcClock(date),
        humanUtc(date),
        formatUtc(date, "EEE d MMM y HH:mm 'UTC'"),
        formatUtc(date.getTime(), 'MM-dd HH:mm'),
      ].join(' | ');
    expect(render(new Date('2024-03-31T23:30:45.120Z'))).toBe(
      // Monday 1 April 05:00 in Kolkata
      '2024-03-31T23:30:45.120Z | 2024-03-31 | 23:30:45 | 2024-03-31 23:30:45 UTC | Sun 31 Mar 2024 23:30 UTC | 03-31 23:30',
    );
    expect(render(new Date('2024-11-03T01:30:00Z'))).toBe(
      // Saturday 2 November 18:30 in Los Angeles
      '2024-11-03T01:30:00Z | 2024-11-03 | 01:30 | 2024-11-03 01:30 UTC | Sun 3 Nov 2024 01:30 UTC | 11-03 01:30',
    );
    expect(sameUtcDay(new Date('2024-03-31T23:30:00Z'), new Date('2024-04-01T00:30:00Z'))).toBe(
      false,
    );
    expect(sameUtcDay(new Date('2024-11-03T01:30:00Z'), new Date('2024-11-03T23:59:00Z'))).toBe(
      true,
    );
  });

  it('agrees with toISOString and the hand-written formatters for every instant in range', () => {
    const instants = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (date) => {
        expect(isoUtc(date)).toBe(date.toISOString().replace('.000Z', 'Z'));
        expect(utcDay(date)).toBe(date.toISOString().slice(0, 10));
      }),
    );
    // The hand-written formatters these replaced (reports' humanUtc, the engine's sentences).
    const pad = (n: number) => String(n).padStart(2, '0');
    const reportHuman = (date: Date) => {
      const iso = date.toISOString();
      const seconds = iso.slice(17, 19);
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`} UTC`;
    };
    const sentenceClock = (date: Date) =>
      `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}` +
      (date.getUTCSeconds() || date.getUTCMilliseconds() ? `:${pad(date.getUTCSeconds())}` : '');
    fc.assert(
      fc.property(instants, (date) => {
        expect(humanUtc(date)).toBe(reportHuman(date));
        expect(utcClock(date)).toBe(sentenceClock(date));
      }),
    );
    fc.assert(
      fc.property(instants, instants, (a, b) => {
        expect(sameUtcDay(a, b)).toBe(
          a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10),
        );
      }),
    );
  });
});
