import { Kind, GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { badInput } from '../errors/app-error';
import { CommonErrorReason } from '../errors/common.errors';
import { inputPathOf } from './input-paths';

export const INVALID_DATE = CommonErrorReason.INVALID_DATE;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an existing day written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function invalidDate(value: unknown, node?: ValueNode): GraphQLError {
  const path = node ? inputPathOf(node) : undefined;
  const message = `expected a calendar date as YYYY-MM-DD, such as 2021-10-04; got ${JSON.stringify(value) ?? String(value)}`;
  const text = path ? `${path}: ${message}` : `Date: ${message}`;
  return new GraphQLError(text, {
    nodes: node,
    originalError: badInput(text, path ? [path] : [], INVALID_DATE),
    extensions: { code: 'BAD_USER_INPUT', reason: INVALID_DATE },
  });
}

function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw invalidDate(value, node);
  return value;
}

/**
 * A calendar day with no time or zone (a contract's signing date): YYYY-MM-DD in and out, as
 * PostgreSQL's `date` holds it. Kept a string inside the service so no zone can shift the day.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description:
    'A calendar day without time or time zone, ISO 8601 YYYY-MM-DD (e.g. 2021-10-04); an impossible day such as 2023-02-29 is refused (INVALID_DATE)',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && isCalendarDate(value)) return value;
    throw new GraphQLError('Cannot serialize a value that is not a calendar date');
  },
  parseValue: (value) => parseDate(value),
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw invalidDate(undefined, ast);
    return parseDate(ast.value, ast);
  },
});
