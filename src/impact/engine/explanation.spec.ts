import {
  explained,
  formatBpsAsPercent,
  formatDuration,
  formatExactBpsOf,
  formatInstant,
  formatRatio,
  platformName,
} from './explanation';
import { PLATFORMS, pid, utc } from './engine.fixtures';

describe('explanation formatting', () => {
  it.each([
    [250, '2.5 %'],
    [1500, '15 %'],
    [2500, '25 %'],
    [1, '0.01 %'],
    [0, '0 %'],
    [10_000, '100 %'],
    [1234, '12.34 %'],
  ])('%p bps → %s', (bps, text) => {
    expect(formatBpsAsPercent(bps)).toBe(text);
  });

  it('shows exact products before rounding', () => {
    expect(formatExactBpsOf(33_333n, 300, 'USD')).toBe('9.9999'); // 333.33 × 3 %
    expect(formatExactBpsOf(33_333n, 250, 'JPY')).toBe('833.325');
    expect(formatExactBpsOf(40_000n, 250, 'USD')).toBe('10');
    expect(formatRatio(1_680_000n, 1_440n * 100n, 'USD')).toBe('11.6666…'); // 12 000 minor × 140 / 1440 / 100 = 11.666…
    expect(formatRatio(3n, 2n, 'JPY')).toBe('1.5');
  });

  it('formats UTC instants relative to a day, whatever the process time zone', () => {
    const day = utc('2024-03-05T00:00:00Z');
    expect(formatInstant(utc('2024-03-05T17:20:00Z'), day)).toBe('17:20');
    expect(formatInstant(utc('2024-04-04T17:20:00Z'), day)).toBe('2024-04-04 17:20');
    expect(formatInstant(utc('2024-03-05T17:20:30Z'), day)).toBe('17:20:30');
    expect(formatInstant(utc('2024-03-05T17:20:00Z'))).toBe('2024-03-05 17:20');
  });

  it.each([
    [50, '50 min'],
    [80, '1 h 20 min'],
    [140, '2 h 20 min'],
    [120, '2 h'],
    [1500, '1 d 1 h'],
    [0, '0 min'],
    [0.5, '30 s'],
  ])('%p min → %s', (minutes, text) => {
    expect(formatDuration(minutes * 60_000)).toBe(text);
  });

  it('names platforms from the directory, else from the slug', () => {
    expect(platformName(PLATFORMS, pid('youtube'))).toBe('YouTube');
    expect(platformName({ [pid('x')]: { slug: 'x' } }, pid('x'))).toBe('X');
    expect(platformName(undefined, 'p-1', 'snapchat')).toBe('Snapchat');
    expect(platformName(undefined, 'p-1')).toBe('p-1');
  });
});

describe('explained', () => {
  it('writes the sentence once, on first read, and never as an own enumerable property', () => {
    let writes = 0;
    const row = explained({ id: 'd1', lost: 5n }, () => {
      writes += 1;
      return `sentence ${writes}`;
    });
    expect(writes).toBe(0);
    expect(Object.keys(row)).toEqual(['id', 'lost']);
    expect(JSON.stringify({ ...row, lost: String(row.lost) })).toBe('{"id":"d1","lost":"5"}');
    expect(row.explanation).toBe('sentence 1');
    expect(row.explanation).toBe('sentence 1');
    expect(writes).toBe(1);
    expect({ ...row }).not.toHaveProperty('explanation');
  });

  it('keeps each row its own sentence', () => {
    const rows = [1, 2, 3].map((n) => explained({ n }, () => `row ${n}`));
    expect(rows.map((row) => row.explanation)).toEqual(['row 1', 'row 2', 'row 3']);
  });
});
