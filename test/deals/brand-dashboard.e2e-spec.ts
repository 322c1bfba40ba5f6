import { FixedClock } from '../../src/infrastructure/clock';
import {
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

/**
 * Issue 13, the brand's dashboard: "which of my deliverables are in trouble, most urgent first,
 * with deal and creator", in one request.
 *
 * Now is 2030-06-10 12:00 UTC. Instagram is recorded down FULL 2030-06-09 00:00 – 06-12 00:00.
 * Acme's deliverables (kill after 5 days late, no force majeure):
 *   lostOverdue  instagram FIXED  slot 06-09 12:00, due 06-09 13:00 → LOST (outranks OVERDUE), overdue
 *   lost         instagram FIXED  slot 06-10 10:00, due 06-20       → LOST
 *   overdueOld   youtube          slot 05-20,       due 05-21       → OVERDUE
 *   overdue      youtube          slot 06-01,       due 06-02       → OVERDUE
 *   late         instagram FLEX   slot 06-11 10:00, due 06-11 12:00 → moved to 06-12 00:00, 12 h late: LATE
 *   delayed      instagram FLEX   slot 06-11 14:00, due 06-15       → moved to 06-12 00:00: DELAYED
 *   delayedLeo   instagram FLEX   slot 06-11 16:00, due 06-16       → DELAYED (Leo's deal)
 *   onTrack      youtube          slot 07-01,       due 07-02       → ON_TRACK
 * Globex (another brand, Maya's deal): a LOST and an OVERDUE one that Acme must never see.
 */
const NOW = new Date('2030-06-10T12:00:00Z');

const DASHBOARD = `query($first: Int, $after: String) {
  deliverables(
    filter: { riskLevels: [LOST, OVERDUE, LATE, DELAYED, AT_RISK] }
    orderBy: { field: RISK, direction: DESC }
    first: $first
    after: $after
  ) {
    edges { node { id dueAt risk { level } deal { title creator { displayName } } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

const LIST = `query($filter: DeliverableFilter, $orderBy: DeliverableOrder, $first: Int, $after: String) {
  deliverables(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { cursor node { id title dueAt scheduledAt updatedAt status } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

function draft(
  title: string,
  platformSlug: string,
  scheduledAt: string,
  dueAt: string,
  timing: 'FIXED' | 'FLEXIBLE' = 'FLEXIBLE',
) {
  return { platformSlug, kind: 'POST', title, scheduledAt, dueAt, fee: '100.00', timing };
}

const TERMS = {
  netPaymentDays: 30,
  latePenaltyBpsPerDay: 250,
  latePenaltyCapBps: 1500,
  killAfterDaysLate: 5,
};

describe('the brand dashboard: deliverables filtered and ordered by risk', () => {
  let t: TestApp;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };
  let maya: Account;
  let leo: Account;
  const ids: Record<string, string> = {};
  // Globex's LOST one, then its OVERDUE one (the dashboard's order).
  let globexIds: string[];

  beforeAll(async () => {
    t = await TestApp.start({}, { clock: new FixedClock(NOW) });
    const admin = await signUpAdmin(t);
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
    maya = await signUpCreator(t, { displayName: 'Maya' });
    leo = await signUpCreator(t, { displayName: 'Leo' });

    const mayaAcme = await createDeal(t, maya.token, {
      title: 'Acme summer',
      brandName: undefined,
      brandId: acme.brandId,
      totalFee: '800.00',
      terms: TERMS,
      deliverables: [
        draft('lostOverdue', 'instagram', '2030-06-09T12:00:00Z', '2030-06-09T13:00:00Z', 'FIXED'),
        draft('lost', 'instagram', '2030-06-10T10:00:00Z', '2030-06-20T00:00:00Z', 'FIXED'),
        draft('overdueOld', 'youtube', '2030-05-20T00:00:00Z', '2030-05-21T00:00:00Z'),
        draft('overdue', 'youtube', '2030-06-01T00:00:00Z', '2030-06-02T00:00:00Z'),
        draft('late', 'instagram', '2030-06-11T10:00:00Z', '2030-06-11T12:00:00Z'),
        draft('delayed', 'instagram', '2030-06-11T14:00:00Z', '2030-06-15T00:00:00Z'),
        draft('onTrack', 'youtube', '2030-07-01T00:00:00Z', '2030-07-02T00:00:00Z'),
        draft('posted', 'youtube', '2030-06-05T00:00:00Z', '2030-06-06T00:00:00Z'),
      ],
    });
    const leoAcme = await createDeal(t, leo.token, {
      title: 'Acme autumn',
      brandName: undefined,
      brandId: acme.brandId,
      totalFee: '100.00',
      terms: TERMS,
      deliverables: [
        draft('delayedLeo', 'instagram', '2030-06-11T16:00:00Z', '2030-06-16T00:00:00Z'),
      ],
    });
    const mayaGlobex = await createDeal(t, maya.token, {
      title: 'Globex launch',
      brandName: undefined,
      brandId: globex.brandId,
      totalFee: '200.00',
      terms: TERMS,
      deliverables: [
        draft('globexLost', 'instagram', '2030-06-10T09:00:00Z', '2030-06-20T00:00:00Z', 'FIXED'),
        draft('globexOverdue', 'youtube', '2030-05-01T00:00:00Z', '2030-05-02T00:00:00Z'),
      ],
    });
    for (const deal of [mayaAcme, leoAcme]) {
      for (const d of deal.deliverables) ids[d.title] = d.id;
    }
    const globexId = (title: string) =>
      mayaGlobex.deliverables.find((d: { title: string }) => d.title === title).id as string;
    globexIds = [globexId('globexLost'), globexId('globexOverdue')];
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id, postedAt: "2030-06-05T10:00:00Z" }) { deliverable { id } } }`,
      { id: ids.posted },
      maya.token,
    );
    await t.gqlOk(
      `mutation { recordOutage(input: { title: "Instagram down", platformSlugs: ["instagram"], startsAt: "2030-06-09T00:00:00Z", endsAt: "2030-06-12T00:00:00Z", severity: FULL }) { outage { id } } }`,
      {},
      admin.token,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  // Worst first; within a level the earliest deadline first.
  const expected = () => [
    ids.lostOverdue, // LOST, due 06-09
    ids.lost, // LOST, due 06-20
    ids.overdueOld, // OVERDUE, due 05-21
    ids.overdue, // OVERDUE, due 06-02
    ids.late, // LATE
    ids.delayed, // DELAYED, due 06-15
    ids.delayedLeo, // DELAYED, due 06-16
  ];

  async function allPages(
    query: string,
    variables: Record<string, unknown>,
    token: string,
    first: number,
  ): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await t.gqlOk(query, { ...variables, first, after }, token);
      pages += 1;
      seen.push(...data.deliverables.edges.map((edge: any) => edge.node.id));
      if (!data.deliverables.pageInfo.hasNextPage) return { ids: seen, pages };
      after = data.deliverables.pageInfo.endCursor;
      if (pages > 20) throw new Error('paging does not end');
    }
  }

  it('answers the dashboard in one request: the troubled ones, worst first, with deal and creator', async () => {
    const data = await t.gqlOk(DASHBOARD, { first: 50 }, acme.token);
    const nodes = data.deliverables.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.id)).toEqual(expected());
    expect(nodes.map((node: any) => node.risk.level)).toEqual([
      'LOST',
      'LOST',
      'OVERDUE',
      'OVERDUE',
      'LATE',
      'DELAYED',
      'DELAYED',
    ]);
    expect(nodes[0]).toMatchObject({
      dueAt: '2030-06-09T13:00:00.000Z',
      deal: { title: 'Acme summer', creator: { displayName: 'Maya' } },
    });
    expect(nodes[6].deal).toEqual({ title: 'Acme autumn', creator: { displayName: 'Leo' } });
    expect(data.deliverables.totalCount).toBe(7);
    expect(data.deliverables.pageInfo.hasNextPage).toBe(false);
  });

  it('pages the dashboard with cursors: 3 + 3 + 1, same order, nothing twice', async () => {
    const first = await t.gqlOk(DASHBOARD, { first: 3 }, acme.token);
    expect(first.deliverables.edges.map((e: any) => e.node.id)).toEqual(expected().slice(0, 3));
    expect(first.deliverables.pageInfo.hasNextPage).toBe(true);
    const second = await t.gqlOk(
      DASHBOARD,
      { first: 3, after: first.deliverables.pageInfo.endCursor },
      acme.token,
    );
    expect(second.deliverables.edges.map((e: any) => e.node.id)).toEqual(expected().slice(3, 6));
    expect(second.deliverables.pageInfo.hasNextPage).toBe(true);
    const third = await t.gqlOk(
      DASHBOARD,
      { first: 3, after: second.deliverables.pageInfo.endCursor },
      acme.token,
    );
    expect(third.deliverables.edges.map((e: any) => e.node.id)).toEqual(expected().slice(6));
    expect(third.deliverables.pageInfo.hasNextPage).toBe(false);
    expect(third.deliverables.totalCount).toBe(7);
  });

  it("never shows another brand's deliverable; the other brand sees only its own", async () => {
    const acmeAll = await allPages(LIST, { filter: {} }, acme.token, 2);
    expect(acmeAll.ids).toHaveLength(9);
    for (const id of globexIds) expect(acmeAll.ids).not.toContain(id);
    const globexDashboard = await t.gqlOk(DASHBOARD, { first: 50 }, globex.token);
    expect(globexDashboard.deliverables.edges.map((e: any) => e.node.id)).toEqual(globexIds);
    expect(globexDashboard.deliverables.edges.map((e: any) => e.node.risk.level)).toEqual([
      'LOST',
      'OVERDUE',
    ]);
    // Maya sees both brands' deals: her dashboard holds Globex's too, but not Leo's.
    const mine = await t.gqlOk(DASHBOARD, { first: 50 }, maya.token);
    const mineIds = mine.deliverables.edges.map((e: any) => e.node.id);
    expect(mineIds).toEqual(expect.arrayContaining(globexIds));
    expect(mineIds).not.toContain(ids.delayedLeo);
  });

  it('costs the same number of statements at page sizes 1, 5 and 50', async () => {
    const counts: number[] = [];
    for (const first of [1, 5, 50]) {
      counts.push(await t.countQueries(() => t.gqlOk(DASHBOARD, { first }, acme.token)));
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    // The candidates, the outages around them with the graph; risk, deal and creator are primed.
    expect(counts[0]).toBeLessThanOrEqual(3);
  });

  it('overdue: true is the OVERDUE rule (a LOST deliverable past its deadline included); false the rest', async () => {
    const overdue = await allPages(LIST, { filter: { overdue: true } }, acme.token, 50);
    expect(overdue.ids.sort()).toEqual([ids.lostOverdue, ids.overdueOld, ids.overdue].sort());
    const levelOnly = await allPages(LIST, { filter: { riskLevels: ['OVERDUE'] } }, acme.token, 50);
    expect(levelOnly.ids.sort()).toEqual([ids.overdueOld, ids.overdue].sort());
    const notOverdue = await allPages(LIST, { filter: { overdue: false } }, acme.token, 50);
    expect(notOverdue.ids).toHaveLength(6);
    expect(notOverdue.ids).not.toContain(ids.lostOverdue);
    expect(notOverdue.ids).toContain(ids.posted);
  });

  it('RISK ASC is the same list reversed; a risk filter alone keeps the slot order', async () => {
    const ascending = await allPages(
      LIST,
      {
        filter: { riskLevels: ['LOST', 'OVERDUE', 'LATE', 'DELAYED', 'AT_RISK'] },
        orderBy: { field: 'RISK', direction: 'ASC' },
      },
      acme.token,
      2,
    );
    expect(ascending.ids).toEqual([...expected()].reverse());
    expect(ascending.pages).toBe(4);
    const bySlot = await allPages(
      LIST,
      { filter: { riskLevels: ['DELAYED', 'LATE'] } },
      acme.token,
      50,
    );
    expect(bySlot.ids).toEqual([ids.late, ids.delayed, ids.delayedLeo]); // 10:00, 14:00, 16:00
  });

  it('filters in SQL: statuses, creatorId, platformSlug', async () => {
    const planned = await allPages(
      LIST,
      { filter: { statuses: ['POSTED', 'CANCELLED'] } },
      acme.token,
      50,
    );
    expect(planned.ids).toEqual([ids.posted]);
    const leos = await allPages(
      LIST,
      { filter: { creatorId: await creatorIdOf(leo) } },
      acme.token,
      50,
    );
    expect(leos.ids).toEqual([ids.delayedLeo]);
    const youtube = await allPages(LIST, { filter: { platformSlug: 'youtube' } }, acme.token, 50);
    // By slot: 05-20, 06-01, 06-05, 07-01.
    expect(youtube.ids).toEqual([ids.overdueOld, ids.overdue, ids.posted, ids.onTrack]);
    const unknown = await allPages(LIST, { filter: { platformSlug: 'nowhere' } }, acme.token, 50);
    expect(unknown.ids).toEqual([]);
  });

  async function creatorIdOf(account: Account): Promise<string> {
    const data = await t.gqlOk(`query { me { creator { id } } }`, {}, account.token);
    return data.me.creator.id;
  }

  it('orders in SQL by DUE_AT both ways, paging with cursors', async () => {
    const all = await allPages(LIST, { filter: {} }, acme.token, 50);
    const rows = await t.gqlOk(LIST, { filter: {}, first: 50 }, acme.token);
    const byDue = rows.deliverables.edges
      .map((e: any) => e.node)
      .sort((a: any, b: any) =>
        a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1,
      )
      .map((node: any) => node.id);
    expect(all.ids).toHaveLength(9);
    const ascending = await allPages(
      LIST,
      { orderBy: { field: 'DUE_AT', direction: 'ASC' } },
      acme.token,
      2,
    );
    expect(ascending.ids).toEqual(byDue);
    expect(ascending.pages).toBe(5);
    const descending = await allPages(
      LIST,
      { orderBy: { field: 'DUE_AT', direction: 'DESC' } },
      acme.token,
      4,
    );
    expect(descending.ids).toEqual([...byDue].reverse());
  });

  it('SCHEDULED_AT DESC pages backwards in time; ASC is the default with the same cursors', async () => {
    const byDefault = await allPages(LIST, {}, acme.token, 3);
    const explicit = await allPages(
      LIST,
      { orderBy: { field: 'SCHEDULED_AT', direction: 'ASC' } },
      acme.token,
      3,
    );
    expect(explicit.ids).toEqual(byDefault.ids);
    const descending = await allPages(
      LIST,
      { orderBy: { field: 'SCHEDULED_AT', direction: 'DESC' } },
      acme.token,
      3,
    );
    expect(descending.ids).toEqual([...byDefault.ids].reverse());
    // A default cursor continues the explicit default order.
    const firstPage = await t.gqlOk(LIST, { first: 3 }, acme.token);
    const next = await t.gqlOk(
      LIST,
      {
        first: 3,
        after: firstPage.deliverables.pageInfo.endCursor,
        orderBy: { field: 'SCHEDULED_AT', direction: 'ASC' },
      },
      acme.token,
    );
    expect(next.deliverables.edges.map((e: any) => e.node.id)).toEqual(byDefault.ids.slice(3, 6));
  });

  it('refuses a cursor from another order: INVALID_CURSOR', async () => {
    const byDue = await t.gqlOk(
      LIST,
      { first: 1, orderBy: { field: 'DUE_AT', direction: 'ASC' } },
      acme.token,
    );
    const dueCursor = byDue.deliverables.pageInfo.endCursor;
    const byRisk = await t.gqlOk(DASHBOARD, { first: 1 }, acme.token);
    const riskCursor = byRisk.deliverables.pageInfo.endCursor;
    const bySlot = await t.gqlOk(LIST, { first: 1 }, acme.token);
    const slotCursor = bySlot.deliverables.pageInfo.endCursor;
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{}, dueCursor], // DUE_AT cursor, default order
      [{ orderBy: { field: 'DUE_AT', direction: 'DESC' } }, dueCursor], // other direction
      [{ orderBy: { field: 'DUE_AT', direction: 'ASC' } }, riskCursor], // RISK cursor
      [{}, riskCursor],
      [{ orderBy: { field: 'RISK', direction: 'DESC' } }, slotCursor], // SQL cursor, ranked list
      [{ orderBy: { field: 'UPDATED_AT', direction: 'ASC' } }, slotCursor],
    ];
    for (const [variables, after] of refusals) {
      const response = await t.gql(LIST, { ...variables, first: 5, after }, acme.token);
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_CURSOR',
      });
    }
    // The same cursors are fine with their own order.
    const fine = await t.gql(
      LIST,
      { first: 5, after: dueCursor, orderBy: { field: 'DUE_AT', direction: 'ASC' } },
      acme.token,
    );
    expect(fine.errors).toBeUndefined();
  });

  it('has one spelling per filter (statuses, platformSlug) and refuses an empty statuses', async () => {
    // The old second spellings (status, platform) went with the conventions pass.
    for (const filter of [{ status: 'PLANNED' }, { platform: 'youtube' }]) {
      const response = await t.gql(LIST, { filter, first: 5 }, acme.token);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const empty = await t.gql(LIST, { filter: { statuses: [] }, first: 5 }, acme.token);
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('updatedSince and UPDATED_AT: a changed deliverable comes last, and alone since the change', async () => {
    const [{ now }] = await t.sql<{ now: Date }>(`SELECT clock_timestamp() AS now`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.gqlOk(
      `mutation($id: ID!) { updateDeliverable(input: { id: $id, title: "onTrack, renamed" }) { deliverable { id } } }`,
      { id: ids.onTrack },
      maya.token,
    );
    const since = await allPages(
      LIST,
      { filter: { updatedSince: new Date(now).toISOString() } },
      acme.token,
      50,
    );
    expect(since.ids).toEqual([ids.onTrack]);
    const byUpdate = await allPages(
      LIST,
      { orderBy: { field: 'UPDATED_AT', direction: 'ASC' } },
      acme.token,
      4,
    );
    expect(byUpdate.ids).toHaveLength(9);
    expect(byUpdate.ids.at(-1)).toBe(ids.onTrack);
    const latestFirst = await t.gqlOk(
      LIST,
      { first: 1, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } },
      acme.token,
    );
    expect(latestFirst.deliverables.edges[0].node.id).toBe(ids.onTrack);
  });
});
