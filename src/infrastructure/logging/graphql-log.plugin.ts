import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../graphql/request-context';
import { recordGraphqlFields, type GraphqlLogFields } from './request-log-fields';

/** A GraphQL Name: what a client-sent operationName must look like to be logged. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

function rootFields(operation: OperationDefinitionNode | undefined): string[] | undefined {
  if (!operation) return undefined;
  const fields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : [],
  );
  return fields.length > 0 ? fields : undefined;
}

function userErrorCount(data: Record<string, unknown> | null | undefined): number {
  let count = 0;
  for (const payload of Object.values(data ?? {})) {
    const userErrors = (payload as { userErrors?: unknown } | null)?.userErrors;
    if (Array.isArray(userErrors)) count += userErrors.length;
  }
  return count;
}

/** The log fields of one answered GraphQL request: names and codes, never variables or values. */
export function graphqlLogFields(
  context: Pick<
    GraphQLRequestContextWillSendResponse<RequestContext>,
    'operationName' | 'operation' | 'request' | 'response'
  >,
): GraphqlLogFields {
  const sent = context.request.operationName;
  const operationName = context.operationName ?? (sent && GRAPHQL_NAME.test(sent) ? sent : null);
  const body = context.response.body;
  const result = body.kind === 'single' ? body.singleResult : undefined;
  const codes = (result?.errors ?? []).flatMap((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? [code] : [];
  });
  const userErrors = userErrorCount(result?.data);
  const fields = rootFields(context.operation);
  return {
    operationName,
    ...(context.operation ? { operationType: context.operation.operation } : {}),
    ...(fields ? { fields } : {}),
    ...(codes.length > 0 ? { errorCodes: [...new Set(codes)] } : {}),
    ...(userErrors > 0 ? { userErrors } : {}),
  };
}

/**
 * Hands each GraphQL request's operation name, error codes and refusals to the HTTP request,
 * where the request's log line (http-logger.ts) picks them up when the response completes.
 */
export function createGraphqlLogPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        willSendResponse(context) {
          const request = context.contextValue?.req;
          if (request) recordGraphqlFields(request, graphqlLogFields(context));
          return Promise.resolve();
        },
      });
    },
  };
}
