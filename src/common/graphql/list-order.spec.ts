import { cursorTag, isTimestampText, tagConnection, untagCursor } from './list-order';
import { decodeCursor, encodeCursor } from './pagination';

describe('cursors that carry their order', () => {
  const plain = encodeCursor(['2030-06-01 00:00:00+00', '00000000-0000-4000-8000-000000000001']);

  it('tags every cursor of a connection and reads the tag back', () => {
    const tag = cursorTag('DUE_AT', 'DESC', 'keyset');
    const tagged = tagConnection(
      {
        edges: [{ cursor: plain, node: 1 }],
        pageInfo: { hasNextPage: true, endCursor: plain },
        totalCount: 1,
      },
      tag,
    );
    expect(decodeCursor(tagged.edges[0].cursor)[0]).toBe('DUE_AT:DESC|2030-06-01 00:00:00+00');
    expect(tagged.pageInfo.endCursor).toBe(tagged.edges[0].cursor);
    expect(untagCursor(tagged.pageInfo.endCursor, tag, isTimestampText)).toBe(plain);
  });

  it('keeps the default order untagged and refuses a cursor of another order', () => {
    expect(untagCursor(plain, null, isTimestampText)).toBe(plain);
    const due = encodeCursor(['DUE_AT:ASC|2030-06-01 00:00:00+00', 'x']);
    expect(() => untagCursor(due, null)).toThrow('The cursor is not one this API issued');
    expect(() => untagCursor(due, cursorTag('DUE_AT', 'DESC', 'keyset'))).toThrow();
    expect(() => untagCursor(plain, cursorTag('RISK', 'DESC', 'position'))).toThrow();
    // A value the order cannot hold is refused here, not by the database.
    expect(() => untagCursor(encodeCursor(['3', 'x']), null, isTimestampText)).toThrow();
  });

  it('leaves a lazy total lazy', () => {
    let counted = 0;
    const connection = {
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      get totalCount() {
        counted += 1;
        return Promise.resolve(3);
      },
    };
    const tagged = tagConnection(connection, cursorTag('TITLE', 'ASC', 'keyset'));
    expect(counted).toBe(0);
    void tagged.totalCount;
    expect(counted).toBe(1);
  });
});
