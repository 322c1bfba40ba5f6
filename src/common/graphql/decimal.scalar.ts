import { Kind, GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { badInput } from '../errors/app-error';
import { AmountErrorReason } from '../errors/common.errors';
import { inputPathOf } from './input-paths';

export const AMOUNT_FORMAT = AmountErrorReason.AMOUNT_FORMAT;

// Digits with an optional fraction; no exponent, no grouping, no float.
const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;

function invalidDecimal(value: unknown, node?: ValueNode): GraphQLError {
  const path = node ? inputPathOf(node) : undefined;
  const message = `expected a decimal amount as a string, such as "1500.00"; got ${JSON.stringify(value) ?? String(value)}`;
  const text = path ? `${path}: ${message}` : `Decimal: ${message}`;
  return new GraphQLError(text, {
    nodes: node,
    originalError: badInput(text, path ? [path] : [], AMOUNT_FORMAT),
    extensions: { code: 'BAD_USER_INPUT', reason: AMOUNT_FORMAT },
  });
}

function parseDecimal(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw invalidDecimal(value, node);
  return value;
}

/**
 * An exact decimal amount in major units, carried as a string so no client or server float ever
 * rounds it. Whether its precision fits a currency (no cents for JPY) is checked where the
 * currency is known, with an AMOUNT_* reason.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, e.g. "1500.00": digits with an optional "." and fraction, no exponent or grouping. JSON numbers are refused so no float can round an amount (AMOUNT_FORMAT)',
  serialize(value) {
    if (typeof value === 'string' && DECIMAL.test(value)) return value;
    if (typeof value === 'bigint') return value.toString();
    throw new GraphQLError('Cannot serialize a value that is not a decimal string');
  },
  parseValue: (value) => parseDecimal(value),
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw invalidDecimal(undefined, ast);
    return parseDecimal(ast.value, ast);
  },
});
