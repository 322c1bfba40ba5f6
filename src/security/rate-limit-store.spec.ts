import { MemoryRateLimitStore } from './rate-limit-store';
import { signInDelayMs } from './sign-in-throttle.service';

describe('in-process rate-limit store', () => {
  let now = 1_000_000;
  const store = new MemoryRateLimitStore(() => now);
  const a = { key: 'a', limit: 10 };
  const b = { key: 'b', limit: 5 };

  beforeEach(async () => {
    now = 1_000_000;
    await store.close();
  });

  it('charges every key or none, and says when the fullest one resets', async () => {
    expect(await store.consume([a, b], 4, 60_000)).toEqual({
      allowed: true,
      retryAfterMs: 0,
      used: [4, 4],
    });
    now += 20_000;
    // b would reach 8 > 5: refused, and a is not charged either.
    expect(await store.consume([a, b], 4, 60_000)).toEqual({
      allowed: false,
      retryAfterMs: 40_000,
      used: [4, 4],
    });
    expect(await store.consume([a], 6, 60_000)).toEqual({
      allowed: true,
      retryAfterMs: 0,
      used: [10],
    });
    expect((await store.consume([a], 1, 60_000)).allowed).toBe(false);
  });

  it('starts a fresh window once the old one has passed', async () => {
    await store.consume([b], 5, 60_000);
    now += 59_999;
    expect(await store.consume([b], 1, 60_000)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    now += 1;
    expect(await store.consume([b], 1, 60_000)).toEqual({
      allowed: true,
      retryAfterMs: 0,
      used: [1],
    });
  });

  it('refunds without going below zero or creating keys, and resets', async () => {
    await store.consume([b], 3, 60_000);
    await store.refund('b', 1);
    expect((await store.consume([b], 0, 60_000)).used).toEqual([2]);
    await store.refund('b', 10);
    expect((await store.consume([b], 0, 60_000)).used).toEqual([0]);
    await store.refund('missing', 1);
    expect((await store.consume([{ key: 'missing', limit: 1 }], 1, 60_000)).used).toEqual([1]);
    await store.reset('b');
    expect((await store.consume([b], 5, 60_000)).allowed).toBe(true);
  });

  it('refuses a request larger than the whole budget for a full window', async () => {
    expect(await store.consume([b], 6, 60_000)).toMatchObject({
      allowed: false,
      retryAfterMs: 60_000,
    });
  });
});

describe('sign-in delay', () => {
  it('is nothing for a first failure, then doubles, capped at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((attempts) => signInDelayMs(attempts, 250))).toEqual([
      0, 250, 500, 1000, 2000, 4000, 5000, 5000,
    ]);
    expect(signInDelayMs(9, 0)).toBe(0);
  });
});
