import { FixedClock } from '../../src/infrastructure/clock';
import { createDeal, signUpAdmin, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';

/** Issue 13: `deals(orderBy:)` and `outages(orderBy:)`, keyset cursors per order. */
const DEALS = `query($orderBy: DealOrder, $first: Int, $after: String) {
  deals(orderBy: $orderBy, first: $first, after: $after) {
    edges { node { id title } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const OUTAGES = `query($orderBy: OutageOrder, $first: Int, $after: String) {
  outages(orderBy: $orderBy, first: $first, after: $after) {
    edges { node { id title } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

describe('deals and outages in the order asked', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  const deal: Record<string, string> = {};
  const outage: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start({}, { clock: new FixedClock(new Date('2030-06-10T12:00:00Z')) });
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    // Logged in this order: Bravo (500.00), Alpha (1600.00), Charlie (900.00).
    for (const [title, totalFee] of [
      ['Bravo', '500.00'],
      ['Alpha', '1600.00'],
      ['Charlie', '900.00'],
    ]) {
      const created = await createDeal(t, maya.token, {
        title,
        totalFee,
        deliverables: [],
      });
      deal[title] = created.id;
    }
    for (const [title, startsAt, endsAt] of <Array<[string, string, string | null]>>[
      ['early, ends last', '2030-06-01T00:00:00Z', '2030-06-09T00:00:00Z'],
      ['middle, still open', '2030-06-03T00:00:00Z', null],
      ['late, ends first', '2030-06-05T00:00:00Z', '2030-06-06T00:00:00Z'],
    ]) {
      const recorded = await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title,
            platformSlugs: ['youtube'],
            startsAt,
            ...(endsAt ? { endsAt } : {}),
            severity: 'FULL',
          },
        },
        admin.token,
      );
      outage[title] = recorded.recordOutage.outage.id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every id of a list, one item per page, following endCursor. */
  async function pageByPage(
    query: string,
    field: 'deals' | 'outages',
    orderBy: Record<string, string> | undefined,
    token: string,
  ): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const data: any = await t.gqlOk(query, { orderBy, first: 1, after }, token);
      ids.push(...data[field].edges.map((edge: any) => edge.node.id));
      if (!data[field].pageInfo.hasNextPage) return ids;
      after = data[field].pageInfo.endCursor;
    }
    throw new Error('paging does not end');
  }

  it('deals: newest first by default, and by title, total fee and last change both ways', async () => {
    const newest = await pageByPage(DEALS, 'deals', undefined, maya.token);
    expect(newest).toEqual([deal.Charlie, deal.Alpha, deal.Bravo]);
    expect(
      await pageByPage(DEALS, 'deals', { field: 'CREATED_AT', direction: 'ASC' }, maya.token),
    ).toEqual([deal.Bravo, deal.Alpha, deal.Charlie]);
    expect(
      await pageByPage(DEALS, 'deals', { field: 'TITLE', direction: 'ASC' }, maya.token),
    ).toEqual([deal.Alpha, deal.Bravo, deal.Charlie]);
    expect(
      await pageByPage(DEALS, 'deals', { field: 'TOTAL_FEE', direction: 'DESC' }, maya.token),
    ).toEqual([deal.Alpha, deal.Charlie, deal.Bravo]); // 1600 > 900 > 500 (not as text: "900" > "1600")
    await t.gqlOk(
      `mutation($id: ID!) { updateDeal(input: { id: $id, title: "Bravo, renamed" }) { deal { id } } }`,
      { id: deal.Bravo },
      maya.token,
    );
    expect(
      await pageByPage(DEALS, 'deals', { field: 'UPDATED_AT', direction: 'DESC' }, maya.token),
    ).toEqual([deal.Bravo, deal.Charlie, deal.Alpha]);
  });

  it('outages: newest first by default, by start ascending, by end with the open one last', async () => {
    expect(await pageByPage(OUTAGES, 'outages', undefined, maya.token)).toEqual([
      outage['late, ends first'],
      outage['middle, still open'],
      outage['early, ends last'],
    ]);
    expect(
      await pageByPage(OUTAGES, 'outages', { field: 'STARTS_AT', direction: 'ASC' }, maya.token),
    ).toEqual([
      outage['early, ends last'],
      outage['middle, still open'],
      outage['late, ends first'],
    ]);
    expect(
      await pageByPage(OUTAGES, 'outages', { field: 'ENDS_AT', direction: 'ASC' }, maya.token),
    ).toEqual([
      outage['late, ends first'],
      outage['early, ends last'],
      outage['middle, still open'],
    ]);
    // Descending, the open one comes first and its cursor ("infinity") pages on.
    expect(
      await pageByPage(OUTAGES, 'outages', { field: 'ENDS_AT', direction: 'DESC' }, maya.token),
    ).toEqual([
      outage['middle, still open'],
      outage['early, ends last'],
      outage['late, ends first'],
    ]);
    await t.gqlOk(
      `mutation($id: ID!) { endOutage(input: { id: $id, endsAt: "2030-06-10T00:00:00Z" }) { outage { id } } }`,
      { id: outage['middle, still open'] },
      admin.token,
    );
    const byChange = await pageByPage(
      OUTAGES,
      'outages',
      { field: 'UPDATED_AT', direction: 'DESC' },
      maya.token,
    );
    expect(byChange[0]).toBe(outage['middle, still open']);
  });

  it('refuses a cursor from another order of the same list: INVALID_CURSOR', async () => {
    const cases: Array<[string, 'deals' | 'outages', Record<string, string>]> = [
      [DEALS, 'deals', { field: 'TITLE', direction: 'ASC' }],
      [DEALS, 'deals', { field: 'TOTAL_FEE', direction: 'ASC' }],
      [OUTAGES, 'outages', { field: 'ENDS_AT', direction: 'DESC' }],
    ];
    for (const [query, field, orderBy] of cases) {
      const ordered = await t.gqlOk(query, { orderBy, first: 1 }, maya.token);
      const orderedCursor = ordered[field].pageInfo.endCursor;
      const plain = await t.gqlOk(query, { first: 1 }, maya.token);
      const plainCursor = plain[field].pageInfo.endCursor;
      for (const [variables, after] of [
        [{}, orderedCursor],
        [
          { orderBy: { ...orderBy, direction: orderBy.direction === 'ASC' ? 'DESC' : 'ASC' } },
          orderedCursor,
        ],
        [{ orderBy }, plainCursor],
      ] as const) {
        const response = await t.gql(query, { ...variables, first: 1, after }, maya.token);
        expect(response.errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'INVALID_CURSOR',
        });
      }
    }
  });
});
