import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/app-config';
import { applyHttpLimits } from './security/http-limits';

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
  // Client address (TRUST_PROXY) and request body size (REQUEST_BODY_LIMIT, 413 past it).
  applyHttpLimits(app, config);
  return app;
}
