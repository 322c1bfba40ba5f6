import { buildSchema, parse, type GraphQLField } from 'graphql';
import { MAX_COST_NODES, queryCost, UNPAGED_LIST_SIZE } from './query-cost';

const schema = buildSchema(`
  type Query {
    deals(first: Int, after: String): DealConnection!
    me: User!
    tags: [String!]!
    platforms(slugs: [String!]!): [Platform!]!
  }
  type Mutation { signIn(email: String!): User! }
  type DealConnection { edges: [DealEdge!]! totalCount: Int! pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type DealEdge { cursor: String! node: Deal! }
  type Deal { id: ID! title: String! deliverables: [Deliverable!]! alternates: [Platform!]! }
  type Deliverable { id: ID! platform: Platform! }
  type Platform { slug: String! dependents: [Platform!]! }
  type User { id: ID! email: String! }
`);
// What @Extensions({ maxItems: 200 }) puts on Deal.deliverables: a deal holds at most 200.
(
  schema.getType('Deal') as unknown as {
    getFields(): Record<string, { extensions: GraphQLField<unknown, unknown>['extensions'] }>;
  }
).getFields().deliverables.extensions = { maxItems: 200 };
// A realistic size beside a hard bound, and a list sized by its argument.
(
  schema.getType('Deal') as unknown as {
    getFields(): Record<string, { extensions: GraphQLField<unknown, unknown>['extensions'] }>;
  }
).getFields().alternates.extensions = { maxItems: 20, expectedItems: 3 };
(
  schema.getQueryType()!.getFields().platforms as {
    extensions: GraphQLField<unknown, unknown>['extensions'];
  }
).extensions = { maxItems: 100, sizeArgument: 'slugs' };
// What @Mutation(..., { complexity: 50 }) puts on a field.
(
  schema.getMutationType()!.getFields().signIn as {
    extensions: GraphQLField<unknown, unknown>['extensions'];
  }
).extensions = {
  complexity: 50,
};

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const result = queryCost(schema, parse(query), variables, undefined);
  return result.kind === 'cost' ? result.cost : result.kind;
};

describe('query cost', () => {
  it('counts one per field and nothing for __typename', () => {
    expect(cost('{ me { id email } }')).toBe(3); // me + id + email
    expect(cost('{ __typename me { __typename } }')).toBe(1);
    expect(cost('{ tags }')).toBe(1); // a list of scalars is one field
  });

  it('multiplies a connection by first, 20 when omitted, and not again at edges', () => {
    // edges(1) + node(1) + id(1) = 3 per item
    expect(cost('{ deals(first: 5) { edges { node { id } } } }')).toBe(1 + 5 * 3); // 16
    expect(cost('{ deals { edges { node { id } } } }')).toBe(1 + 20 * 3); // 61
    expect(cost('query($n: Int) { deals(first: $n) { edges { node { id } } } }', { n: 2 })).toBe(
      1 + 2 * 3,
    ); // 7: variables count
  });

  it('counts a list with a declared bound as that many, and nested lists multiply', () => {
    // deliverables (at most 200): 1 + 200 × (id 1 + platform (1 + slug 1)) = 601;
    // node = 1 + 601 + id 1 = 603; edges = 604; deals = 1 + 10 × 604 = 6041
    expect(
      cost('{ deals(first: 10) { edges { node { id deliverables { id platform { slug } } } } } }'),
    ).toBe(6041);
    // deals(first: 1) { … deliverables { id } }: 1 + 1 × (1 + 1 + (1 + 200 × 1)) = 204
    expect(cost('{ deals(first: 1) { edges { node { deliverables { id } } } } }')).toBe(204);
  });

  it('counts a realistic size over the hard bound beside it, and a list sized by its argument', () => {
    // alternates (at most 20, about 3): 1 + 3 × slug 1 = 4; node 5; edges 6; deals 1 + 6 = 7
    expect(cost('{ deals(first: 1) { edges { node { alternates { slug } } } } }')).toBe(7);
    // platforms(slugs:): one per slug given: 1 + 2 × slug 1 = 3
    expect(cost('{ platforms(slugs: ["a", "b"]) { slug } }')).toBe(3);
    expect(cost('query($s: [String!]!) { platforms(slugs: $s) { slug } }', { s: ['a'] })).toBe(2);
  });

  it('takes unpaged object lists without a declared size to hold 10 items', () => {
    expect(UNPAGED_LIST_SIZE).toBe(10);
    // dependents: 1 + 10 × slug 1 = 11; platforms(slugs: ["a"]) 1 + 1 × 11 = 12
    expect(cost('{ platforms(slugs: ["a"]) { dependents { slug } } }')).toBe(12);
    // dependents nested twice under a bounded list: 200 deliverables × platform
    // (1 + 10 × (1 + 10 × 1)) = 1 + 200 × (1 + 111) = 22401 under node
    expect(
      cost(
        '{ deals(first: 1) { edges { node { deliverables { platform { dependents { dependents { slug } } } } } } } }',
      ),
    ).toBe(1 + 1 * (1 + 1 + (1 + 200 * (1 + (1 + 10 * (1 + 10 * 1)))))); // 22404
  });

  it('uses a field’s declared complexity as its own cost', () => {
    expect(cost('mutation { signIn(email: "a@b.c") { id } }')).toBe(51);
  });

  it('expands fragments, and gives up past the node budget instead of walking exponentially', () => {
    expect(cost('{ ...F } fragment F on Query { me { id } }')).toBe(2);
    // F1 spreads F2 twice, F2 spreads F3 twice, …: 2^16 visits of `me`.
    const chain = Array.from(
      { length: 16 },
      (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`,
    ).join('\n');
    const started = Date.now();
    expect(cost(`{ ...F0 } ${chain} fragment F16 on Query { me { id } }`)).toBe('too-many-nodes');
    expect(MAX_COST_NODES).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leaves variables that do not fit to execution, at cost 1', () => {
    expect(cost('query($n: Int!) { deals(first: $n) { totalCount } }', {})).toBe('invalid');
  });
});
