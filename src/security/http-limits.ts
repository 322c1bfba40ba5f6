import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { LimitErrorCode } from './limit-error';

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.type === 'string' &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}

/**
 * What Express does before GraphQL sees a request: the client address it trusts (TRUST_PROXY)
 * and the body size it reads (REQUEST_BODY_LIMIT). Must run before `app.init()`, so these
 * parsers take the place of Nest's defaults (which it skips once one is registered) and the
 * error handler sits right behind them.
 */
export function applyHttpLimits(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.trustProxy);
  express.useBodyParser('json', { limit: config.REQUEST_BODY_LIMIT });
  express.useBodyParser('urlencoded', { limit: config.REQUEST_BODY_LIMIT, extended: true });
  // A body the parsers refuse is answered here, as JSON in the GraphQL error shape, instead of
  // falling through to Express's HTML page (or Nest's 500 for an oversized body).
  express.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (!isBodyParserError(error)) {
      next(error);
      return;
    }
    const tooLarge = error.type === 'entity.too.large';
    const message = tooLarge
      ? `The request body is larger than ${config.REQUEST_BODY_LIMIT}`
      : error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : 'The request body could not be read';
    response.status(error.status).json({
      errors: [
        {
          message,
          extensions: tooLarge
            ? {
                code: LimitErrorCode.QUERY_TOO_LARGE,
                reason: 'REQUEST_BODY_TOO_LARGE',
                ...(error.limit !== undefined ? { limit: error.limit } : {}),
              }
            : { code: 'BAD_REQUEST' },
        },
      ],
    });
  });
}
