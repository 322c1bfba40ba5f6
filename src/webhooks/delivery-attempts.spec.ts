import { shouldGiveUp } from './delivery-attempts';

describe('webhook delivery attempts', () => {
  it('gives up after maxAttempts failures', () => {
    expect(shouldGiveUp(7, 8)).toBe(false);
    expect(shouldGiveUp(8, 8)).toBe(true);
    expect(shouldGiveUp(1, 1)).toBe(true);
  });
});
