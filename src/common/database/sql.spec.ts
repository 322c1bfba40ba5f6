import fc from 'fast-check';
import { identifier, joinSql, sql, sqlText } from './sql';

describe('sql fragments', () => {
  it('numbers parameters in order of appearance, through nested fragments', () => {
    const visible = sql`${identifier('d')}.creator_id = ${'creator-1'}`;
    const statement = sql`SELECT 1 FROM deals d WHERE d.id = ANY(${['a', 'b']}::uuid[]) AND ${visible} AND d.status = ${'ACTIVE'}`;
    expect(statement.text).toBe(
      'SELECT 1 FROM deals d WHERE d.id = ANY($1::uuid[]) AND d.creator_id = $2 AND d.status = $3',
    );
    expect(statement.values).toEqual([['a', 'b'], 'creator-1', 'ACTIVE']);
  });

  it('gives a QueryBuilder condition with prefixed named parameters', () => {
    const fragment = sql`deal.brand_id = ANY(${['b1']}::uuid[]) OR deal.creator_id = ${'c1'}`;
    expect(fragment.named('vis')).toEqual({
      condition: 'deal.brand_id = ANY(:vis1::uuid[]) OR deal.creator_id = :vis2',
      params: { vis1: ['b1'], vis2: 'c1' },
    });
  });

  it('joins fragments and falls back when there are none', () => {
    expect(joinSql([]).text).toBe('TRUE');
    const joined = joinSql([sql`a = ${1}`, sql`b = ${2}`, sqlText('c IS NULL')]);
    expect(joined.text).toBe('a = $1 AND b = $2 AND c IS NULL');
    expect(joined.values).toEqual([1, 2]);
  });

  it('refuses an identifier that is not a plain name', () => {
    expect(() => identifier('d; DROP TABLE deals')).toThrow('Not a plain SQL identifier');
    expect(() => identifier('Deal')).toThrow();
    expect(identifier('deal.brand_id').name).toBe('deal.brand_id');
  });

  it('keeps as many placeholders as values, however fragments nest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer(), { maxLength: 4 }), { maxLength: 5 }),
        (groups) => {
          const fragments = groups.map((values) =>
            joinSql(
              values.map((value) => sql`x = ${value}`),
              ' OR ',
              'FALSE',
            ),
          );
          const statement = sql`SELECT ${joinSql(fragments)} WHERE y = ${'last'}`;
          const placeholders = statement.text.match(/\$\d+/g) ?? [];
          expect(placeholders).toEqual(statement.values.map((_, i) => `$${i + 1}`));
          expect(statement.values).toEqual([...groups.flat(), 'last']);
        },
      ),
    );
  });
});
