import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { AppError } from '../errors/app-error';
import { encodeCursor, type Connection, type PageRequest } from '../graphql/pagination';
import { isUuid } from '../validation/uuid';
import { keysetSqlPage, type SqlKeysetList, type SqlRunner } from './keyset-page';
import { sql, sqlText } from './sql';

interface Row {
  id: string;
  k: number;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A list of `items` ordered by (k, id), `k` with ties so the id must break them. */
const list = (direction: 'ASC' | 'DESC'): SqlKeysetList<Row> => ({
  select: sqlText('i.id, i.k'),
  from: sqlText('items i'),
  where: [],
  order: {
    columns: [sqlText('i.k'), sqlText('i.id')],
    direction,
    cursorValues: ([k, id]) =>
      /^\d+$/.test(k) && isUuid(id) ? [sql`${k}::int`, sql`${id}::uuid`] : null,
  },
  cursorOf: (row) => [String(row.k), row.id],
});

const ids = (page: Connection<Row>) => page.edges.map((edge) => edge.node.id);

function thrown(run: () => Promise<unknown>): Promise<AppError> {
  return run().then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    },
  );
}

describe('keysetSqlPage', () => {
  let pg: PGlite;
  let statements: string[];
  const db: SqlRunner = {
    query: async <T>(text: string, values?: unknown[]) => {
      statements.push(text);
      return (await pg.query(text, values as unknown[])).rows as T;
    },
  };
  const page = (args: PageRequest, direction: 'ASC' | 'DESC' = 'ASC') =>
    keysetSqlPage(db, list(direction), args, (row) => row, 0);
  const fill = async (keys: readonly number[]) => {
    await pg.exec('TRUNCATE items');
    for (const [index, k] of keys.entries()) {
      await pg.query('INSERT INTO items (id, k) VALUES ($1, $2)', [uuid(index), k]);
    }
  };

  beforeAll(async () => {
    pg = new PGlite();
    await pg.exec('CREATE TABLE items (id uuid PRIMARY KEY, k int NOT NULL)');
  });
  afterAll(async () => {
    await pg.close();
  });
  beforeEach(() => {
    statements = [];
  });

  describe('worked examples: items a..e ordered by k then id', () => {
    // k: a=1, b=1, c=2, d=3, e=3 — ties in k, broken by id (a < b, d < e).
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(uuid);
    const cursor = (k: number, id: string) => encodeCursor([String(k), id]);
    beforeAll(() => fill([1, 1, 2, 3, 3]));

    it('last: 2 is the list’s last two, in list order, with items before them', async () => {
      const tail = await page({ last: 2 });
      expect(ids(tail)).toEqual([d, e]);
      expect(tail.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: true,
        startCursor: cursor(3, d),
        endCursor: cursor(3, e),
      });
      // Read in reverse, one row more than asked for: ONE statement.
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/ORDER BY i\.k DESC, i\.id DESC\s+LIMIT 3$/);
    });

    it('last: 2 before d is b, c: more before (a) and after (d, e), both exact', async () => {
      const middle = await page({ last: 2, before: cursor(3, d) });
      expect(ids(middle)).toEqual([b, c]);
      expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      expect(statements).toHaveLength(1);
      const head = await page({ last: 2, before: cursor(1, b) });
      expect(ids(head)).toEqual([a]);
      expect(head.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    });

    it('first: 2 after b is c, d, with an exact previous page', async () => {
      const next = await page({ first: 2, after: cursor(1, b) });
      expect(ids(next)).toEqual([c, d]);
      expect(next.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      // No cursor: nothing before, and no EXISTS asked.
      const first = await page({ first: 2 });
      expect(first.pageInfo.hasPreviousPage).toBe(false);
      expect(statements.at(-1)).not.toContain('EXISTS');
    });

    it('pages a window between after and before from either end', async () => {
      const window = { after: cursor(1, a), before: cursor(3, e) };
      expect(ids(await page({ ...window, first: 2 }))).toEqual([b, c]);
      const backward = await page({ ...window, last: 2 });
      expect(ids(backward)).toEqual([c, d]);
      // Exact for the whole list, past the window's cursors: a, b before; e after.
      expect(backward.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      const narrow = await page({ after: cursor(1, b), before: cursor(3, e), last: 2 });
      expect(ids(narrow)).toEqual([c, d]);
      expect(narrow.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      const forward = await page({ after: cursor(1, a), before: cursor(3, d), first: 2 });
      expect(ids(forward)).toEqual([b, c]);
      expect(forward.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      expect(statements.slice(-1)[0]).toContain('keyset_near');
      // `before` alone is a backward page of the default size.
      expect(ids(await page({ before: cursor(3, e) }))).toEqual([a, b, c, d]);
    });

    it('in DESC order, last: 2 is the two smallest, largest first', async () => {
      const tail = await page({ last: 2 }, 'DESC');
      expect(ids(tail)).toEqual([b, a]);
      expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    });

    it('an empty page beyond a cursor still knows what lies behind it (one more statement)', async () => {
      const beyond = await page({ first: 2, after: cursor(3, e) });
      expect(beyond.edges).toEqual([]);
      expect(beyond.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: true,
        startCursor: null,
        endCursor: null,
      });
      expect(statements).toHaveLength(2);
    });

    it('refuses foreign cursors on the argument that carried them, and first with last', async () => {
      for (const [args, field] of [
        [{ last: 1, before: 'junk' }, 'before'],
        [{ first: 1, after: encodeCursor(['x', a]) }, 'after'],
        [{ last: 1, before: encodeCursor(['1', 'not-a-uuid']) }, 'before'],
      ] as const) {
        const error = await thrown(() => page(args));
        expect(error.details).toEqual({ reason: 'INVALID_CURSOR', fields: [field] });
      }
      expect((await thrown(() => page({ first: 1, last: 1 }))).details).toMatchObject({
        reason: 'FIRST_AND_LAST',
      });
      expect((await thrown(() => page({ last: 101 }))).details).toMatchObject({
        reason: 'PAGE_SIZE_OUT_OF_RANGE',
        fields: ['last'],
      });
      expect(statements).toEqual([]);
    });
  });

  it('walking backward from the end gives the forward pages’ items, reversed by page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<'ASC' | 'DESC'>('ASC', 'DESC'),
        async (keys, size, direction) => {
          await fill(keys);
          const forward: string[][] = [];
          let after: string | null = null;
          for (;;) {
            const next: Connection<Row> = await page({ first: size, after }, direction);
            expect(next.pageInfo.hasPreviousPage).toBe(after !== null && forward.length > 0);
            if (next.edges.length > 0) forward.push(ids(next));
            expect(next.pageInfo.startCursor).toBe(next.edges[0]?.cursor ?? null);
            expect(next.pageInfo.endCursor).toBe(next.edges.at(-1)?.cursor ?? null);
            if (!next.pageInfo.hasNextPage) break;
            after = next.pageInfo.endCursor;
          }
          const backward: string[][] = [];
          let before: string | null = null;
          for (;;) {
            const previous: Connection<Row> = await page({ last: size, before }, direction);
            expect(previous.pageInfo.hasNextPage).toBe(before !== null);
            if (previous.edges.length > 0) backward.push(ids(previous));
            expect(previous.pageInfo.startCursor).toBe(previous.edges[0]?.cursor ?? null);
            expect(previous.pageInfo.endCursor).toBe(previous.edges.at(-1)?.cursor ?? null);
            if (!previous.pageInfo.hasPreviousPage) break;
            before = previous.pageInfo.startCursor ?? null;
          }
          // The same items in the same order; every page full but the one at the far end.
          expect(backward.toReversed().flat()).toEqual(forward.flat());
          expect(forward.flat()).toHaveLength(keys.length);
          expect(backward.slice(0, -1).every((items) => items.length === size)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
