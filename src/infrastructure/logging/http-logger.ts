import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import {
  CENSORED,
  loggedPath,
  REDACTED_PATHS,
  scrubText,
  serializeError,
  serializeRequest,
  serializeResponse,
} from './log-redaction';
import { assignRequestId } from './request-id';
import { requestLogFields } from './request-log-fields';

export type { HttpLogger } from 'pino-http';

type LogSettings = Pick<AppConfig, 'LOG_LEVEL' | 'logFormat'>;

/** Health probes arrive every few seconds from an orchestrator: their lines are debug. */
const PROBE_PATH = /^\/health(\/|$)/;

/** The settings every line shares: level, ISO time, redaction, serializers, scrubbed text. */
export function loggerOptions(settings: Pick<AppConfig, 'LOG_LEVEL'>): LoggerOptions {
  return {
    level: settings.LOG_LEVEL,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: CENSORED },
    serializers: { req: serializeRequest, res: serializeResponse, err: serializeError },
    hooks: {
      // Every string argument (the message, printf values): a safety net under the serializers.
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === 'string' ? scrubText(arg) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
  };
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/** pino-pretty, when it is installed (a devDependency: absent after `npm ci --omit=dev`). */
function loadPretty(): PrettyFactory | null {
  try {
    const loaded = createRequire(__filename)('pino-pretty') as
      PrettyFactory | { default: PrettyFactory };
    return typeof loaded === 'function' ? loaded : loaded.default;
  } catch {
    return null;
  }
}

/**
 * Standard output, written synchronously so nothing is lost when the process exits right after
 * a line (a failed start-up). Pretty (one readable block per line) when asked for and possible.
 */
export function logDestination(format: 'json' | 'pretty'): {
  destination: DestinationStream;
  prettyMissing: boolean;
} {
  const pretty = format === 'pretty' ? loadPretty() : null;
  if (pretty) {
    return {
      destination: pretty({
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      }),
      prettyMissing: false,
    };
  }
  return {
    destination: pino.destination({ dest: 1, sync: true }),
    prettyMissing: format === 'pretty',
  };
}

interface LineFields {
  method?: string;
  path: string;
  status: number;
  durationMs: number;
}

function lineFields(request: IncomingMessage, response: ServerResponse, ms: number): LineFields {
  const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url;
  return {
    method: request.method,
    path: loggedPath(url),
    status: response.statusCode,
    durationMs: ms,
  };
}

function lineMessage(request: IncomingMessage, response: ServerResponse, ms?: number): string {
  const { method, path, status } = lineFields(request, response, ms ?? 0);
  return `${method} ${path} ${status}${ms === undefined ? '' : ` in ${ms} ms`}`;
}

/**
 * The pino-http options: the request's id (request-id.ts) and one line per request when its
 * response completes, with method, path, status, duration, the caller and what GraphQL
 * recorded (request-log-fields.ts). Lines logged while the request runs carry its `requestId`.
 */
export function httpLoggerOptions(settings: Pick<AppConfig, 'LOG_LEVEL'>): Options {
  return {
    ...loggerOptions(settings),
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (request, response) => assignRequestId(request, response),
    customLogLevel: (request, response, error) =>
      error || response.statusCode >= 500
        ? 'error'
        : PROBE_PATH.test(loggedPath(request.url))
          ? 'debug'
          : 'info',
    customProps: (request) => requestLogFields(request),
    customSuccessObject: (request, response, value: { durationMs: number }) =>
      lineFields(request, response, value.durationMs),
    customErrorObject: (request, response, error, value: { durationMs: number }) => ({
      ...lineFields(request, response, value.durationMs),
      err: error,
    }),
    customSuccessMessage: (request, response, ms) => lineMessage(request, response, ms),
    customErrorMessage: (request, response) => lineMessage(request, response),
  };
}

/**
 * The service's logger: pino-http's middleware, whose `.logger` is the root every other line
 * goes through (nestjs-pino's Logger, in main.ts). `destination` is for tests.
 */
export function createHttpLogger(
  settings: LogSettings,
  destination?: DestinationStream,
): HttpLogger {
  const chosen = destination
    ? { destination, prettyMissing: false }
    : logDestination(settings.logFormat);
  const logger = pinoHttp(httpLoggerOptions(settings), chosen.destination);
  if (chosen.prettyMissing) {
    logger.logger.warn('LOG_FORMAT is pretty but pino-pretty is not installed: logging JSON lines');
  }
  return logger;
}
