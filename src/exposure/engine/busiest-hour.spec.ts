import { busiestHour, clockHourStart } from './busiest-hour';

const at = (iso: string) => new Date(iso);

describe('clockHourStart', () => {
  it('truncates to the UTC clock hour', () => {
    expect(clockHourStart(at('2030-03-05T16:42:10.500Z'))).toEqual(at('2030-03-05T16:00:00Z'));
    expect(clockHourStart(at('2030-03-05T16:00:00Z'))).toEqual(at('2030-03-05T16:00:00Z'));
    // an offset is only notation: 17:59+01:00 is 16:59Z
    expect(clockHourStart(at('2030-03-05T17:59:00+01:00'))).toEqual(at('2030-03-05T16:00:00Z'));
  });
});

describe('busiestHour', () => {
  it('picks the hour with the most income', () => {
    expect(
      busiestHour([
        { hourStart: at('2030-03-05T16:00:00Z'), amount: 220_000n },
        { hourStart: at('2030-03-05T17:00:00Z'), amount: 50_000n },
        { hourStart: at('2030-03-20T12:00:00Z'), amount: 20_000n },
      ]),
    ).toEqual({ hourStart: at('2030-03-05T16:00:00Z'), amount: 220_000n });
  });

  it('adds the rows of one hour together (several platforms in the same hour)', () => {
    // 16:00 has 1200.00 + 1000.00 = 2200.00 > 17:00's 2000.00
    expect(
      busiestHour([
        { hourStart: at('2030-03-05T17:00:00Z'), amount: 200_000n },
        { hourStart: at('2030-03-05T16:00:00Z'), amount: 120_000n },
        { hourStart: at('2030-03-05T16:00:00Z'), amount: 100_000n },
      ]),
    ).toEqual({ hourStart: at('2030-03-05T16:00:00Z'), amount: 220_000n });
  });

  it('breaks ties towards the earliest hour, whatever the input order', () => {
    expect(
      busiestHour([
        { hourStart: at('2030-03-09T10:00:00Z'), amount: 10_000n },
        { hourStart: at('2030-03-08T10:00:00Z'), amount: 10_000n },
        { hourStart: at('2030-03-07T10:00:00Z'), amount: 9_999n },
      ])?.hourStart,
    ).toEqual(at('2030-03-08T10:00:00Z'));
    // unpaid deliverables only: every hour ties at 0, the earliest wins
    expect(
      busiestHour([
        { hourStart: at('2030-03-09T10:00:00Z'), amount: 0n },
        { hourStart: at('2030-03-02T10:00:00Z'), amount: 0n },
      ])?.hourStart,
    ).toEqual(at('2030-03-02T10:00:00Z'));
  });

  it('is null for no hours', () => {
    expect(busiestHour([])).toBeNull();
  });
});
