import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config/app-config';
import { httpMetricsMiddleware } from './infrastructure/metrics/http-metrics.middleware';
import { Metrics } from './infrastructure/metrics/metrics';
import { applyHttpLimits } from './security/http-limits';
import { useRequestLogging } from './infrastructure/logging/logging.module';

const GRAPHQL_PATH = '/graphql';
const APPLICATION_JSON = 'application/json';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * GraphQL over HTTP: a response is in the media type the client's Accept header prefers, of
 * application/json and application/graphql-response+json (application/json when it has none or
 * likes both equally, as Apollo negotiates). Apollo sets its own answers' Content-Type; this
 * covers the refusals written before Apollo sees the request (a body that is not JSON, or over
 * REQUEST_BODY_LIMIT), which would otherwise always say application/json. Apollo replaces the
 * header on everything it answers, so only those refusals keep it.
 */
function answerInAcceptedGraphqlMediaType(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (request.accepts([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]) === GRAPHQL_RESPONSE_JSON) {
    response.type(`${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
  }
  next();
}

/**
 * Everything about the HTTP application that is not a module: shared by `main.ts` and the
 * end-to-end tests, so the tests exercise the server as it runs. Call before `init()`/`listen()`.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  app.enableShutdownHooks();
  const express = app as NestExpressApplication;
  // No `X-Powered-By: Express`: it tells a stranger what to try, and nobody needs it.
  express.disable('x-powered-by');
  // Express's last-resort error page prints the stack (absolute server paths) unless its `env`
  // is production; it reads NODE_ENV from the process, not from the validated config. Stack
  // traces are for NODE_ENV=development only, as in the GraphQL answers.
  express.set('env', config.NODE_ENV === 'development' ? 'development' : 'production');
  // Before all else: every request gets its id (X-Request-Id) and its log line, refusals included.
  useRequestLogging(app);
  // First, so every request is timed, refusals included (deal_ledger_http_request_duration_seconds).
  express.use(httpMetricsMiddleware(app.get(Metrics), [GRAPHQL_PATH]));
  // Before the body parsers, so their refusals too answer in the media type the client accepts.
  express.use(GRAPHQL_PATH, answerInAcceptedGraphqlMediaType);
  // Client address (TRUST_PROXY) and request body size (REQUEST_BODY_LIMIT, 413 past it).
  applyHttpLimits(app, config);
  return app;
}
