import { expectError } from '../support/errors';
import {
  createDeal,
  signUpBrand,
  signUpCreator,
  signUpAdmin,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`;
const NESTED = `query($id: ID!, $first: Int, $after: String) { deal(id: $id) {
  brand { deals(first: $first, after: $after) { ${PAGE} } }
  creator { deals(first: $first, after: $after) { ${PAGE} } }
} }`;
const ROOT = `query($first: Int, $after: String) { deals(first: $first, after: $after) { ${PAGE} } }`;

describe('nested deal connections page with after', () => {
  let t: TestApp;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  const mayaDeals: string[] = [];
  let noorAcme: string;

  beforeAll(async () => {
    t = await TestApp.start();
    await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    for (let index = 0; index < 5; index += 1) {
      const deal = await createDeal(t, maya.token, {
        title: `Maya ${index}`,
        brandId: acme.brandId,
        brandName: undefined,
      });
      mayaDeals.unshift(deal.id); // newest first
    }
    noorAcme = (
      await createDeal(t, noor.token, {
        title: 'Noor',
        brandId: acme.brandId,
        brandName: undefined,
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const walk = async (token: string, side: 'brand' | 'creator') => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const data: any = await t.gqlOk(NESTED, { id: mayaDeals[0], first: 2, after }, token);
      const page = data.deal[side].deals;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      if (!page.pageInfo.hasNextPage) return { seen, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
    throw new Error('did not end');
  };

  it('walks Brand.deals and Creator.deals page by page in the deals query order', async () => {
    const root = (await t.gqlOk(ROOT, { first: 100 }, maya.token)).deals;
    expect(root.edges.map((edge: any) => edge.node.id)).toEqual(mayaDeals);
    for (const side of ['brand', 'creator'] as const) {
      expect(await walk(maya.token, side)).toEqual({ seen: mayaDeals, totalCount: 5 });
    }
  });

  it('keeps tenancy on every page: the brand sees both creators, Maya never sees Noor', async () => {
    const brandView = await walk(acme.token, 'brand');
    expect(brandView.totalCount).toBe(6);
    expect(new Set(brandView.seen)).toEqual(new Set([...mayaDeals, noorAcme]));
    expect((await walk(maya.token, 'brand')).seen).not.toContain(noorAcme);
  });

  it('takes a cursor of the deals query, and keeps totalCount past the last item', async () => {
    const root = (await t.gqlOk(ROOT, { first: 2 }, maya.token)).deals;
    const data = await t.gqlOk(
      NESTED,
      { id: mayaDeals[0], first: 2, after: root.pageInfo.endCursor },
      maya.token,
    );
    expect(data.deal.creator.deals.edges.map((edge: any) => edge.node.id)).toEqual(
      mayaDeals.slice(2, 4),
    );
    const last = (await t.gqlOk(ROOT, { first: 5 }, maya.token)).deals.pageInfo.endCursor;
    const beyond = await t.gqlOk(NESTED, { id: mayaDeals[0], first: 2, after: last }, maya.token);
    expect(beyond.deal.creator.deals).toMatchObject({
      totalCount: 5,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: null },
    });
  });

  it('refuses a cursor it did not issue', async () => {
    const response = await t.gql(
      NESTED,
      { id: mayaDeals[0], first: 2, after: 'garbage' },
      maya.token,
    );
    expectError(response, 'BAD_USER_INPUT');
    expect(response.errors?.[0].extensions?.reason).toBe('INVALID_CURSOR');
  });

  it('costs the same statements on a later page as on the first', async () => {
    const first = await t.countQueries(() =>
      t.gqlOk(NESTED, { id: mayaDeals[0], first: 2 }, acme.token),
    );
    const root = (await t.gqlOk(ROOT, { first: 2 }, acme.token)).deals;
    const later = await t.countQueries(() =>
      t.gqlOk(NESTED, { id: mayaDeals[0], first: 2, after: root.pageInfo.endCursor }, acme.token),
    );
    expect(later).toBe(first);
  });
});
