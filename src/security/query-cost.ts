import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/graphql/pagination';

/** What an unpaged list of objects with no declared bound (`OutageImpact.byCreator`) is taken to hold. */
export const UNPAGED_LIST_SIZE = 10;

/**
 * A list field's declared bound, as `@Extensions({ maxItems: 200 })` puts it on the field
 * (`Deal.deliverables`: a deal holds at most 200): the cost counts the list as that many.
 */
export function declaredMaxItems(extensions: unknown): number | null {
  const maxItems = (extensions as { maxItems?: unknown } | null | undefined)?.maxItems;
  return typeof maxItems === 'number' && Number.isInteger(maxItems) && maxItems >= 0
    ? maxItems
    : null;
}

/** Selections the cost walk may visit before it gives up and calls the query too complex. */
export const MAX_COST_NODES = 10_000;

/**
 * The cost of one field, given the cost of what is selected under it:
 * - every field costs 1 (a field's `complexity` option overrides that: the password-hashing
 *   mutations declare more), introspection fields and `__typename` nothing;
 * - a field with a `first` argument (a connection, or a paged list) multiplies what is under it
 *   by `first`, or by the default page size (20) when it is omitted;
 * - a list of objects with a declared bound (`maxItems` in the field's extensions) multiplies by
 *   it: `Deal.deliverables` by 200;
 * - any other list of objects multiplies by UNPAGED_LIST_SIZE, except a connection's `edges`,
 *   already counted by its connection; lists of scalars cost 1;
 * - nested lists multiply: `deals(first: 10) { edges { node { deliverables { id } } } }` is
 *   1 + 10 × (1 + 1 + (1 + 200 × 1)) = 2031.
 */
export const costEstimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
  if (field.name.startsWith('__')) return 0;
  const declared = field.extensions?.complexity;
  const own = typeof declared === 'number' ? declared : 1;
  if (isLeafType(getNamedType(field.type))) return own;
  let multiplier = 1;
  if (field.args.some((argument) => argument.name === 'first')) {
    const first: unknown = args.first;
    multiplier = typeof first === 'number' ? Math.max(0, first) : DEFAULT_PAGE_SIZE;
  } else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) {
    multiplier = declaredMaxItems(field.extensions) ?? UNPAGED_LIST_SIZE;
  }
  return own + multiplier * childComplexity;
};

export type CostResult =
  | { kind: 'cost'; cost: number }
  /** Past MAX_COST_NODES selections: too complex whatever the limit. */
  | { kind: 'too-many-nodes' }
  /** Variables that do not fit the operation: execution will report them, at cost 1. */
  | { kind: 'invalid'; cost: 1 };

/** The estimated cost of running `operationName` of `document` with `variables`. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): CostResult {
  try {
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName,
      estimators: [costEstimator],
      maxQueryNodes: MAX_COST_NODES,
    });
    return { kind: 'cost', cost };
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return { kind: 'too-many-nodes' };
    }
    return { kind: 'invalid', cost: 1 };
  }
}
