import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../validation/uuid';
import {
  decodeCursor,
  invalidCursor,
  pageSize,
  toConnection,
  type Connection,
  type PageArgs,
} from '../graphql/pagination';

export interface KeysetOrder {
  /** Qualified sort column, e.g. `deal.created_at`. */
  sortColumn: string;
  /** Qualified unique tie-breaker, e.g. `deal.id`. */
  idColumn: string;
  direction: 'ASC' | 'DESC';
}

/**
 * One page of a keyset-paginated list, and its total when a client asks for it (a second
 * statement): at most two statements whatever the page size.
 * The cursor carries the sort value as Postgres prints it, so timestamps keep their microseconds.
 */
export async function keysetPage<E extends ObjectLiteral, N>(
  query: SelectQueryBuilder<E>,
  order: KeysetOrder,
  args: PageArgs,
  toNode: (entity: E) => N,
): Promise<Connection<N>> {
  const size = pageSize(args);
  const totalCount = () => query.clone().getCount();
  const page = query.clone();
  if (args.after) {
    const [sortValue, id] = decodeCursor(args.after);
    if (!isUuid(id)) throw invalidCursor();
    const comparison = order.direction === 'DESC' ? '<' : '>';
    page.andWhere(
      `(${order.sortColumn}, ${order.idColumn}) ${comparison} (:cursorSort, :cursorId)`,
      {
        cursorSort: sortValue,
        cursorId: id,
      },
    );
  }
  page
    .addSelect(`${order.sortColumn}::text`, 'keyset_sort')
    .orderBy(order.sortColumn, order.direction)
    .addOrderBy(order.idColumn, order.direction)
    .limit(size + 1);
  const { entities, raw } = await page.getRawAndEntities<{ keyset_sort: string }>();
  const rows = entities.map((entity, index) => ({ entity, sort: raw[index].keyset_sort }));
  return toConnection(
    rows,
    size,
    totalCount,
    (row) => [row.sort, (row.entity as unknown as { id: string }).id],
    (row) => toNode(row.entity),
  );
}
