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
  type PageInfo,
  type PageRequest,
} from '../graphql/pagination';
import { joinSql, sql, sqlText, type Sql } from './sql';

/**
 * Relay's algorithm over a keyset, shared by every list that pages in SQL: the window between
 * `after` and `before`, then its first `first` rows, or its last `last` (read in the reverse
 * order, `LIMIT last + 1`, then turned back). The extra row tells whether the page's own direction
 * goes on (`hasNextPage` forward, `hasPreviousPage` backward) inside the window; an `EXISTS` asks
 * whether it goes on past the window's other cursor when there is one (`first` with `before`,
 * `last` with `after`). The other direction is exact too: when the page starts after a cursor (or
 * ends before one), an `EXISTS` in the same statement asks whether any row lies at or beyond that
 * cursor. So both flags are exact for the whole list, as `pageOf` gives them. Only an empty page
 * has no row to carry those answers: then they cost one more statement. So a page is one
 * statement (plus the total, when counted) whatever its size and direction.
 */
interface KeysetPlan<Key> {
  size: number;
  backward: boolean;
  after: Key | null;
  before: Key | null;
  /** The cursor the page starts from (forward: `after`; backward: `before`), if any. */
  far: Key | null;
  /** The cursor on the page's own side (forward: `before`; backward: `after`), if any. */
  near: Key | null;
}

function keysetPlan<Key>(
  args: PageRequest,
  parse: (cursor: string, field: CursorArg) => Key,
): KeysetPlan<Key> {
  const window = pageWindow(args);
  const after = window.after ? parse(window.after, 'after') : null;
  const before = window.before ? parse(window.before, 'before') : null;
  return {
    size: window.size,
    backward: window.backward,
    after,
    before,
    far: window.backward ? before : after,
    near: window.backward ? after : before,
  };
}

/**
 * Whether rows lie on the far side of the far cursor (at or beyond it), and beyond the near one
 * (at or beyond it, outside the window): asked only of the cursors given.
 */
interface Beyond {
  far: boolean;
  near: boolean;
}

/** The connection of rows read in the plan's direction (`size + 1` at most). */
function keysetConnection<Row, Node>(
  plan: KeysetPlan<unknown>,
  read: readonly Row[],
  beyond: Beyond,
  cursorOf: (row: Row) => CursorKey,
  toNode: (row: Row) => Node,
  totalCount: number | (() => Promise<number>),
): Connection<Node> {
  // The page's own direction goes on past the extra row, or past the window's near cursor.
  const more = read.length > plan.size || beyond.near;
  const goesOn = beyond.far;
  const page = read.slice(0, plan.size);
  if (plan.backward) page.reverse();
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  const pageInfo: PageInfo = {
    hasNextPage: plan.backward ? goesOn : more,
    hasPreviousPage: plan.backward ? more : goesOn,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return connectionOf(edges, pageInfo, totalCount);
}

const isTrue = (value: unknown): boolean => value === true || String(value) === 'true';

const flip = (direction: 'ASC' | 'DESC'): 'ASC' | 'DESC' => (direction === 'DESC' ? 'ASC' : 'DESC');

// ---- TypeORM QueryBuilder lists ----

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
 * One page of a keyset-paginated QueryBuilder list (see {@link keysetPlan}), and its total when
 * a client asks for it (a second statement). The cursor carries the sort value as Postgres prints
 * it, so timestamps keep their microseconds.
 */
export async function keysetPage<E extends ObjectLiteral, N>(
  query: SelectQueryBuilder<E>,
  order: KeysetOrder,
  args: PageRequest,
  toNode: (entity: E) => N,
): Promise<Connection<N>> {
  const plan = keysetPlan(args, keysetCursor);
  const totalCount = () => query.clone().getCount();
  const key = `(${order.sortColumn}, ${order.idColumn})`;
  // "Later in the list" and "earlier in the list" as row comparisons.
  const later = order.direction === 'DESC' ? '<' : '>';
  const earlier = later === '<' ? '>' : '<';

  const page = query.clone();
  if (plan.after) {
    page.andWhere(`${key} ${later} (:afterSort, :afterId)`, {
      afterSort: plan.after[0],
      afterId: plan.after[1],
    });
  }
  if (plan.before) {
    page.andWhere(`${key} ${earlier} (:beforeSort, :beforeId)`, {
      beforeSort: plan.before[0],
      beforeId: plan.before[1],
    });
  }

  // Whether any row lies at or beyond a cursor, `way` being "later" or "earlier" in the list.
  const beyondOf = (name: string, cursor: CursorKey | null, way: string) => {
    if (!cursor) return null;
    const exists = query
      .clone()
      .select('1')
      .andWhere(`${key} ${way}= (:${name}Sort, :${name}Id)`, {
        [`${name}Sort`]: cursor[0],
        [`${name}Id`]: cursor[1],
      })
      .orderBy()
      .limit(1);
    page.addSelect(`EXISTS (${exists.getQuery()})`, `keyset_${name}`);
    page.setParameters(exists.getParameters());
    return exists;
  };
  const far = beyondOf('far', plan.far, plan.backward ? later : earlier);
  const near = beyondOf('near', plan.near, plan.backward ? earlier : later);

  const readDirection = plan.backward ? flip(order.direction) : order.direction;
  page
    .addSelect(`${order.sortColumn}::text`, 'keyset_sort')
    .orderBy(order.sortColumn, readDirection)
    .addOrderBy(order.idColumn, readDirection)
    .limit(plan.size + 1);
  const { entities, raw } = await page.getRawAndEntities<{
    keyset_sort: string;
    keyset_far?: unknown;
    keyset_near?: unknown;
  }>();
  // An empty page carries no answer: ask again, alone (only when there is a cursor to ask about).
  const answer = async (
    exists: SelectQueryBuilder<E> | null,
    column: 'keyset_far' | 'keyset_near',
  ) =>
    exists !== null &&
    (raw.length > 0 ? isTrue(raw[0][column]) : (await exists.getRawOne()) !== undefined);
  const beyond = { far: await answer(far, 'keyset_far'), near: await answer(near, 'keyset_near') };
  const read = entities.map((entity, index) => ({ entity, sort: raw[index].keyset_sort }));
  return keysetConnection(
    plan,
    read,
    beyond,
    (row) => [row.sort, (row.entity as unknown as { id: string }).id],
    (row) => toNode(row.entity),
    totalCount,
  );
}

// ---- raw SQL lists ----

/** A raw-SQL list's order: a keyset of expressions, the last one unique (or the whole key). */
export interface SqlKeysetOrder {
  /** The key's expressions, most significant first, e.g. `[sqlText('p.slug'), sqlText('p.id')]`. */
  columns: readonly Sql[];
  direction: 'ASC' | 'DESC';
  /**
   * A client's cursor key as values comparable with `columns` (same count, cast to their types),
   * or null when the cursor is not one this list issues (refused as INVALID_CURSOR).
   */
  cursorValues: (key: CursorKey) => readonly Sql[] | null;
}

/** `SELECT select FROM from WHERE where…`: one raw-SQL list, before paging. */
export interface SqlKeysetList<Row> {
  select: Sql;
  from: Sql;
  /** The list's filters (its visibility rule included); ANDed, TRUE when empty. */
  where: readonly Sql[];
  order: SqlKeysetOrder;
  /** The cursor of a row: its sort value as selected (printed by Postgres) and its id. */
  cursorOf: (row: Row) => CursorKey;
}

/** What runs a statement: a DataSource or an EntityManager. */
export interface SqlRunner {
  query<T = unknown>(text: string, values?: unknown[]): Promise<T>;
}

/**
 * One page of a raw-SQL list in its order, forward (`first`/`after`) or backward
 * (`last`/`before`), Relay's way (see {@link keysetPlan}): ONE statement whatever the page size
 * and direction (one more only for an empty page beyond a cursor). The total is the caller's:
 * a number it counted, or a function counted only when a client selects `totalCount`.
 * Cursors are refused (INVALID_CURSOR, on the argument that carried them) unless
 * `order.cursorValues` accepts them.
 */
export async function keysetSqlPage<Row extends object, Node>(
  db: SqlRunner,
  list: SqlKeysetList<Row>,
  args: PageRequest,
  toNode: (row: Row) => Node,
  totalCount: number | (() => Promise<number>),
): Promise<Connection<Node>> {
  const { order } = list;
  const plan = keysetPlan(args, (cursor, field) => {
    const values = order.cursorValues(decodeCursor(cursor, field));
    if (!values || values.length !== order.columns.length) throw invalidCursor(field);
    return joinSql(values, ', ');
  });
  const key = joinSql(order.columns, ', ');
  const later = sqlText(order.direction === 'DESC' ? '<' : '>');
  const earlier = sqlText(order.direction === 'DESC' ? '>' : '<');
  const where = joinSql(list.where);
  const window = [where];
  if (plan.after) window.push(sql`(${key}) ${later} (${plan.after})`);
  if (plan.before) window.push(sql`(${key}) ${earlier} (${plan.before})`);

  // Whether any row of the list lies at or beyond a cursor, `way` being "later" or "earlier".
  const beyondOf = (cursor: Sql | null, way: Sql): Sql | null =>
    cursor
      ? sql`EXISTS (SELECT 1 FROM ${list.from} WHERE ${where} AND (${key}) ${way}= (${cursor}))`
      : null;
  const far = beyondOf(plan.far, plan.backward ? later : earlier);
  const near = beyondOf(plan.near, plan.backward ? earlier : later);
  const read = sqlText(plan.backward ? flip(order.direction) : order.direction);
  const orderBy = joinSql(
    order.columns.map((column) => sql`${column} ${read}`),
    ', ',
  );
  const flags = sql`${far ?? sqlText('NULL')} AS keyset_far, ${near ?? sqlText('NULL')} AS keyset_near`;
  const statement = sql`SELECT ${list.select}${far || near ? sql`, ${flags}` : sqlText('')}
      FROM ${list.from}
     WHERE ${joinSql(window)}
     ORDER BY ${orderBy}
     LIMIT ${sqlText(String(plan.size + 1))}`;
  const rows = await db.query<Array<Row & { keyset_far?: unknown; keyset_near?: unknown }>>(
    statement.text,
    statement.values,
  );
  let flagRow: { keyset_far?: unknown; keyset_near?: unknown } | undefined = rows[0];
  if (!flagRow && (far || near)) {
    // An empty page carries no answer: ask again, alone.
    const alone = sql`SELECT ${flags}`;
    [flagRow] = await db.query<Array<{ keyset_far: unknown; keyset_near: unknown }>>(
      alone.text,
      alone.values,
    );
  }
  const beyond = { far: isTrue(flagRow?.keyset_far), near: isTrue(flagRow?.keyset_near) };
  return keysetConnection(plan, rows, beyond, list.cursorOf, toNode, totalCount);
}
