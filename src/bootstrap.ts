import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { applyHttpLimits } from './security/http-limits';

/**
 * Everything about the HTTP application that is not a module: shared by `main.ts` and the
 * end-to-end tests, so the tests exercise the server as it runs. Call before `init()`/`listen()`.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  app.enableShutdownHooks();
  // Client address (TRUST_PROXY) and request body size (REQUEST_BODY_LIMIT, 413 past it).
  applyHttpLimits(app, config);
  return app;
}
