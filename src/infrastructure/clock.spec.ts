import { FixedClock, SystemClock } from './clock';

describe('clocks', () => {
  it('a fixed clock moves only when told', () => {
    const clock = new FixedClock('2031-03-05T15:00:00Z');
    expect(clock.now().toISOString()).toBe('2031-03-05T15:00:00.000Z');
    clock.advance(90 * 60_000);
    expect(clock.now().toISOString()).toBe('2031-03-05T16:30:00.000Z');
    clock.set('2031-03-06T00:00:00+01:00');
    expect(clock.millis()).toBe(Date.parse('2031-03-05T23:00:00Z'));
  });

  it('hands out copies, so a caller cannot move a fixed clock by mutating what it got', () => {
    const clock = new FixedClock('2031-03-05T15:00:00Z');
    clock.now().setUTCFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2031);
  });

  it('refuses a string that is not an instant', () => {
    expect(() => new FixedClock('not a date')).toThrow('not an instant');
  });

  it('the system clock reads the wall clock', () => {
    const before = Date.now();
    const read = new SystemClock().millis();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
  });
});
