import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Metrics } from './metrics';

/** The route label of a request no route or mounted handler answered (404s, early refusals). */
export const UNMATCHED_ROUTE = '(unmatched)';

const CATCH_ALL = /^\{?\/?\*/;

/**
 * Times every HTTP request into `deal_ledger_http_request_duration_seconds`, labelled by the
 * route pattern (`/reports/outages/:id`, never the path a client sent, so the label set stays
 * bounded), the method and the status. `mounts` are handlers mounted on a path rather than
 * routed (Apollo on /graphql): a request under one is labelled by it. Install first.
 */
export function httpMetricsMiddleware(metrics: Metrics, mounts: readonly string[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const startedAt = process.hrtime.bigint();
    response.once('finish', () => {
      metrics.httpRequestDuration.observe(
        {
          method: request.method,
          route: routeLabel(request, mounts),
          status: String(response.statusCode),
        },
        Metrics.secondsSince(startedAt),
      );
    });
    next();
  };
}

function routeLabel(request: Request, mounts: readonly string[]): string {
  // originalUrl: Express rewrites `path` while a mounted handler runs.
  const path = (request.originalUrl.split('?')[0] ?? '').toLowerCase();
  const mount = mounts.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  if (mount) return mount;
  const routePath: unknown = (request as { route?: { path?: unknown } }).route?.path;
  // Nest's not-found handler is a catch-all route (`{/*splat}`): no route of ours.
  if (typeof routePath === 'string' && !CATCH_ALL.test(routePath)) {
    return `${request.baseUrl}${routePath}`;
  }
  return UNMATCHED_ROUTE;
}
