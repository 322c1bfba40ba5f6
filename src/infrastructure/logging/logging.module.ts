import { Global, Module, type INestApplication, type LoggerService } from '@nestjs/common';
import { Logger, LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { createHttpLogger, type HttpLogger } from './http-logger';

/** The pino-http middleware of this application (its `.logger` is the root logger). */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** nestjs-pino on a logger built here: it binds each request's logger, it builds none itself. */
function pinoParams(http: HttpLogger): Params {
  return { pinoHttp: { logger: http.logger }, useExisting: true };
}

@Global()
@Module({
  providers: [
    {
      provide: HTTP_LOGGER,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => createHttpLogger(c),
    },
  ],
  exports: [HTTP_LOGGER],
})
class HttpLoggerModule {}

/**
 * Structured logs: pino-http logs one line per request and gives it an id (mounted first of all
 * by `useRequestLogging`, so even a request the body parsers refuse has both); nestjs-pino
 * carries that request's logger through the request (AsyncLocalStorage), so a `new Logger(…)`
 * line written while it runs carries its `requestId`.
 */
@Module({
  imports: [
    HttpLoggerModule,
    LoggerModule.forRootAsync({
      imports: [HttpLoggerModule],
      inject: [HTTP_LOGGER],
      useFactory: pinoParams,
    }),
  ],
})
export class LoggingModule {}

/** Mounts the request logging middleware; call before any other middleware (configureApp). */
export function useRequestLogging(app: INestApplication): void {
  app.use(app.get<HttpLogger>(HTTP_LOGGER));
}

/**
 * Nest's logger for the whole process, through pino: every `new Logger(context)` line, Nest's
 * own, and main.ts's. Built from the settings before the application exists, so start-up
 * lines (database retries, a failed start) are written as they happen, in the same format.
 */
export function createAppLogger(http: HttpLogger): LoggerService {
  const params = pinoParams(http);
  return new Logger(new PinoLogger(params), params);
}
