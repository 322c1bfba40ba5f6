import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../validation/uuid';
import {
  connectionOf,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  pageWindow,
  type Connection,
  type CursorArg,
  type CursorKey,
  type PageArgs,
  type PageInfo,
} from '../graphql/pagination';

export interface KeysetOrder {
  /** Qualified sort column, e.g. `deal.created_at`. */
  sortColumn: string;
  /** Qualified unique tie-breaker, e.g. `deal.id`. */
  idColumn: string;
  direction: 'ASC' | 'DESC';
}

function keysetCursor(cursor: string, field: CursorArg): CursorKey {
  const key = decodeCursor(cursor, field);
  if (!isUuid(key[1])) throw invalidCursor(field);
  return key;
}

/**
 * One page of a keyset-paginated list, and its total when a client asks for it (a second
 * statement): at most two statements whatever the page size.
 * The cursor carries the sort value as Postgres prints it, so timestamps keep their microseconds.
 *
 * Relay's algorithm: the window between `after` and `before`, then its first `first` rows, or its
 * last `last` (read in the reverse order, `LIMIT last + 1`, then turned back). The extra row tells
 * whether the page's own direction goes on (`hasNextPage` forward, `hasPreviousPage` backward).
 * The other direction is exact too: when the page starts after a cursor (or ends before one), an
 * `EXISTS` in the same statement asks whether any row lies at or beyond that cursor. Only an empty
 * page after (before) a cursor has no row to carry that answer: then it costs one more statement.
 */
export async function keysetPage<E extends ObjectLiteral, N>(
  query: SelectQueryBuilder<E>,
  order: KeysetOrder,
  args: PageArgs,
  toNode: (entity: E) => N,
): Promise<Connection<N>> {
  const window = pageWindow(args);
  const after = window.after ? keysetCursor(window.after, 'after') : null;
  const before = window.before ? keysetCursor(window.before, 'before') : null;
  const totalCount = () => query.clone().getCount();
  const key = `(${order.sortColumn}, ${order.idColumn})`;
  // "Later in the list" and "earlier in the list" as row comparisons.
  const later = order.direction === 'DESC' ? '<' : '>';
  const earlier = later === '<' ? '>' : '<';

  const page = query.clone();
  if (after) {
    page.andWhere(`${key} ${later} (:afterSort, :afterId)`, {
      afterSort: after[0],
      afterId: after[1],
    });
  }
  if (before) {
    page.andWhere(`${key} ${earlier} (:beforeSort, :beforeId)`, {
      beforeSort: before[0],
      beforeId: before[1],
    });
  }

  // Rows on the far side of the cursor the page starts from (forward: at or before `after`;
  // backward: at or after `before`), i.e. whether the list goes on that way.
  const farCursor = window.backward ? before : after;
  const beyond = farCursor ? query.clone().select('1') : null;
  if (beyond && farCursor) {
    beyond
      .andWhere(`${key} ${window.backward ? later : earlier}= (:beyondSort, :beyondId)`, {
        beyondSort: farCursor[0],
        beyondId: farCursor[1],
      })
      .orderBy()
      .limit(1);
    page.addSelect(`EXISTS (${beyond.getQuery()})`, 'keyset_beyond');
    page.setParameters(beyond.getParameters());
  }

  const flipped = order.direction === 'DESC' ? 'ASC' : 'DESC';
  const readDirection = window.backward ? flipped : order.direction;
  page
    .addSelect(`${order.sortColumn}::text`, 'keyset_sort')
    .orderBy(order.sortColumn, readDirection)
    .addOrderBy(order.idColumn, readDirection)
    .limit(window.size + 1);
  const { entities, raw } = await page.getRawAndEntities<{
    keyset_sort: string;
    keyset_beyond?: boolean;
  }>();
  const more = entities.length > window.size;
  const read = entities.slice(0, window.size).map((entity, index) => ({
    entity,
    sort: raw[index].keyset_sort,
  }));
  const rows = window.backward ? read.reverse() : read;
  let goesOn = false;
  if (beyond) {
    goesOn =
      raw.length > 0
        ? raw[0].keyset_beyond === true || String(raw[0].keyset_beyond) === 'true'
        : (await beyond.getRawOne()) !== undefined;
  }
  const edges = rows.map((row) => ({
    cursor: encodeCursor([row.sort, (row.entity as unknown as { id: string }).id]),
    node: toNode(row.entity),
  }));
  const pageInfo: PageInfo = {
    hasNextPage: window.backward ? goesOn : more,
    hasPreviousPage: window.backward ? more : goesOn,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return connectionOf(edges, pageInfo, totalCount);
}
