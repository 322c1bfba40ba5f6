import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
} from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { AppConfig } from '../config/app-config';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { clientAddress } from './client-address';
import { findLimitError, LimitError, LimitErrorCode } from './limit-error';
import { MAX_COST_NODES, queryCost } from './query-cost';
import { RateLimitService, type Caller, type QueryBudget } from './rate-limit.service';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The cost limit and the rate limits, in `didResolveOperation`: after parsing and validation
 * (where the token, depth and alias limits already applied), before anything executes. Also
 * gives every refused request its HTTP status (400, or 429 with Retry-After), including the
 * sign-in lockout, which a resolver raises.
 */
@Plugin()
export class QueryLimitsPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(
    private readonly limits: RateLimitService,
    private readonly config: AppConfig,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    let charged: QueryCost | null = null;
    return {
      didResolveOperation: async (context) => {
        charged = await this.checkOperation(context);
      },
      willSendResponse: async (context) => {
        this.setHttpStatus(context);
        if (charged) reportCost(context, charged);
      },
    };
  }

  private async checkOperation(
    context: GraphQLRequestContextDidResolveOperation<RequestContext>,
  ): Promise<QueryCost | null> {
    const { operation, document, schema, request } = context;
    // No operation (an unknown operationName): execution answers with that error, runs nothing.
    if (!operation) return null;
    const maxCost = this.config.GRAPHQL_MAX_COST;
    const result = queryCost(schema, document, request.variables, operation.name?.value);
    if (result.kind === 'too-many-nodes') {
      throw new LimitError(
        LimitErrorCode.QUERY_TOO_COMPLEX,
        `The operation selects more than ${MAX_COST_NODES} fields once fragments are expanded`,
        { limit: maxCost },
      ).toGraphQLError([operation]);
    }
    if (result.cost > maxCost) {
      throw new LimitError(
        LimitErrorCode.QUERY_TOO_COMPLEX,
        `The operation would cost ${result.cost}; at most ${maxCost} is allowed. Ask for fewer items (first) or fewer nested lists`,
        { limit: maxCost, actual: result.cost },
      ).toGraphQLError([operation]);
    }
    // Every request costs something, even `{ __typename }`.
    const requestedQueryCost = Math.max(1, result.cost);
    try {
      const budget = await this.limits.chargeQuery(
        callerOf(context.contextValue),
        requestedQueryCost,
      );
      return { requestedQueryCost, maximumQueryCost: maxCost, throttleStatus: budget };
    } catch (error) {
      throw error instanceof LimitError ? error.toGraphQLError() : error;
    }
  }

  private setHttpStatus(context: GraphQLRequestContextWillSendResponse<RequestContext>): void {
    const refusals = (context.errors ?? [])
      .map(findLimitError)
      .filter((error): error is LimitError => error !== null);
    if (refusals.length === 0) return;
    const refusal =
      refusals.find((error) => error.code === LimitErrorCode.RATE_LIMITED) ?? refusals[0];
    const http = context.response.http;
    http.status = refusal.httpStatus;
    if (refusal.details.retryAfterSeconds !== undefined) {
      http.headers.set('retry-after', String(refusal.details.retryAfterSeconds));
    }
  }
}

/**
 * `extensions.cost` on every response that was charged: what this operation cost, the most one
 * operation may cost, and what is left of the caller's per-minute budget (as Shopify's API does).
 */
interface QueryCost {
  requestedQueryCost: number;
  maximumQueryCost: number;
  throttleStatus: QueryBudget;
}

function reportCost(
  context: GraphQLRequestContextWillSendResponse<RequestContext>,
  cost: QueryCost,
): void {
  const body = context.response.body;
  if (body.kind !== 'single') return;
  body.singleResult.extensions = { ...body.singleResult.extensions, cost };
}

function callerOf(context: RequestContext): Caller {
  const request = context.req as RequestContext['req'] | undefined;
  // No HTTP request: an in-process executeOperation, which no client can reach.
  if (!request) return { token: null, address: 'in-process' };
  const header = request.headers.authorization;
  return {
    token: header ? (BEARER.exec(header)?.[1] ?? header) : null,
    address: clientAddress(request),
  };
}
