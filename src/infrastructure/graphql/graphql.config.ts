import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { createDocumentLimitsRule } from '../../security/document-limits';
import { createGraphqlErrorFormatter } from './format-graphql-error';
import { DateTimeScalar } from '../../common/graphql/date-time.scalar';
import { createInputEdgePlugin } from '../../common/graphql/input-edge.plugin';
import { createInputPathsRule } from '../../common/graphql/input-paths';
import { RequestContext, type AuthenticatedRequest } from './request-context';
import { createGraphqlLogPlugin } from '../logging/graphql-log.plugin';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    // Written in development and tests so API changes show up in review; read-only in production.
    autoSchemaFile: config.isProduction ? true : SCHEMA_FILE,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    // Production: no GraphiQL (Nest then installs Apollo's disabled landing page), no
    // introspection, no "Did you mean …" hints, no stack traces.
    graphiql: !config.isProduction,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    // Apollo's defaults, spelled out because the abuse tests rely on them: a request must show
    // it is not a simple cross-site form/GET (JSON content type or apollo-require-preflight /
    // x-apollo-operation-name), and one HTTP request carries one operation.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Abuse limits on the document alone, checked before anything executes: the parser stops
    // at GRAPHQL_MAX_TOKENS; depth and aliases are validation rules. The cost and rate limits
    // need the variables and the caller: src/security/query-limits.plugin.ts.
    parseOptions: { maxLexicalTokens: config.GRAPHQL_MAX_TOKENS },
    validationRules: [
      // Records where each literal sits, so a scalar's refusal names its field.
      createInputPathsRule(),
      createDocumentLimitsRule({
        maxDepth: config.GRAPHQL_MAX_DEPTH,
        maxAliases: config.GRAPHQL_MAX_ALIASES,
      }),
    ],
    formatError: createGraphqlErrorFormatter({
      includeStackTraces: config.NODE_ENV === 'development',
      hideSchemaDetails: config.isProduction,
    }),
    // Compact JSON: Apollo's default pretty-prints (two-space indent), a third more bytes to
    // write and send for a list, for no client's benefit.
    stringifyResult: (result) => JSON.stringify(result),
    // No cache hints are set, and Apollo's cache-control plugin would otherwise wrap every
    // field's resolver to collect them (a measurable share of a 50-row list).
    // (The cast: @nestjs/apollo's options type resolves @apollo/server's declarations through
    // another module entry than this import, so TypeScript sees two versions of one type.)
    // The input edge: text PostgreSQL cannot store (NUL, lone surrogates) and impossible
    // DateTimes in variables are refused, with their field paths, before anything executes.
    plugins: [
      ApolloServerPluginCacheControlDisabled() as unknown as ApolloPlugin,
      createInputEdgePlugin() as unknown as ApolloPlugin,
      // Operation name, error codes and refusals onto the request's log line.
      createGraphqlLogPlugin() as unknown as ApolloPlugin,
    ],
    context: ({ req }: { req: AuthenticatedRequest }) => new RequestContext(req),
  };
}
