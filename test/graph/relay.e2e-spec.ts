import { expectError } from '../support/errors';
import { createDeal, signUpBrand, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';

const DEALS = `query($first: Int, $after: String, $last: Int, $before: String) {
  deals(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    nodes { id }
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const BRANDS = `query($first: Int, $after: String, $last: Int, $before: String) {
  brands(first: $first, after: $after, last: $last, before: $before) {
    nodes { id name }
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = {
  nodes: Array<{ id: string }>;
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};

describe('Relay connections: nodes, page info both ways, last/before', () => {
  let t: TestApp;
  let maya: Account;
  let acme: Account & { brandId: string | null };
  /** Maya's deal ids, newest first (the deals list order). */
  let newestFirst: string[];

  const deals = async (variables: Record<string, unknown>, token = maya.token): Promise<Page> =>
    (await t.gqlOk(DEALS, variables, token)).deals;
  const ids = (page: Page) => page.edges.map((edge) => edge.node.id);

  beforeAll(async () => {
    t = await TestApp.start();
    maya = await signUpCreator(t, { displayName: 'Maya' });
    acme = await signUpBrand(t, 'Acme');
    for (let i = 0; i < 7; i += 1) {
      await createDeal(t, maya.token, {
        title: `Deal ${i}`,
        brandId: acme.brandId,
        brandName: undefined,
      });
    }
    newestFirst = ids(await deals({ first: 100 }));
    expect(newestFirst).toHaveLength(7);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives nodes equal to the edges’ nodes, and start/end cursors of the first and last edge', async () => {
    const page = await deals({ first: 3 });
    expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
    expect(ids(page)).toEqual(newestFirst.slice(0, 3));
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page.edges[0].cursor,
      endCursor: page.edges[2].cursor,
    });
    // Every connection has them, whoever builds it (here a list built in its service).
    const brands = (await t.gqlOk(BRANDS, { first: 1 }, maya.token)).brands as Page;
    expect(brands.nodes).toEqual([{ id: acme.brandId, name: 'Acme' }]);
    expect(brands.pageInfo.startCursor).toBe(brands.edges[0].cursor);
    expect(brands.pageInfo.hasPreviousPage).toBe(false);
  });

  it('says there is a previous page after a cursor, exactly', async () => {
    const first = await deals({ first: 3 });
    const second = await deals({ first: 3, after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual(newestFirst.slice(3, 6));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const last = await deals({ first: 3, after: second.pageInfo.endCursor });
    expect(ids(last)).toEqual(newestFirst.slice(6));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // Past the end: empty, but there are items before it.
    const beyond = await deals({ first: 3, after: last.pageInfo.endCursor });
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: null,
      endCursor: null,
    });
  });

  it('walks backward with last/before over every deal once, in list order', async () => {
    const tail = await deals({ last: 3 });
    expect(ids(tail)).toEqual(newestFirst.slice(4));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(tail.pageInfo.startCursor).toBe(tail.edges[0].cursor);
    const middle = await deals({ last: 3, before: tail.pageInfo.startCursor });
    expect(ids(middle)).toEqual(newestFirst.slice(1, 4));
    expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const head = await deals({ last: 3, before: middle.pageInfo.startCursor });
    expect(ids(head)).toEqual(newestFirst.slice(0, 1));
    expect(head.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    // Backward cursors are forward cursors: after the head's end comes the middle again.
    const again = await deals({ first: 3, after: head.pageInfo.endCursor });
    expect(ids(again)).toEqual(ids(middle));
    // A window: after the first deal, before the fifth, its last two.
    const window = await deals({
      last: 2,
      after: head.edges[0].cursor,
      before: tail.edges[0].cursor,
    });
    expect(ids(window)).toEqual(newestFirst.slice(2, 4));
    expect(window.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // `before` alone pages backward with the default size.
    const before = await deals({ before: tail.edges[0].cursor });
    expect(ids(before)).toEqual(newestFirst.slice(0, 4));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('costs the same statements backward as forward, whatever the size', async () => {
    const cursor = (await deals({ first: 3 })).pageInfo.endCursor;
    const forward = await t.countQueries(() => deals({ first: 2, after: cursor }));
    const backward = await t.countQueries(() => deals({ last: 2, before: cursor }));
    const large = await t.countQueries(() => deals({ last: 100, before: cursor }));
    expect(backward).toBe(forward);
    expect(large).toBe(forward);
  });

  it('refuses first with last, a bad before cursor, and a last out of range', async () => {
    const both = await t.gql(DEALS, { first: 2, last: 2 }, maya.token);
    expectError(both, 'BAD_USER_INPUT', ['first', 'last']);
    expect(both.errors![0].extensions?.reason).toBe('FIRST_AND_LAST');
    const foreign = await t.gql(DEALS, { last: 2, before: 'junk' }, maya.token);
    expectError(foreign, 'BAD_USER_INPUT', ['before']);
    expect(foreign.errors![0].extensions?.reason).toBe('INVALID_CURSOR');
    expectError(await t.gql(DEALS, { last: 101 }, maya.token), 'BAD_USER_INPUT');
    expectError(await t.gql(DEALS, { last: 0 }, maya.token), 'BAD_USER_INPUT');
  });

  it('refuses last/before on a list that pages forward only, instead of ignoring them', async () => {
    const first = (await t.gqlOk(BRANDS, { first: 1 }, maya.token)).brands as Page;
    for (const variables of [{ last: 1 }, { before: first.pageInfo.endCursor }]) {
      const response = await t.gql(BRANDS, variables, maya.token);
      expectError(response, 'BAD_USER_INPUT', Object.keys(variables));
      expect(response.errors![0].extensions?.reason).toBe('BACKWARD_PAGING_UNSUPPORTED');
    }
    const both = await t.gql(BRANDS, { first: 1, last: 1 }, maya.token);
    expect(both.errors![0].extensions?.reason).toBe('FIRST_AND_LAST');
  });
});
