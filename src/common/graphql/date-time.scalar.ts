import { Kind, GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { badInput } from '../errors/app-error';
import { CommonErrorReason } from '../errors/common.errors';
import { InvalidInstantError, parseInstant } from '../time/instant';
import { inputPathOf } from './input-paths';

export const INVALID_DATE_TIME = CommonErrorReason.INVALID_DATE_TIME;

/**
 * BAD_USER_INPUT / INVALID_DATE_TIME, naming the field when it is known (a literal; variables are
 * checked with their paths before execution, see input-edge.plugin.ts). The AppError rides along
 * as `originalError`, where the one error formatter finds it.
 */
function invalidDateTime(message: string, node?: ValueNode): GraphQLError {
  const path = node ? inputPathOf(node) : undefined;
  const text = path ? `${path}: ${message}` : `DateTime: ${message}`;
  const fields = path ? [path] : [];
  return new GraphQLError(text, {
    nodes: node,
    originalError: badInput(text, fields, INVALID_DATE_TIME),
    extensions: { code: 'BAD_USER_INPUT', reason: INVALID_DATE_TIME },
  });
}

function parseDateTime(value: unknown, node?: ValueNode): Date {
  if (typeof value !== 'string') {
    throw invalidDateTime(
      `expected an ISO 8601 string with a UTC offset, such as 2024-03-05T15:00:00Z; got ${JSON.stringify(value) ?? String(value)}`,
      node,
    );
  }
  try {
    return parseInstant(value);
  } catch (error) {
    if (error instanceof InvalidInstantError) throw invalidDateTime(error.message, node);
    throw error;
  }
}

/** ISO 8601 instants with offset in (strictly: see parseInstant), UTC (`…Z`) out. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An instant as an ISO 8601 string with offset, e.g. 2024-03-05T15:00:00Z, in the years 1970–2999. Always returned in UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('Cannot serialize an invalid date');
    return date.toISOString();
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) {
      throw invalidDateTime('expected a string such as "2024-03-05T15:00:00Z"', ast);
    }
    return parseDateTime(ast.value, ast);
  },
});
