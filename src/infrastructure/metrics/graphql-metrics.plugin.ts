import type {
  ApolloServerPlugin,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
} from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../graphql/request-context';
import { type GraphqlOutcome, Metrics } from './metrics';

/** The code of an error without one (the formatter gives every error a code; for safety). */
const NO_CODE = '(none)';
const RATE_LIMITED = 'RATE_LIMITED';

/**
 * Times every GraphQL operation by name and outcome, and counts the errors sent by
 * `extensions.code` and the rate-limit refusals among them. The outcome: `error` when the
 * response carries errors, `user_errors` when a mutation payload refused its input, else `ok`.
 */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(private readonly metrics: Metrics) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    const startedAt = process.hrtime.bigint();
    return {
      willSendResponse: async (context) => {
        this.record(context, startedAt);
      },
    };
  }

  private record(
    context: GraphQLRequestContextWillSendResponse<RequestContext>,
    startedAt: bigint,
  ): void {
    const body = context.response.body;
    const result = body.kind === 'single' ? body.singleResult : body.initialResult;
    const errors: readonly GraphQLFormattedError[] = result.errors ?? [];
    for (const error of errors) {
      const code = typeof error.extensions?.code === 'string' ? error.extensions.code : NO_CODE;
      this.metrics.graphqlErrors.inc({ code });
      if (code === RATE_LIMITED) {
        const reason = error.extensions?.reason;
        this.metrics.rateLimitRefusals.inc({
          surface: 'graphql',
          reason: typeof reason === 'string' ? reason : NO_CODE,
        });
      }
    }
    const outcome: GraphqlOutcome =
      errors.length > 0 ? 'error' : hasUserErrors(result.data) ? 'user_errors' : 'ok';
    const operation = this.metrics.graphqlOperationLabel(
      context.operation !== undefined,
      context.operation?.name?.value,
    );
    this.metrics.graphqlOperationDuration.observe(
      { operation, outcome },
      Metrics.secondsSince(startedAt),
    );
  }
}

/** Whether a top-level field answered a payload whose `userErrors` is not empty. */
function hasUserErrors(data: Record<string, unknown> | null | undefined): boolean {
  if (!data) return false;
  return Object.values(data).some((value) => {
    const userErrors = (value as { userErrors?: unknown } | null)?.userErrors;
    return Array.isArray(userErrors) && userErrors.length > 0;
  });
}
