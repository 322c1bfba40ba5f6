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
  });

  it('agrees with toISOString for every instant in range', () => {
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
    fc.assert(
      fc.property(instants, instants, (a, b) => {
        expect(sameUtcDay(a, b)).toBe(
          a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10),
        );
      }),
    );
  });
});
