import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { type AppError, badInput } from '../errors/app-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

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
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
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

/** A Relay-style connection type for `T`, named `<T>Connection`. */
export function ConnectionType<T>(nodeType: Type<T>): Type<Connection<T>> {
  @ObjectType(`${nodeType.name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${nodeType.name}Connection`, { isAbstract: true })
  class ConnectionClass {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass;
}

/** Stable `extensions.reason` values of every paginated list. */
export enum PaginationErrorReason {
  INVALID_CURSOR = 'INVALID_CURSOR',
  PAGE_SIZE_OUT_OF_RANGE = 'PAGE_SIZE_OUT_OF_RANGE',
}

/** A cursor this API did not issue (or one for another list): one refusal for every list. */
export const invalidCursor = (): AppError =>
  badInput(
    'The cursor is not one this API issued',
    ['after'],
    PaginationErrorReason.INVALID_CURSOR,
  );

export const pageSizeOutOfRange = (): AppError =>
  badInput(
    `first must be between 1 and ${MAX_PAGE_SIZE}`,
    ['first'],
    PaginationErrorReason.PAGE_SIZE_OUT_OF_RANGE,
  );

/** Keyset cursors: the sort key and the id of the last row, opaque to clients. */
export type CursorKey = [sortValue: string, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
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
  throw invalidCursor();
}

export function pageSize(args: PageArgs): number {
  return args.first ?? DEFAULT_PAGE_SIZE;
}

/**
 * The page size of a nested field's plain `first` argument, which class-validator never sees:
 * the default when omitted, refused outside 1–MAX_PAGE_SIZE.
 */
export function checkedPageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (size < 1 || size > MAX_PAGE_SIZE) {
    throw pageSizeOutOfRange();
  }
  return size;
}

/**
 * One page of a list already in memory, in its order. The cursor holds the item's position and
 * id: paging resumes after the item with that id, or after the position when the item is gone.
 */
export function pageOf<T>(
  items: readonly T[],
  args: { first?: number | null; after?: string | null },
  idOf: (item: T) => string,
): Connection<T> {
  const size = checkedPageSize(args.first);
  let start = 0;
  if (args.after) {
    const [position, id] = decodeCursor(args.after);
    const found = items.findIndex((item) => idOf(item) === id);
    start = (found >= 0 ? found : Number(position)) + 1;
  }
  const edges = items.slice(start, start + size).map((node, offset) => ({
    cursor: encodeCursor([String(start + offset), idOf(node)]),
    node,
  }));
  return {
    edges,
    pageInfo: { hasNextPage: start + size < items.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: items.length,
  };
}

/** Builds a connection from rows fetched with `LIMIT size + 1`. */
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
