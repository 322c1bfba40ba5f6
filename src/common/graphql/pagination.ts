import { ArgsType, Field, Int, ObjectType, type FieldMiddleware } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { type AppError, badInput } from '../errors/app-error';
import { isUuid } from '../validation/uuid';
import { registerUserErrorCodes } from './user-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `@Args('first', FIRST_ARG)` and `@Args('after', AFTER_ARG)` for a field paged forward. */
export const FIRST_ARG = {
  type: () => Int,
  nullable: true,
  description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
};
export const AFTER_ARG = {
  type: () => String,
  nullable: true,
  description: 'endCursor of the previous page',
};

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field({ nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Page size counted backward, 1–${MAX_PAGE_SIZE}: the last items before \`before\` (or of the list), in the list's order; not with first`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field({
    nullable: true,
    description:
      'startCursor of the next page: the page ends just before that item (with last, or alone: a backward page)',
  })
  @IsOptional()
  @IsString()
  before?: string;
}

@ObjectType({
  description:
    'Where a page sits in its list (Relay): whether more items follow or precede it, and the cursors to page on',
})
export class PageInfo {
  @Field({
    description: 'More items come after this page: ask again with after: endCursor (always exact)',
  })
  hasNextPage: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "The last edge's cursor, to pass as after for the next page (null when the page is empty)",
  })
  endCursor: string | null;

  /**
   * Absent means false. Builders set it when they know better: a backward page (more before it)
   * and keyset pages after a cursor; lists that cannot tell say false, as Relay allows.
   */
  @Field(() => Boolean, {
    description:
      'More items come before this page. Always exact when paging backward (last) and on lists that page backward after a cursor; otherwise false when it cannot be known cheaply (Relay)',
  })
  hasPreviousPage?: boolean;

  /** Always the first edge's cursor; filled in from the edges when a builder leaves it out. */
  @Field(() => String, { nullable: true, description: "The first edge's cursor (null when empty)" })
  startCursor?: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  /**
   * A number, or a getter that counts only when a client selects the field (Nest reads the
   * property only then): counting can cost more than the page itself, and most clients never ask.
   */
  readonly totalCount: number | Promise<number>;
}

/** `nodes`: the edges' nodes, so no list builder has to fill it. */
const nodesOfEdges: FieldMiddleware = ({ source }) =>
  (source as Connection<unknown>).edges.map((edge) => edge.node);

/** `pageInfo` with `startCursor` from the edges and `hasPreviousPage` false unless known. */
const completePageInfo: FieldMiddleware = async ({ source }, next) => {
  const pageInfo = (await next()) as PageInfo;
  return {
    ...pageInfo,
    startCursor: (source as Connection<unknown>).edges[0]?.cursor ?? null,
    hasPreviousPage: pageInfo.hasPreviousPage ?? false,
  };
};

/** A Relay-style connection type for `T`, named `<T>Connection`. */
export function ConnectionType<T>(nodeType: Type<T>): Type<Connection<T>> {
  const name = nodeType.name;

  @ObjectType(`${name}Edge`, {
    description: `One ${name} in a page of a ${name}Connection, with the cursor to page from it`,
  })
  class Edge {
    @Field({
      description: `Opaque position of this ${name} in its list: pass it as after to continue from here. Use it only with the list and order that issued it (a cursor from another order is refused: INVALID_CURSOR)`,
    })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name} itself` })
    node: T;
  }

  // inheritDescription: the named subclasses (`class XConnection extends ConnectionType(X)`)
  // take this description too.
  @ObjectType(`${name}Connection`, {
    isAbstract: true,
    inheritDescription: true,
    description: `One page of a list of ${name} items (Relay cursor connection): page with first (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}) and after: pageInfo.endCursor. Only items the caller may see are listed`,
  })
  class ConnectionClass {
    @Field(() => [Edge], {
      description: `The page's ${name} items with their cursors, in the list's order`,
    })
    edges: Edge[];

    @Field(() => [nodeType], {
      description: "The edges' nodes, in the same order (for clients that need no cursors)",
      middleware: [nodesOfEdges],
    })
    nodes: T[];

    @Field(() => PageInfo, {
      description: 'Whether more pages follow or precede this one, and the cursors to reach them',
      middleware: [completePageInfo],
    })
    pageInfo: PageInfo;

    @Field(() => Int, {
      description: `How many ${name} items the whole list holds with these filters (every page, not only this one); counted only when asked for`,
    })
    totalCount: number;
  }
  return ConnectionClass;
}

/** Stable `extensions.reason` values of every paginated list. */
export enum PaginationErrorReason {
  INVALID_CURSOR = 'INVALID_CURSOR',
  PAGE_SIZE_OUT_OF_RANGE = 'PAGE_SIZE_OUT_OF_RANGE',
  /** `first` and `last` together: Relay leaves it undefined, so it is refused. */
  FIRST_AND_LAST = 'FIRST_AND_LAST',
}

registerUserErrorCodes(PaginationErrorReason, {
  INVALID_CURSOR:
    "A cursor is not one this API issued for this list; page from the start or use a cursor from this list's pageInfo",
  PAGE_SIZE_OUT_OF_RANGE: `first or last is outside 1–${MAX_PAGE_SIZE}; ask for a page size in that range`,
  FIRST_AND_LAST:
    'first and last were both given; page forward with first and after, or backward with last and before',
});

export type CursorArg = 'after' | 'before';

/** A cursor this API did not issue (or one for another list): one refusal for every list. */
export const invalidCursor = (field: CursorArg = 'after'): AppError =>
  badInput('The cursor is not one this API issued', [field], PaginationErrorReason.INVALID_CURSOR);

export const pageSizeOutOfRange = (field: 'first' | 'last' = 'first'): AppError =>
  badInput(
    `${field} must be between 1 and ${MAX_PAGE_SIZE}`,
    [field],
    PaginationErrorReason.PAGE_SIZE_OUT_OF_RANGE,
  );

export const firstAndLast = (): AppError =>
  badInput(
    'Give first (with after) or last (with before), not both',
    ['first', 'last'],
    PaginationErrorReason.FIRST_AND_LAST,
  );

/** Keyset cursors: the sort key and the id of the last row, opaque to clients. */
export type CursorKey = [sortValue: string, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, field: CursorArg = 'after'): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((part) => typeof part === 'string')
    ) {
      return parsed as CursorKey;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor(field);
}

/**
 * Whether a cursor key is one of a list ordered by a bigint sequence (`[seq, id]`, as the audit
 * trail and webhook delivery logs issue them).
 */
export const isSequenceKey = ([seq, id]: CursorKey): boolean =>
  /^\d{1,19}$/.test(seq) && isUuid(id);

/**
 * The sequence number in a cursor of a list ordered by a bigint sequence; null without a cursor.
 * Anything else is refused as INVALID_CURSOR before it reaches SQL.
 */
export function sequenceCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const key = decodeCursor(cursor);
  if (!isSequenceKey(key)) throw invalidCursor();
  return key[0];
}

/**
 * The page size of a nested field's plain `first` argument, which class-validator never sees:
 * the default when omitted, refused outside 1–MAX_PAGE_SIZE.
 */
export function checkedPageSize(
  first: number | null | undefined,
  field: 'first' | 'last' = 'first',
): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (size < 1 || size > MAX_PAGE_SIZE) {
    throw pageSizeOutOfRange(field);
  }
  return size;
}

/** Relay paging arguments, as plain values (a nested field's arguments are not validated). */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * What a Relay request asks for: the window between `after` and `before` (both optional), then
 * its first `size` items (forward) or its last `size` (backward: `last`, or `before` alone).
 * `first` with `last` is refused.
 */
export interface PageWindow {
  size: number;
  backward: boolean;
  after: string | null;
  before: string | null;
}

export function pageWindow(args: PageRequest): PageWindow {
  if (args.first != null && args.last != null) throw firstAndLast();
  const backward = args.last != null || (args.before != null && args.first == null);
  return {
    size: backward ? checkedPageSize(args.last, 'last') : checkedPageSize(args.first),
    backward,
    after: args.after ?? null,
    before: args.before ?? null,
  };
}

/**
 * One page of a list already in memory, in its order. The cursor holds the item's position and
 * id: paging resumes after (or ends before) the item with that id, or its position when the item
 * is gone. Everything is known here, so both `hasNextPage` and `hasPreviousPage` are exact
 * (relative to the whole list, not only the window between the cursors).
 */
export function pageOf<T>(
  items: readonly T[],
  args: PageRequest,
  idOf: (item: T) => string,
): Connection<T> {
  const window = pageWindow(args);
  const indexOf = (cursor: string, field: CursorArg) => {
    const [position, id] = decodeCursor(cursor, field);
    const found = items.findIndex((item) => idOf(item) === id);
    return found >= 0 ? found : Number(position);
  };
  const windowStart = window.after ? indexOf(window.after, 'after') + 1 : 0;
  const windowEnd = Math.max(
    windowStart,
    window.before ? Math.min(indexOf(window.before, 'before'), items.length) : items.length,
  );
  const start = window.backward ? Math.max(windowStart, windowEnd - window.size) : windowStart;
  const end = window.backward ? windowEnd : Math.min(windowEnd, start + window.size);
  const edges = items.slice(start, end).map((node, offset) => ({
    cursor: encodeCursor([String(start + offset), idOf(node)]),
    node,
  }));
  const pageInfo: PageInfo = {
    hasNextPage: end < items.length,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  // Left out on a plain first page, where it is false anyway (the GraphQL field defaults it).
  if (window.backward || window.after || window.before) pageInfo.hasPreviousPage = start > 0;
  return { edges, pageInfo, totalCount: items.length };
}

/** A connection whose total, when a function, is counted only if a client selects it. */
export function connectionOf<Node>(
  edges: Array<{ cursor: string; node: Node }>,
  pageInfo: PageInfo,
  totalCount: number | (() => Promise<number>),
): Connection<Node> {
  if (typeof totalCount === 'number') return { edges, pageInfo, totalCount };
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo,
    get totalCount() {
      return (counted ??= totalCount());
    },
  };
}

/** The same page with each node mapped; the total stays lazy (read through, never copied). */
export function mapNodes<A, B>(connection: Connection<A>, map: (node: A) => B): Connection<B> {
  return {
    edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: map(node) })),
    pageInfo: connection.pageInfo,
    get totalCount() {
      return connection.totalCount;
    },
  };
}

/** Builds a forward page from rows fetched with `LIMIT size + 1` (the nested lists' loaders). */
export function toConnection<Row, Node>(
  rows: Row[],
  size: number,
  totalCount: number | (() => Promise<number>),
  cursorOf: (row: Row) => CursorKey,
  toNode: (row: Row) => Node,
): Connection<Node> {
  const page = rows.slice(0, size);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  const pageInfo = { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null };
  return connectionOf(edges, pageInfo, totalCount);
}
