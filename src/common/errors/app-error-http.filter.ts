import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, ErrorCode } from './app-error';
import { translateDatabaseError } from './database-errors';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/**
 * The GraphQL error codes as HTTP statuses with a small JSON body, for the plain HTTP routes
 * (reports, exports), written through Nest's HTTP adapter so it works on Express and Fastify alike.
 */
@Catch()
export class AppErrorHttpFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    const error = exception instanceof AppError ? exception : translateDatabaseError(exception);
    if (error) {
      const { fields, reason } = error.details;
      if (error.code === ErrorCode.UNAUTHENTICATED) {
        httpAdapter.setHeader(response, 'WWW-Authenticate', 'Bearer');
      }
      httpAdapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
      httpAdapter.reply(
        response,
        { error: { code: error.code, message: error.message, reason, fields } },
        STATUS[error.code],
      );
      return;
    }
    if (exception instanceof HttpException) {
      httpAdapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
      httpAdapter.reply(
        response,
        { error: { code: 'BAD_REQUEST', message: exception.message } },
        exception.getStatus(),
      );
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    httpAdapter.setHeader(response, 'Content-Type', 'application/json; charset=utf-8');
    httpAdapter.reply(
      response,
      { error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' } },
      500,
    );
  }
}
