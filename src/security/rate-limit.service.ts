import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { clientAddress } from './client-address';
import { rateLimited } from './limit-error';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit-store';

const MINUTE_MS = 60_000;

/** Counter keys hold digests, so neither tokens nor addresses are written to Redis. */
export function counterKey(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 24)}`;
}

/** What is left of a caller's per-minute query budget after a request was charged. */
export interface QueryBudget {
  limitPerMinute: number;
  remaining: number;
}

export interface Caller {
  /** The bearer secret as sent, valid or not: each distinct one has its own budget. */
  token: string | null;
  /** `req.ip`, as Express derives it under TRUST_PROXY. */
  address: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The caller of a plain HTTP request: the bearer token as sent (the whole header if it is not
 * `Bearer <token>`), else a signed link's `sig` parameter, which stands for the user who signed
 * it; and the client address.
 */
export function callerOfRequest(request: Request): Caller {
  const header = request.headers.authorization;
  const signature = (request.query as Record<string, unknown> | undefined)?.sig;
  return {
    token: header
      ? (BEARER.exec(header)?.[1] ?? header)
      : typeof signature === 'string' && signature !== ''
        ? `sig:${signature}`
        : null,
    address: clientAddress(request),
  };
}

/**
 * The one rate-limit store of the process (in-process, or Redis with REDIS_URL) and the query
 * budget: every operation's cost is charged to its token and to its client address.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnModuleDestroy {
  readonly store: RateLimitStore;

  constructor(private readonly config: AppConfig) {
    this.store = config.REDIS_URL
      ? new RedisRateLimitStore(config.REDIS_URL, config.RATE_LIMIT_KEY_PREFIX)
      : new MemoryRateLimitStore();
  }

  async onModuleInit(): Promise<void> {
    if (this.store instanceof RedisRateLimitStore) await this.store.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  /** Charges `cost` to the caller's token (if any) and address, or throws RATE_LIMITED. */
  /**
   * Charges `cost` to the caller's per-minute budgets (address, and token when there is one) and
   * says what is left of the tightest one, for `extensions.cost`.
   */
  async chargeQuery(caller: Caller, cost: number): Promise<QueryBudget> {
    const allowances = [
      {
        key: counterKey('query:address', caller.address),
        limit: this.config.RATE_LIMIT_COST_PER_MINUTE_PER_IP,
      },
    ];
    if (caller.token) {
      allowances.push({
        key: counterKey('query:token', caller.token),
        limit: this.config.RATE_LIMIT_COST_PER_MINUTE,
      });
    }
    const result = await this.store.consume(allowances, cost, MINUTE_MS);
    if (!result.allowed) throw rateLimited(result.retryAfterMs, 'QUERY_BUDGET_SPENT');
    const left = allowances.map(({ limit }, index) => ({
      limitPerMinute: limit,
      remaining: Math.max(0, limit - result.used[index]),
    }));
    return left.reduce((tightest, budget) =>
      budget.remaining < tightest.remaining ? budget : tightest,
    );
  }
}
