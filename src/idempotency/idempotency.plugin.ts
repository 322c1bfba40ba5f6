import type {
  ApolloServerPlugin,
  GraphQLRequestContext,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { OperationTypeNode } from 'graphql';
import { AuthService } from '../auth/auth.service';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import {
  currentIdempotencyScope,
  hashGraphqlRequest,
  IDEMPOTENCY_KEY_HEADER,
  isValidIdempotencyKey,
  type IdempotentRequest,
} from './idempotency-keys';
import {
  invalidKeyError,
  keyInUseError,
  keyReusedError,
  oneFieldError,
} from './idempotency.errors';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';
import { rootFieldNames } from './root-fields';

/** The create mutations that honour an Idempotency-Key. */
export const IDEMPOTENT_MUTATIONS: ReadonlySet<string> = new Set([
  'createDeal',
  'addDeliverable',
  'markDeliverablePosted',
  'recordOutage',
  'createAccessToken',
  'importDeals',
  'createBrandInvitation',
  'createCalendarFeed',
  'createWebhook',
  'sendTestWebhook',
  'createPlatform',
  'recordPayment',
  'reversePayment',
  'writeOffReceivable',
  'proposeReschedule',
  'respondToReschedule',
  'submitDraft',
  'reviewDraft',
]);

/** Set on a response that repeats an earlier one instead of executing (as Stripe does). */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Exactly-once create mutations. Before execution: a key already used by the same user answers
 * with the stored response (same request) or IDEMPOTENCY_KEY_REUSED (another request) and nothing
 * executes. Otherwise the key goes into the request's scope, the service claims it in its own
 * transaction (`claimIdempotencyKey`), and the response is stored here once it is known. A twin
 * that lost the race to claim gets the winner's response in place of its own.
 */
@Plugin()
export class IdempotencyPlugin implements ApolloServerPlugin<RequestContext> {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly auth: AuthService,
    private readonly store: IdempotencyStore,
  ) {}

  async requestDidStart(
    start: GraphQLRequestContext<RequestContext>,
  ): Promise<GraphQLRequestListener<RequestContext> | void> {
    const key = start.request.http?.headers.get(IDEMPOTENCY_KEY_HEADER);
    // Requests without the header pay nothing.
    if (key === undefined) return;
    return {
      responseForOperation: (context) => this.beforeExecution(context, key),
      willSendResponse: (context) => this.afterExecution(context),
    };
  }

  private async beforeExecution(
    context: GraphQLRequestContextResponseForOperation<RequestContext>,
    key: string,
  ): Promise<GraphQLResponse | null> {
    const { operation, document, request } = context;
    if (operation.operation !== OperationTypeNode.MUTATION) return null;
    const fields = rootFieldNames(operation.selectionSet, document);
    const guarded = fields.filter((field) => IDEMPOTENT_MUTATIONS.has(field));
    // The header means nothing to other operations (updates carry expectedVersion instead).
    if (guarded.length === 0) return null;
    if (!isValidIdempotencyKey(key)) return errorResponse(invalidKeyError());
    if (fields.length !== 1) return errorResponse(oneFieldError());
    const userId = await this.userIdOf(context);
    // No usable token: execute, and let the guard answer UNAUTHENTICATED as for any request.
    if (!userId) return null;
    const scope = currentIdempotencyScope();
    if (!scope) throw new Error('IdempotencyScopeMiddleware did not run for this request');

    const idempotent: IdempotentRequest = {
      userId,
      key,
      requestHash: hashGraphqlRequest({
        query: context.source,
        variables: request.variables,
        operationName: request.operationName,
      }),
      operation: guarded[0],
    };
    const found = await this.store.find(idempotent);
    if (found) {
      if (found.requestHash !== idempotent.requestHash) return errorResponse(keyReusedError());
      // Committed but not answered yet: the first request is finishing its response.
      const response = found.response ?? (await this.store.waitForResponse(idempotent));
      return response ? replayResponse(response) : errorResponse(keyInUseError());
    }
    scope.request = idempotent;
    return null;
  }

  private async afterExecution(
    context: GraphQLRequestContextWillSendResponse<RequestContext>,
  ): Promise<void> {
    const scope = currentIdempotencyScope();
    const request = scope?.request;
    const outcome = scope?.outcome;
    if (!request || !outcome) return;
    const { response } = context;
    switch (outcome.kind) {
      case 'claimed': {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        try {
          // A no-op unless the claim committed: an error that rolled the write back keeps the key free.
          await this.store.save(request, outcome.claimId, { data, ...(errors ? { errors } : {}) });
        } catch (error) {
          // The write is done; the client still gets its answer. A retry with the key is then
          // refused as "in use" until the key expires, never executed twice.
          this.logger.error(
            `Could not store the response for an idempotency key: ${String(error)}`,
          );
        }
        return;
      }
      case 'replay': {
        const stored = await this.store.waitForResponse(request).catch((error: unknown) => {
          this.logger.error(`Could not read a replayed response: ${String(error)}`);
          return null;
        });
        response.body = { kind: 'single', singleResult: stored ?? { errors: [keyInUseError()] } };
        if (stored) response.http.headers.set(REPLAYED_HEADER, 'true');
        return;
      }
      case 'reused':
        response.body = { kind: 'single', singleResult: { errors: [keyReusedError()] } };
        return;
    }
  }

  /** The caller, resolved from the bearer token as the guard will (the guard runs later). */
  private async userIdOf(
    context: GraphQLRequestContext<RequestContext>,
  ): Promise<string | undefined> {
    const header = context.request.http?.headers.get('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return undefined;
    return (await this.auth.viewerForToken(match[1]))?.userId;
  }
}

function errorResponse(error: GraphQLFormattedError): GraphQLResponse {
  return {
    http: { headers: new HeaderMap() },
    body: { kind: 'single', singleResult: { errors: [error] } },
  };
}

function replayResponse(response: StoredResponse): GraphQLResponse {
  return {
    http: { headers: new HeaderMap([[REPLAYED_HEADER, 'true']]) },
    body: { kind: 'single', singleResult: response },
  };
}
