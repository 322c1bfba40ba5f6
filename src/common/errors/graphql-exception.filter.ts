import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost, type GqlContextType } from '@nestjs/graphql';
import { translateDatabaseError } from './database-errors';

/**
 * Nest logs every non-HTTP exception a resolver throws, and a driver error carries the SQL and
 * its parameters (user data). Translating database errors here turns the ones a client can cause
 * into AppErrors (not logged); the rest reach the one GraphQL formatter, which logs them once,
 * without parameters. The resolver's arguments let a constraint name its field's path there.
 */
@Catch()
export class GraphqlExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') {
      const args = GqlArgumentsHost.create(host).getArgs<Record<string, unknown>>();
      return translateDatabaseError(exception, args) ?? exception;
    }
    return super.catch(exception, host);
  }
}
