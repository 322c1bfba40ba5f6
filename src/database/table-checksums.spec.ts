import { checksumDifferences, dependencyOrder } from './table-checksums';

describe('the order tables are copied in', () => {
  it('puts every table after the tables its foreign keys point to, ties by name', () => {
    const order = dependencyOrder(
      ['deliverables', 'deals', 'users', 'creators', 'platforms', 'audit_entries'],
      [
        { table: 'deliverables', references: 'deals' },
        { table: 'deliverables', references: 'platforms' },
        { table: 'deals', references: 'creators' },
        { table: 'creators', references: 'users' },
        { table: 'users', references: 'users' }, // a self-reference does not block
      ],
    );
    expect(order).toEqual([
      'audit_entries',
      'platforms',
      'users',
      'creators',
      'deals',
      'deliverables',
    ]);
  });

  it('refuses a cycle between tables', () => {
    expect(() =>
      dependencyOrder(
        ['a', 'b', 'c'],
        [
          { table: 'a', references: 'b' },
          { table: 'b', references: 'a' },
        ],
      ),
    ).toThrow('Foreign keys form a cycle among: a, b');
  });

  it('names each table whose rows differ, is missing or is extra', () => {
    const expected = [
      { table: 'deals', rows: 2, checksum: 'x' },
      { table: 'users', rows: 1, checksum: 'y' },
      { table: 'outages', rows: 0, checksum: 'z' },
    ];
    expect(checksumDifferences(expected, expected)).toEqual([]);
    expect(
      checksumDifferences(expected, [
        { table: 'deals', rows: 3, checksum: 'x' },
        { table: 'users', rows: 1, checksum: 'q' },
        { table: 'extra', rows: 0, checksum: 'z' },
      ]),
    ).toEqual([
      'deals: 3 rows instead of 2',
      'users: same 1 rows, different content',
      'outages: missing',
      'extra: not expected',
    ]);
  });
});
