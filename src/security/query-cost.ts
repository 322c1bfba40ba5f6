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

/**
 * What an unpaged list of objects with no declared size is taken to hold. Every list of objects
 * in the served schema declares one (test/security/list-sizes.e2e-spec.ts walks it), so this
 * only prices a list added without one, until that test fails.
 */
export const UNPAGED_LIST_SIZE = 10;

/**
 * A list field's declared size, from its extensions (`@Extensions({ … })` on the field):
 * - `maxItems`: a hard bound the service enforces (`Deal.deliverables`: a deal holds at most
 *   200; `ImpactTotals.byOutcome`: exactly the 5 outcomes);
 * - `expectedItems`: a realistic size, for a list bounded only by the caller's own data (one
 *   entry per currency present, the platforms of the catalog) or whose bound is far above what
 *   an answer holds (`userErrors`: at most 100, usually 1–3).
 * - `sizeArgument`: the list holds one item per element of that list argument (`nodes(ids:)`),
 *   counted as given, within `maxItems`.
 * The cost counts the list as `expectedItems` when given, else `maxItems`; null when neither is.
 */
export function declaredListSize(extensions: unknown): number | null {
  const declared = extensions as { maxItems?: unknown; expectedItems?: unknown } | null | undefined;
  return count(declared?.expectedItems) ?? count(declared?.maxItems);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** The extensions of a list field: its hard bound, a realistic size, or both. */
export interface ListSize {
  maxItems?: number;
  expectedItems?: number;
  sizeArgument?: string;
}

/** The size of a list field in one query: one per element of its `sizeArgument` when it has one. */
function listSize(extensions: unknown, args: Record<string, unknown>): number {
  const declared = declaredListSize(extensions) ?? UNPAGED_LIST_SIZE;
  const argument = (extensions as ListSize | null | undefined)?.sizeArgument;
  const given = argument === undefined ? undefined : args[argument];
  return Array.isArray(given) ? Math.min(given.length, declared) : declared;
}

/** Selections the cost walk may visit before it gives up and calls the query too complex. */
export const MAX_COST_NODES = 10_000;

/**
 * The cost of one field, given the cost of what is selected under it:
 * - every field costs 1 (a field's `complexity` option overrides that: the password-hashing
 *   mutations declare more), introspection fields and `__typename` nothing;
 * - a field with a `first` argument (a connection, or a paged list) multiplies what is under it
 *   by `first`, or by the default page size (20) when it is omitted;
 * - a list of objects multiplies by its declared size (`expectedItems`, else `maxItems`, in the
 *   field's extensions): `Deal.deliverables` by 200, `userErrors` by 3, `nodes(ids:)` by the ids
 *   given; one that declares none by UNPAGED_LIST_SIZE; a connection's `edges` is already counted by its connection; lists of
 *   scalars cost 1;
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
    multiplier = listSize(field.extensions, args);
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
