import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  MemoryRateLimitStore,
  type Allowance,
  type ConsumeResult,
  type RateLimitStore,
} from './rate-limit-store';

// KEYS: the counters. ARGV[1]: amount, ARGV[2]: window in ms, ARGV[2 + i]: limit of KEYS[i].
// Checks every counter first and charges all or none, in one atomic step on the server.
const CONSUME = `
local amount = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local retry = 0
local used = {}
for i, key in ipairs(KEYS) do
  local ttl = redis.call('PTTL', key)
  local current = 0
  if ttl == -1 then
    redis.call('DEL', key)
  elseif ttl > 0 then
    current = tonumber(redis.call('GET', key) or '0')
  end
  used[i] = current
  if current + amount > tonumber(ARGV[i + 2]) then
    if ttl > 0 then retry = math.max(retry, ttl) else retry = math.max(retry, window) end
  end
end
if retry > 0 then return {0, retry, unpack(used)} end
for i, key in ipairs(KEYS) do
  used[i] = redis.call('INCRBY', key, amount)
  if used[i] == amount then redis.call('PEXPIRE', key, window) end
end
return {1, 0, unpack(used)}
`;

// KEYS[1]: the counter; ARGV[1]: amount to take back. Never creates a key, never goes below 0.
const REFUND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local left = redis.call('DECRBY', KEYS[1], tonumber(ARGV[1]))
if left < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
return left
`;

interface LimitCommands {
  dealLedgerConsume(
    numberOfKeys: number,
    ...keysAndArgs: Array<string | number>
  ): Promise<number[]>;
  dealLedgerRefund(key: string, amount: number): Promise<number>;
}

const WARN_EVERY_MS = 60_000;

/**
 * Counters in Redis, so that every instance pointed at the same REDIS_URL (and key prefix)
 * spends one budget. If Redis cannot be reached the instance falls back to its own in-process
 * counters, logging a warning at most once a minute: the limits then hold per instance instead
 * of failing every request or none.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis & LimitCommands;
  private readonly fallback = new MemoryRateLimitStore();
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    const redis = new Redis(url, {
      lazyConnect: true,
      // Fail fast while disconnected (and fall back) rather than queue requests behind Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      connectTimeout: 2000,
    });
    redis.on('error', (error: Error) => this.warn(error));
    redis.defineCommand('dealLedgerConsume', { lua: CONSUME });
    redis.defineCommand('dealLedgerRefund', { numberOfKeys: 1, lua: REFUND });
    this.redis = redis as Redis & LimitCommands;
  }

  /** Connects now so the first request is counted in Redis; a failure only logs (see above). */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.warn(error);
    }
  }

  async consume(allowances: Allowance[], amount: number, windowMs: number): Promise<ConsumeResult> {
    try {
      const reply = await this.redis.dealLedgerConsume(
        allowances.length,
        ...allowances.map(({ key }) => this.prefix + key),
        amount,
        windowMs,
        ...allowances.map(({ limit }) => limit),
      );
      const [allowed, retryAfterMs, ...used] = reply.map(Number);
      return { allowed: allowed === 1, retryAfterMs, used };
    } catch (error) {
      this.warn(error);
      return this.fallback.consume(allowances, amount, windowMs);
    }
  }

  async refund(key: string, amount: number): Promise<void> {
    try {
      await this.redis.dealLedgerRefund(this.prefix + key, amount);
    } catch (error) {
      this.warn(error);
      await this.fallback.refund(key, amount);
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.redis.del(this.prefix + key);
    } catch (error) {
      this.warn(error);
    }
    await this.fallback.reset(key);
  }

  async close(): Promise<void> {
    await this.fallback.close();
    if (this.redis.status === 'end') return;
    // Wait for the socket to be gone (even mid-reconnect), so nothing outlives the app.
    const ended = new Promise<void>((resolve) => {
      this.redis.once('end', () => resolve());
      setTimeout(resolve, 2000).unref();
    });
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
    await ended;
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Redis unavailable (${message}); counting limits in this instance only`);
  }
}
