import { MAX_PERIOD_DAYS } from './reports.service';

describe('period reports', () => {
  it('cover at most 366 days: a whole leap year', () => {
    expect(MAX_PERIOD_DAYS).toBe(366);
  });
});
