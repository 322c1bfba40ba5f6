import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from '../infrastructure/metrics/metrics';
import { LimitError } from './limit-error';
import { callerOfRequest, RateLimitService } from './rate-limit.service';

/**
 * What one request to a plain HTTP route costs, in the GraphQL cost unit (src/security/query-cost.ts),
 * by its first path segment. A report or the deals export assembles about what a GraphQL query at
 * a fair share of GRAPHQL_MAX_COST reads (every deal or deliverable in scope, with their impact),
 * so 1 000; a calendar feed is one user's deliverables, fetched on a schedule by calendar servers
 * that poll many feeds from one address, so 100. With the default budgets that is 300 reports or
 * exports per token and 1 000 per client address per minute, or 10 000 feed fetches per address.
 */
export const HTTP_ROUTE_COSTS: Readonly<Record<string, number>> = {
  reports: 1000,
  exports: 1000,
  calendar: 100,
};

/** The Nest route patterns the middleware is applied to: each prefix and everything under it. */
export const HTTP_RATE_LIMITED_ROUTES = Object.keys(HTTP_ROUTE_COSTS).map(
  (prefix) => `${prefix}/{*path}`,
);

/** The cost of a request under one of HTTP_ROUTE_COSTS' prefixes (case-insensitive, as routing). */
export function httpRouteCost(url: string): number {
  const [segment = ''] = url.replace(/^\/+/, '').split(/[/?#]/);
  return HTTP_ROUTE_COSTS[segment.toLowerCase()] ?? 1;
}

/**
 * Charges a request to /reports, /exports or /calendar to the same per-token and per-address
 * budgets as GraphQL (RateLimitService.chargeQuery) before any guard, controller or SQL runs; a
 * spent budget is answered 429 with Retry-After and the plain HTTP routes' JSON error shape.
 * The token is the bearer token sent, or else a signed link's `sig`; calendar feeds (whose secret
 * is in the path) count against the client address only.
 */
@Injectable()
export class HttpRateLimitMiddleware implements NestMiddleware<Request, Response> {
  constructor(
    private readonly limits: RateLimitService,
    private readonly metrics: Metrics,
  ) {}

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    try {
      await this.limits.chargeQuery(callerOfRequest(request), httpRouteCost(request.originalUrl));
    } catch (error) {
      if (!(error instanceof LimitError)) {
        next(error);
        return;
      }
      const { reason, retryAfterSeconds } = error.details;
      this.metrics.rateLimitRefusals.inc({ surface: 'http', reason: reason ?? '(none)' });
      response
        .status(error.httpStatus)
        .set({ 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' })
        .json({ error: { code: error.code, message: error.message, reason, retryAfterSeconds } });
      return;
    }
    next();
  }
}
