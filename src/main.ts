// First: tracing (when configured) must patch http, express, graphql and pg before they load.
import './infrastructure/telemetry/start-tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './bootstrap';
import { AppConfig, ConfigValidationError, loadAppConfig } from './config/app-config';
import { StartupError } from './database/startup-error';
import { buildInfo, describeBuild } from './health/build-info';
import { exitCleanlyOnSignals, GracefulExpressAdapter } from './health/graceful-shutdown';
import { createHttpLogger } from './infrastructure/logging/http-logger';
import { createAppLogger } from './infrastructure/logging/logging.module';

const logger = new Logger('DealLedger');

async function bootstrap(): Promise<void> {
  let settings: AppConfig;
  try {
    settings = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      logger.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let app: NestExpressApplication | undefined;
  exitCleanlyOnSignals(() => app, settings.SHUTDOWN_GRACE_MS, logger);
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule,
      new GracefulExpressAdapter(settings.SHUTDOWN_GRACE_MS),
      // Start-up failures come back here, to be reported once and end with status 1. Nest's
      // logger is pino from the start (nestjs-pino), so start-up lines are written as they happen.
      { logger: createAppLogger(createHttpLogger(settings)), abortOnError: false },
    );
  } catch (error) {
    // A StartupError's message is the whole story (database unreachable, data folder in use).
    logger.error(
      error instanceof StartupError
        ? error.message
        : `Could not start: ${error instanceof Error ? error.stack : String(error)}`,
    );
    process.exit(1);
  }
  const config = app.get(AppConfig);
  configureApp(app, config);
  await app.listen(config.PORT, '0.0.0.0');
  const url = `http://localhost:${config.PORT}/graphql`;
  logger.log(
    `GraphQL API ready at ${url} (Deal Ledger ${describeBuild(buildInfo(config.SOURCE_COMMIT))})`,
  );
  logger.log(
    `First token: curl -s ${url} -H 'content-type: application/json' -d '{"query":"mutation { signUp(input: {email: \\"you@example.com\\", password: \\"choose-a-long-one\\", role: CREATOR, displayName: \\"You\\"}) { token } }"}'`,
  );
}

bootstrap().catch((error: unknown) => {
  // E.g. the port is taken: say so plainly and give up (the data folder lock goes with us).
  logger.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
