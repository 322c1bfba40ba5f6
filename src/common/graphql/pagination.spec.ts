import { AppError } from '../errors/app-error';
import {
  checkedPageSize,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageOf,
  pageWindow,
  type Connection,
} from './pagination';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const idOf = (item: { id: string }) => item.id;
const ids = (page: { edges: Array<{ node: { id: string } }> }) => page.edges.map((e) => e.node.id);

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('checkedPageSize', () => {
  it('defaults and accepts 1 to MAX_PAGE_SIZE', () => {
    expect(checkedPageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(checkedPageSize(null)).toBe(DEFAULT_PAGE_SIZE);
    expect(checkedPageSize(1)).toBe(1);
    expect(checkedPageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1])('refuses first = %i', (first) => {
    const error = thrown(() => checkedPageSize(first));
    expect(error.message).toBe(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details).toEqual({ fields: ['first'], reason: 'PAGE_SIZE_OUT_OF_RANGE' });
  });
});

describe('pageOf (in-memory pages)', () => {
  it('gives the first page with position-and-id cursors and the full count', () => {
    const page = pageOf(items, { first: 2 }, idOf);
    expect(ids(page)).toEqual(['a', 'b']);
    expect(page.edges.map((e) => decodeCursor(e.cursor))).toEqual([
      ['0', 'a'],
      ['1', 'b'],
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[1].cursor });
    expect(page.totalCount).toBe(5);
  });

  it('walks every item once, page after page', () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: Connection<{ id: string }> = pageOf(items, { first: 2, after }, idOf);
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('resumes after the id when it moved, after the position when it is gone', () => {
    // 'b' now sits at index 3: the id wins over the stale position 1.
    const moved = [{ id: 'x' }, { id: 'y' }, { id: 'z' }, { id: 'b' }, { id: 'c' }];
    expect(ids(pageOf(moved, { after: encodeCursor(['1', 'b']) }, idOf))).toEqual(['c']);
    // 'q' is not in the list: resume after position 1.
    expect(ids(pageOf(items, { after: encodeCursor(['1', 'q']) }, idOf))).toEqual(['c', 'd', 'e']);
  });

  it('uses the default size, and says when there is no next page', () => {
    const page = pageOf(items, {}, idOf);
    expect(ids(page)).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(pageOf([], {}, idOf)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });

  it('refuses a bad size before reading the cursor, and a cursor it did not issue', () => {
    expect(thrown(() => pageOf(items, { first: 0, after: 'junk' }, idOf)).details.reason).toBe(
      'PAGE_SIZE_OUT_OF_RANGE',
    );
    const error = thrown(() => pageOf(items, { after: 'junk' }, idOf));
    expect(error.message).toBe('The cursor is not one this API issued');
    expect(error.details).toEqual({ fields: ['after'], reason: 'INVALID_CURSOR' });
  });
});

describe('pagination refusals', () => {
  it('refuses a foreign cursor and an out-of-range page size with one reason each, for every list', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(
      expect.objectContaining({
        message: 'The cursor is not one this API issued',
        details: expect.objectContaining({ reason: 'INVALID_CURSOR', fields: ['after'] }),
      }),
    );
    for (const first of [0, 101]) {
      expect(() => checkedPageSize(first)).toThrow(
        expect.objectContaining({
          message: 'first must be between 1 and 100',
          details: expect.objectContaining({ reason: 'PAGE_SIZE_OUT_OF_RANGE', fields: ['first'] }),
        }),
      );
    }
    expect(checkedPageSize(undefined)).toBe(20);
    expect(checkedPageSize(100)).toBe(100);
  });
});

describe('pageOf backward (last/before) and pageWindow', () => {
  const cursorOf = (page: Connection<{ id: string }>, index: number) => page.edges[index].cursor;

  it('gives the last items, and says only that more come before', () => {
    const page = pageOf(items, { last: 2 }, idOf);
    expect(ids(page)).toEqual(['d', 'e']);
    expect(page.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      endCursor: cursorOf(page, 1),
    });
  });

  it('walks backward from the end to the start, each item once', () => {
    const seen: string[][] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: Connection<{ id: string }> = pageOf(items, { last: 2, before }, idOf);
      seen.push(ids(page));
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.edges[0].cursor;
    }
    expect(seen).toEqual([['d', 'e'], ['b', 'c'], ['a']]);
  });

  it('pages the window between after and before, from either end', () => {
    const all = pageOf(items, {}, idOf);
    const window = { after: cursorOf(all, 0), before: cursorOf(all, 4) };
    expect(ids(pageOf(items, { ...window, first: 2 }, idOf))).toEqual(['b', 'c']);
    expect(ids(pageOf(items, { ...window, last: 2 }, idOf))).toEqual(['c', 'd']);
    // `before` alone is a backward page of the default size.
    expect(ids(pageOf(items, { before: cursorOf(all, 3) }, idOf))).toEqual(['a', 'b', 'c']);
    // After a cursor there is a previous page.
    expect(
      pageOf(items, { first: 1, after: cursorOf(all, 0) }, idOf).pageInfo.hasPreviousPage,
    ).toBe(true);
  });

  it('refuses first with last, a bad last, and names the before cursor it did not issue', () => {
    expect(thrown(() => pageWindow({ first: 1, last: 1 })).details).toEqual({
      fields: ['first', 'last'],
      reason: 'FIRST_AND_LAST',
    });
    expect(thrown(() => pageOf(items, { last: 0 }, idOf)).details).toEqual({
      fields: ['last'],
      reason: 'PAGE_SIZE_OUT_OF_RANGE',
    });
    expect(thrown(() => pageOf(items, { last: 1, before: 'junk' }, idOf)).details).toEqual({
      fields: ['before'],
      reason: 'INVALID_CURSOR',
    });
  });

  it('reads a window: its direction, size and cursors', () => {
    expect(pageWindow({ first: 3 })).toEqual({
      size: 3,
      backward: false,
      after: null,
      before: null,
    });
    expect(pageWindow({ last: 3, before: 'x' })).toEqual({
      size: 3,
      backward: true,
      after: null,
      before: 'x',
    });
    // `before` alone pages backward with the default size; `first` with `before` forward.
    expect(pageWindow({ before: 'x' })).toMatchObject({ size: 20, backward: true });
    expect(pageWindow({ first: 2, before: 'x' })).toMatchObject({ size: 2, backward: false });
    expect(thrown(() => pageWindow({ first: 1, last: 1 })).details.reason).toBe('FIRST_AND_LAST');
  });
});
