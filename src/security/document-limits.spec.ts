import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { createDocumentLimitsRule, tokenLimitError } from './document-limits';
import { findLimitError } from './limit-error';

const schema = buildSchema(`
  type Query { node: Node! }
  type Node { id: ID! child: Node! }
`);

const problems = (query: string, maxDepth = 3, maxAliases = 2) =>
  validate(schema, parse(query), [
    ...specifiedRules,
    createDocumentLimitsRule({ maxDepth, maxAliases }),
  ]).map((error) => {
    const limit = findLimitError(error);
    return limit ? `${limit.code} ${limit.details.actual}` : error.message;
  });

describe('document limits', () => {
  it('counts depth from the root field, fragments and inline fragments adding none', () => {
    expect(problems('{ node { child { id } } }')).toEqual([]); // depth 3
    expect(problems('{ node { child { child { id } } } }')).toEqual(['QUERY_TOO_DEEP 4']);
    expect(
      problems('{ node { ...A } } fragment A on Node { child { ... on Node { child { id } } } }'),
    ).toEqual(['QUERY_TOO_DEEP 4']);
  });

  it('does not count introspection towards depth', () => {
    expect(
      problems('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }'),
    ).toEqual([]);
  });

  it('counts aliases across fragments, once per spread', () => {
    expect(problems('{ a: node { id } b: node { id } }')).toEqual([]);
    expect(problems('{ a: node { id } b: node { id } c: node { id } }')).toEqual([
      'TOO_MANY_ALIASES 3',
    ]);
    expect(
      problems('{ node { ...A } x: node { ...A } } fragment A on Node { one: id }', 10, 2),
    ).toEqual(['TOO_MANY_ALIASES 3']); // x, and `one` twice
  });

  it('stays linear on nested fragment spreads and survives cycles', () => {
    const chain = Array.from(
      { length: 40 },
      (_, index) => `fragment F${index} on Node { ...F${index + 1} ...F${index + 1} }`,
    ).join('\n');
    const started = Date.now();
    expect(
      problems(`{ node { ...F0 } } ${chain} fragment F40 on Node { a: id }`, 10, 1000),
    ).toEqual([`TOO_MANY_ALIASES ${2 ** 40}`]);
    expect(Date.now() - started).toBeLessThan(2000);
    // The cycle is reported by graphql-js's own rule; ours must simply terminate.
    expect(
      problems(
        '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { ...A }',
      ),
    ).toEqual(['Cannot spread fragment "A" within itself via "B".']);
  });

  it('recognises the parser’s token limit', () => {
    expect(
      tokenLimitError('Syntax Error: Document contains more that 2000 tokens. Parsing aborted.')
        ?.details,
    ).toEqual({ limit: 2000, reason: 'TOO_MANY_TOKENS' });
    expect(tokenLimitError('Syntax Error: Unexpected Name "x".')).toBeNull();
  });
});
