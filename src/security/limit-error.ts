import { IntrinsicException } from '@nestjs/common';
import { GraphQLError, type ASTNode } from 'graphql';

/**
 * The codes of a request refused for its size or its rate, in `extensions.code`. They sit beside
 * `ErrorCode` rather than in it: they are decided before any resolver runs (or, for sign-in, by
 * the throttle), and the plain-HTTP error filter maps only the domain codes.
 */
export enum LimitErrorCode {
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  QUERY_TOO_LARGE = 'QUERY_TOO_LARGE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
}

export interface LimitErrorDetails {
  /** The configured limit that was exceeded. */
  limit?: number;
  /** What the request came to (depth, aliases, cost); omitted where counting stopped early. */
  actual?: number;
  /** Seconds until the budget allows the request again (RATE_LIMITED). */
  retryAfterSeconds?: number;
  /** A finer reason, e.g. `SIGN_IN_LOCKED` or `REQUEST_BODY_TOO_LARGE`. */
  reason?: string;
}

/**
 * A request refused for its shape or rate. Intrinsic, so Nest does not log it as a fault; the
 * GraphQL error formatter turns it into `extensions.code` with these details.
 */
export class LimitError extends IntrinsicException {
  constructor(
    readonly code: LimitErrorCode,
    message: string,
    readonly details: LimitErrorDetails = {},
  ) {
    super(message);
    this.name = 'LimitError';
  }

  /** 429 for rate limits, 400 for a request that will never be accepted as it is. */
  get httpStatus(): number {
    return this.code === LimitErrorCode.RATE_LIMITED ? 429 : 400;
  }

  /** The extensions a client sees (never a stack trace: nothing here is a fault). */
  get extensions(): Record<string, unknown> {
    const { limit, actual, retryAfterSeconds, reason } = this.details;
    return {
      code: this.code,
      ...(reason !== undefined ? { reason } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(actual !== undefined ? { actual } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  }

  /** For validation rules and Apollo plugins, which report GraphQLErrors. */
  toGraphQLError(nodes?: ReadonlyArray<ASTNode>): GraphQLError {
    return new GraphQLError(this.message, {
      nodes,
      originalError: this,
      extensions: { code: this.code },
    });
  }
}

/** The LimitError behind an error as Apollo hands it over (wrapped by validation or a resolver). */
export function findLimitError(error: unknown): LimitError | null {
  let current: unknown = error;
  // GraphQLError → (Apollo's ValidationError →) GraphQLError → LimitError: a few hops at most.
  for (let hop = 0; hop < 4 && current; hop += 1) {
    if (current instanceof LimitError) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return null;
}

export const rateLimited = (retryAfterMs: number, reason: string): LimitError => {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new LimitError(
    LimitErrorCode.RATE_LIMITED,
    `Too many requests; retry in ${retryAfterSeconds} s`,
    { retryAfterSeconds, reason },
  );
};
