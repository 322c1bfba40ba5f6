import { expectError } from '../support/errors';
import {
  createDeal,
  dealInput,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

type Page = {
  totalCount: number;
  nodes: Array<{ id: string }>;
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
};

/**
 * How to read one connection of the schema: who asks, with which other arguments. Every
 * connection the schema exposes must have an entry (or be a nested forward-only field below),
 * so a new list cannot escape the Relay checks.
 */
interface Walker {
  /** `Query.field`, as found by introspection. */
  field: string;
  token: () => string;
  /** Other arguments: declarations and values, e.g. `$entityId: ID!`. */
  declarations?: string;
  args?: string;
  variables?: () => Record<string, unknown>;
  /** A label for several walks of one field (other orders). */
  label?: string;
}

const INTROSPECT = `{
  __schema {
    types {
      name kind
      fields { name args { name } type { name kind ofType { name kind ofType { name } } } }
    }
  }
}`;

const named = (type: { name: string | null; ofType?: unknown } | null): string | null => {
  let current = type;
  while (current && !current.name) current = current.ofType as typeof current;
  return current?.name ?? null;
};

describe('Relay connections: every list pages forward and backward alike', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let acme: Account & { brandId: string | null };
  const dealIds: string[] = [];
  let webhookId: string;
  /** Connection fields found in the schema: `Type.field` → its argument names. */
  const connections = new Map<string, string[]>();

  const walkers: Walker[] = [
    { field: 'Query.deals', token: () => maya.token },
    {
      field: 'Query.deals',
      label: 'by title',
      token: () => maya.token,
      args: 'orderBy: { field: TITLE, direction: ASC }',
    },
    { field: 'Query.brands', token: () => maya.token },
    { field: 'Query.platforms', token: () => maya.token },
    { field: 'Query.platformAccounts', token: () => maya.token },
    { field: 'Query.outages', token: () => admin.token },
    {
      field: 'Query.outages',
      label: 'by end',
      token: () => admin.token,
      args: 'orderBy: { field: ENDS_AT, direction: ASC }',
    },
    { field: 'Query.events', token: () => maya.token },
    { field: 'Query.receivables', token: () => maya.token },
    { field: 'Query.rescheduleProposals', token: () => maya.token },
    { field: 'Query.draftsAwaitingReview', token: () => maya.token },
    { field: 'Query.deliverables', token: () => maya.token },
    {
      field: 'Query.deliverables',
      label: 'by due date, latest first',
      token: () => maya.token,
      args: 'orderBy: { field: DUE_AT, direction: DESC }',
    },
    {
      field: 'Query.deliverables',
      label: 'by risk (ranked in memory)',
      token: () => maya.token,
      args: 'orderBy: { field: RISK, direction: DESC }',
    },
    {
      field: 'Query.auditTrail',
      token: () => maya.token,
      declarations: '$entityId: ID!',
      args: 'entityId: $entityId',
      variables: () => ({ entityId: dealIds[0] }),
    },
    {
      field: 'Query.webhookDeliveries',
      token: () => maya.token,
      declarations: '$webhookId: ID!',
      args: 'webhookId: $webhookId',
      variables: () => ({ webhookId }),
    },
  ];

  const queryOf = (walker: Walker) => {
    const name = walker.field.split('.')[1];
    const declarations = walker.declarations ? `, ${walker.declarations}` : '';
    const args = walker.args ? `, ${walker.args}` : '';
    return `query($first: Int, $after: String, $last: Int, $before: String${declarations}) {
      list: ${name}(first: $first, after: $after, last: $last, before: $before${args}) {
        totalCount
        nodes { id }
        edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
  };
  const fetch = async (walker: Walker, paging: Record<string, unknown>): Promise<Page> =>
    (await t.gqlOk(queryOf(walker), { ...walker.variables?.(), ...paging }, walker.token()))
      .list as Page;
  const ids = (page: Page) => page.edges.map((edge) => edge.node.id);

  /** Cursors and nodes agree with the edges, whichever way the page was read. */
  const expectConsistent = (page: Page) => {
    expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    acme = await signUpBrand(t, 'Acme');
    for (let i = 0; i < 5; i += 1) {
      const deal = await createDeal(t, maya.token, {
        title: `Deal ${(i * 3) % 5}`,
        // Drafts to review and proposals to answer for the walkers of those lists.
        terms: { ...(dealInput().terms as object), requiresApproval: true },
        ...(i % 2 === 0
          ? { brandId: acme.brandId, brandName: undefined }
          : { brandName: `Brand ${i}` }),
      });
      dealIds.push(deal.id);
      // Three drafts in review in all: the events feed's walker expects at most a page of events.
      for (const deliverable of i < 3 ? deal.deliverables.slice(0, 1) : []) {
        await t.gqlOk(
          `mutation($id: ID!) { submitDraft(input: { deliverableId: $id, url: "https://drafts.example.com/1" }) { draft { id } } }`,
          { id: deliverable.id },
          maya.token,
        );
      }
    }
    for (const slug of ['instagram', 'youtube', 'tiktok', 'threads', 'facebook']) {
      await t.gqlOk(
        `mutation($input: UpsertPlatformAccountInput!) { upsertPlatformAccount(input: $input) { platformAccount { id } } }`,
        {
          input: {
            platformSlug: slug,
            handle: '@maya',
            followers: 10,
            dailyEarnings: { amount: '1.00', currency: 'USD' },
          },
        },
        maya.token,
      );
    }
    for (let i = 0; i < 5; i += 1) {
      await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title: `Outage ${i}`,
            severity: 'FULL',
            platformSlugs: ['tiktok'],
            startsAt: new Date(Date.UTC(2020, 0, 1 + (i % 3))).toISOString(),
            ...(i % 2 === 0 ? { endsAt: new Date(Date.UTC(2020, 0, 4 + i)).toISOString() } : {}),
          },
        },
        admin.token,
      );
    }
    // Meta down over the deals' 5 March 2030 slots: three reels are proposed to move to 17:20.
    await t.gqlOk(
      `mutation { recordOutage(input: { title: "Meta", severity: FULL, platformSlugs: ["meta"],
        startsAt: "2030-03-05T15:00:00Z", endsAt: "2030-03-05T17:20:00Z" }) { outage { id } } }`,
      {},
      admin.token,
    );
    for (const dealId of dealIds.slice(0, 3)) {
      const deal = await t.gqlOk(
        `query($id: ID!) { deal(id: $id) { deliverables { id title } } }`,
        { id: dealId },
        maya.token,
      );
      const reel = deal.deal.deliverables.find((d: any) => d.title === 'Launch reel');
      await t.gqlOk(
        `mutation($id: ID!) { proposeReschedule(input: { deliverableId: $id }) { proposal { id } } }`,
        { id: reel.id },
        maya.token,
      );
    }
    const hook = await t.gqlOk(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`,
      { input: { url: 'https://hooks.example.com/relay', events: ['OUTAGE_RECORDED'] } },
      maya.token,
    );
    webhookId = hook.createWebhook.webhook.id;
    for (let i = 0; i < 5; i += 1) {
      await t.gqlOk(
        `mutation($id: ID!) { sendTestWebhook(input: { id: $id }) { webhookDelivery { id } } }`,
        { id: webhookId },
        maya.token,
      );
    }
    const schema = (await t.gqlOk(INTROSPECT, {}, maya.token)).__schema;
    for (const type of schema.types as Array<{
      name: string;
      kind: string;
      fields: Array<{ name: string; args: Array<{ name: string }>; type: any }> | null;
    }>) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__')) continue;
      for (const field of type.fields ?? []) {
        if (named(field.type)?.endsWith('Connection')) {
          connections.set(
            `${type.name}.${field.name}`,
            field.args.map((arg) => arg.name),
          );
        }
      }
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds every connection in the schema: each root list and each nested one paging backward has a walker', () => {
    const walked = new Set(walkers.map((walker) => walker.field));
    const rootLists = [...connections.keys()].filter((field) => field.startsWith('Query.'));
    expect(rootLists.filter((field) => !walked.has(field))).toEqual([]);
    // Every root list takes the four Relay arguments.
    for (const field of rootLists) {
      expect(connections.get(field)).toEqual(
        expect.arrayContaining(['first', 'after', 'last', 'before']),
      );
    }
    // A nested connection is a parent's first page, paged further through its root list: one
    // that takes `last` or `before` must get a walker too (GraphQL refuses them elsewhere).
    for (const [field, args] of connections) {
      if (walked.has(field)) continue;
      expect({ field, backward: args.filter((arg) => arg === 'last' || arg === 'before') }).toEqual(
        {
          field,
          backward: [],
        },
      );
    }
  });

  describe.each(
    walkers.map(
      (walker) =>
        [walker.label ? `${walker.field} ${walker.label}` : walker.field, walker] as const,
    ),
  )('%s', (_name, walker) => {
    it('walks forward and backward over the same items, with exact flags and cursors', async () => {
      const whole = await fetch(walker, { first: 100 });
      const all = ids(whole);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(whole.totalCount).toBe(all.length);
      expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });

      const size = 2;
      const forward: Page[] = [];
      let after: string | null = null;
      do {
        const page: Page = await fetch(walker, { first: size, after });
        expectConsistent(page);
        expect(page.pageInfo.hasPreviousPage).toBe(forward.length > 0);
        forward.push(page);
        after = page.pageInfo.endCursor;
      } while (forward.at(-1)!.pageInfo.hasNextPage);
      expect(forward.flatMap(ids)).toEqual(all);

      const backward: Page[] = [];
      let before: string | null = null;
      do {
        const page: Page = await fetch(walker, { last: size, before });
        expectConsistent(page);
        expect(page.pageInfo.hasNextPage).toBe(backward.length > 0);
        backward.push(page);
        before = page.pageInfo.startCursor;
      } while (backward.at(-1)!.pageInfo.hasPreviousPage);
      // The same items in list order, the pages reversed: full pages from the end.
      expect(backward.toReversed().flatMap(ids)).toEqual(all);
      expect(ids(backward[0])).toEqual(all.slice(-size));
      expect(backward.slice(0, -1).every((page) => page.edges.length === size)).toBe(true);

      // Backward cursors are forward cursors: after the head's end comes what followed it.
      const head = backward.at(-1)!;
      const again = await fetch(walker, { first: size, after: head.pageInfo.endCursor });
      const from = all.indexOf(ids(head).at(-1)!) + 1;
      expect(ids(again)).toEqual(all.slice(from, from + size));
      // `before` alone is a backward page of the default size (all of them here).
      const tail = forward.at(-1)!;
      const alone = await fetch(walker, { before: tail.pageInfo.startCursor });
      expect(ids(alone)).toEqual(all.slice(0, all.indexOf(ids(tail)[0])));
      expect(alone.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
      // A window: after the first item, before the last, its last two.
      const window = await fetch(walker, {
        last: 2,
        after: forward[0].edges[0].cursor,
        before: tail.edges.at(-1)!.cursor,
      });
      expect(ids(window)).toEqual(all.slice(1, -1).slice(-2));
      expect(window.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    });

    it('costs the same statements backward as forward, whatever the size', async () => {
      const cursor = (await fetch(walker, { first: 2 })).pageInfo.endCursor;
      const forward = await t.countQueries(() => fetch(walker, { first: 1, after: cursor }));
      const backward = await t.countQueries(() => fetch(walker, { last: 1, before: cursor }));
      const large = await t.countQueries(() => fetch(walker, { last: 100, before: cursor }));
      expect(backward).toBe(forward);
      expect(large).toBe(forward);
    });

    it('refuses first with last, a cursor it did not issue, and a last out of range', async () => {
      const query = queryOf(walker);
      const variables = walker.variables?.() ?? {};
      const both = await t.gql(query, { ...variables, first: 2, last: 2 }, walker.token());
      expectError(both, 'BAD_USER_INPUT', ['first', 'last']);
      expect(both.errors![0].extensions?.reason).toBe('FIRST_AND_LAST');
      const junk = await t.gql(query, { ...variables, last: 2, before: 'junk' }, walker.token());
      expectError(junk, 'BAD_USER_INPUT', ['before']);
      expect(junk.errors![0].extensions?.reason).toBe('INVALID_CURSOR');
      expectError(
        await t.gql(query, { ...variables, last: 101 }, walker.token()),
        'BAD_USER_INPUT',
      );
      expectError(await t.gql(query, { ...variables, last: 0 }, walker.token()), 'BAD_USER_INPUT');
    });
  });

  it('refuses a cursor of another order or list, backward too', async () => {
    const deals = walkers[0];
    const byTitle = walkers[1];
    const platforms = walkers.find((walker) => walker.field === 'Query.platforms')!;
    const cursor = (await fetch(deals, { first: 1 })).pageInfo.endCursor;
    for (const [walker, before] of [
      [byTitle, cursor],
      [platforms, cursor],
    ] as const) {
      const response = await t.gql(queryOf(walker), { last: 1, before }, walker.token());
      expectError(response, 'BAD_USER_INPUT', ['before']);
      expect(response.errors![0].extensions?.reason).toBe('INVALID_CURSOR');
    }
  });
});
