import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { createGraphqlErrorFormatter } from '../errors/format-graphql-error';
import { DateTimeScalar } from './date-time.scalar';
import { RequestContext, type AuthenticatedRequest } from './request-context';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    // Written in development and tests so API changes show up in review; read-only in production.
    autoSchemaFile: config.isProduction ? true : SCHEMA_FILE,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    graphiql: !config.isProduction,
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    formatError: createGraphqlErrorFormatter({
      includeStackTraces: config.NODE_ENV === 'development',
    }),
    context: ({ req }: { req: AuthenticatedRequest }) => new RequestContext(req),
  };
}
