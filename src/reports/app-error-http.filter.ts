import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { AppError, ErrorCode } from '../common/errors/app-error';
import { translateDatabaseError } from '../common/errors/database-errors';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** The same codes as GraphQL, as HTTP statuses with a small JSON body, for plain HTTP routes. */
@Catch()
export class AppErrorHttpFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = exception instanceof AppError ? exception : translateDatabaseError(exception);
    if (error) {
      const { fields, reason } = error.details;
      if (error.code === ErrorCode.UNAUTHENTICATED) response.set('WWW-Authenticate', 'Bearer');
      response
        .status(STATUS[error.code])
        .json({ error: { code: error.code, message: error.message, reason, fields } });
      return;
    }
    if (exception instanceof HttpException) {
      response
        .status(exception.getStatus())
        .json({ error: { code: 'BAD_REQUEST', message: exception.message } });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    response
      .status(500)
      .json({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' } });
  }
}
