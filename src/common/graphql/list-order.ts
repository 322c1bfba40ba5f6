import { registerEnumType } from '@nestjs/graphql';
import { decodeCursor, encodeCursor, invalidCursor, type Connection } from './pagination';

export const ORDER_DIRECTIONS = ['ASC', 'DESC'] as const;
export type OrderDirection = (typeof ORDER_DIRECTIONS)[number];

export const OrderDirectionEnum = Object.fromEntries(
  ORDER_DIRECTIONS.map((direction) => [direction, direction]),
) as { [K in OrderDirection]: K };
registerEnumType(OrderDirectionEnum, {
  name: 'OrderDirection',
  description: 'Which way a list is sorted by the field of its orderBy',
  valuesMap: {
    ASC: { description: 'Smallest (earliest, A before Z) first' },
    DESC: { description: 'Largest (latest, Z before A) first' },
  },
});

/**
 * The order a cursor was issued for, written into its sort value: `FIELD:DIRECTION` then `|`
 * (a keyset value follows) or `@` (a position in a list ranked in memory). A list's default
 * order has no tag, so cursors issued before orderBy existed keep working.
 */
export type CursorTag = `${string}:${OrderDirection}${'|' | '@'}` | null;

const TAGGED = /^[A-Z_]+:(ASC|DESC)[|@]/;

export function cursorTag(
  field: string,
  direction: OrderDirection,
  kind: 'keyset' | 'position',
): CursorTag {
  return `${field}:${direction}${kind === 'keyset' ? '|' : '@'}`;
}

/**
 * A client's cursor for the shared pagers: its sort value without the order tag, re-encoded.
 * INVALID_CURSOR when it was issued for another order (or its value fails `valid`).
 */
export function untagCursor(
  cursor: string | null | undefined,
  tag: CursorTag,
  valid: (sortValue: string) => boolean = () => true,
  field: 'after' | 'before' = 'after',
): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const [sortValue, id] = decodeCursor(cursor, field);
  let value: string;
  if (tag === null) {
    if (TAGGED.test(sortValue)) throw invalidCursor(field);
    value = sortValue;
  } else {
    if (!sortValue.startsWith(tag)) throw invalidCursor(field);
    value = sortValue.slice(tag.length);
  }
  if (!valid(value)) throw invalidCursor(field);
  return encodeCursor([value, id]);
}

/**
 * The connection with `tag` written into every cursor it issues (edges and the pageInfo cursors
 * taken from them). The total stays lazy: it is read through, never copied.
 */
export function tagConnection<T>(connection: Connection<T>, tag: CursorTag): Connection<T> {
  if (tag === null) return connection;
  const retag = (cursor: string): string => {
    const [value, id] = decodeCursor(cursor);
    return encodeCursor([`${tag}${value}`, id]);
  };
  const renamed = new Map<string, string>();
  const edges = connection.edges.map((edge) => {
    const cursor = retag(edge.cursor);
    renamed.set(edge.cursor, cursor);
    return { ...edge, cursor };
  });
  const pageInfo = Object.fromEntries(
    Object.entries(connection.pageInfo).map(([key, value]) => [
      key,
      typeof value === 'string' ? (renamed.get(value) ?? value) : value,
    ]),
  ) as unknown as Connection<T>['pageInfo'];
  return {
    edges,
    pageInfo,
    get totalCount() {
      return connection.totalCount;
    },
  };
}

/** Keyset values that are instants as Postgres prints them (`2030-03-05 16:00:00.123+00`). */
export const isTimestampText = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(value);

/** Keyset values that are integers (bigint money in minor units). */
export const isIntegerText = (value: string): boolean => /^-?\d{1,19}$/.test(value);

/** Positions of a list ranked in memory. */
export const isPositionText = (value: string): boolean => /^\d{1,9}$/.test(value);
