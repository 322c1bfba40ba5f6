import type { IncomingMessage } from 'node:http';

/** What a GraphQL request adds to its request's log line. */
export interface GraphqlLogFields {
  /** The operation's name; null for an anonymous one. */
  operationName: string | null;
  operationType?: 'query' | 'mutation' | 'subscription';
  /** The root fields asked for: what an anonymous operation did. */
  fields?: string[];
  /** The distinct `extensions.code`s of the answer's errors, in order. */
  errorCodes?: string[];
  /** How many `userErrors` the payloads listed (a refused mutation). */
  userErrors?: number;
}

interface LoggedRequest extends IncomingMessage {
  viewer?: { userId: string };
}

const graphqlFields = new WeakMap<object, GraphqlLogFields>();

export function recordGraphqlFields(request: object, fields: GraphqlLogFields): void {
  graphqlFields.set(request, fields);
}

/**
 * The fields the request's line carries beyond method, path, status and duration: the caller's
 * user id once the guard resolved a token (never the token or the e-mail), and the GraphQL
 * operation's name, error codes and refusals.
 */
export function requestLogFields(request: IncomingMessage): {
  userId?: string;
  graphql?: GraphqlLogFields;
} {
  const userId = (request as LoggedRequest).viewer?.userId;
  const graphql = graphqlFields.get(request);
  return {
    ...(typeof userId === 'string' ? { userId } : {}),
    ...(graphql ? { graphql } : {}),
  };
}
