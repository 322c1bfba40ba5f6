import { expectError } from '../support/errors';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
const NODES_DEEP = `query($ids: [ID!]!) { nodes(ids: $ids) {
  __typename id
  ... on Deal { title brand { name } creator { displayName } }
  ... on Deliverable { title deal { id } }
  ... on Outage { title platforms { slug } }
  ... on Platform { slug }
  ... on Brand { name }
  ... on Creator { displayName }
  ... on User { email }
  ... on AccessToken { name }
  ... on PlatformAccount { handle platform { slug } }
  ... on Webhook { url events }
  ... on CalendarFeed { scope feedBrand: brand { name } }
} }`;

describe('object identification: node and nodes', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };
  /** Ids of one record of each Node type, all Maya's (or public), by type name. */
  const mine: Record<string, string> = {};
  let noorDeal: any;
  let noorUnclaimedBrandId: string;

  beforeAll(async () => {
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
    const deal = await createDeal(t, maya.token, { brandId: acme.brandId, brandName: undefined });
    noorDeal = await createDeal(t, noor.token, { title: 'Noor × Initech', brandName: 'Initech' });
    noorUnclaimedBrandId = noorDeal.brand.id;
    const outage = (
      await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title: 'Instagram down',
            platformSlugs: ['instagram'],
            severity: 'FULL',
            startsAt: '2030-03-05T15:00:00Z',
            endsAt: '2030-03-05T17:00:00Z',
          },
        },
        admin.token,
      )
    ).recordOutage.outage;
    const platform = (
      await t.gqlOk(
        `query { platforms(first: 1, search: "instagram") { edges { node { id } } } }`,
        {},
        maya.token,
      )
    ).platforms.edges[0].node;
    const me = (await t.gqlOk(`query { me { id creator { id } } }`, {}, maya.token)).me;
    const token = (
      await t.gqlOk(
        `mutation { createAccessToken(input: { name: "ci" }) { accessToken { id } } }`,
        {},
        maya.token,
      )
    ).createAccessToken.accessToken;
    const account = (
      await t.gqlOk(
        `mutation($input: UpsertPlatformAccountInput!) { upsertPlatformAccount(input: $input) { platformAccount { id } } }`,
        {
          input: {
            platformSlug: 'instagram',
            handle: '@maya',
            followers: 10,
            dailyEarnings: { amount: '1.00', currency: 'USD' },
          },
        },
        maya.token,
      )
    ).upsertPlatformAccount.platformAccount;
    const webhook = (
      await t.gqlOk(
        `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`,
        { input: { url: 'https://hooks.example.com/maya', events: ['OUTAGE_RECORDED'] } },
        maya.token,
      )
    ).createWebhook.webhook;
    const feed = (
      await t.gqlOk(
        `mutation { createCalendarFeed(input: {}) { calendarFeed { id } } }`,
        {},
        maya.token,
      )
    ).createCalendarFeed.calendarFeed;
    Object.assign(mine, {
      Deal: deal.id,
      Deliverable: deal.deliverables[0].id,
      Outage: outage.id,
      Platform: platform.id,
      Brand: acme.brandId,
      Creator: me.creator.id,
      User: me.id,
      AccessToken: token.id,
      PlatformAccount: account.id,
      Webhook: webhook.id,
      CalendarFeed: feed.id,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds every Node type for the caller who may read it, with its own fields', async () => {
    for (const [type, id] of Object.entries(mine)) {
      const data = await t.gqlOk(NODE, { id }, maya.token);
      expect({ type, node: data.node }).toEqual({ type, node: { __typename: type, id } });
    }
    const types = Object.keys(mine);
    const data = await t.gqlOk(NODES_DEEP, { ids: Object.values(mine) }, maya.token);
    expect(data.nodes.map((node: any) => node.__typename)).toEqual(types);
    const byType = Object.fromEntries(data.nodes.map((node: any) => [node.__typename, node]));
    expect(byType.Deal.brand.name).toBe('Acme');
    expect(byType.Deal.creator.displayName).toBe('Maya');
    expect(byType.Deliverable.deal.id).toBe(mine.Deal);
    expect(byType.Outage.platforms).toEqual([{ slug: 'instagram' }]);
    expect(byType.Creator.displayName).toBe('Maya');
    expect(byType.User.email).toBe(maya.email);
    expect(byType.AccessToken.name).toBe('ci');
    expect(byType.PlatformAccount).toMatchObject({
      handle: '@maya',
      platform: { slug: 'instagram' },
    });
    expect(byType.Webhook).toMatchObject({
      url: 'https://hooks.example.com/maya',
      events: ['OUTAGE_RECORDED'],
    });
    expect(byType.CalendarFeed.scope).toBe('CREATOR');
  });

  it('answers null with NOT_FOUND for another tenant, a role that may not read it, or nothing', async () => {
    // What Noor (another creator) may read of Maya's records: only the public ones.
    const publicTypes = ['Outage', 'Platform', 'Brand'];
    for (const [type, id] of Object.entries(mine)) {
      const response = await t.gql(NODE, { id }, noor.token);
      if (publicTypes.includes(type)) {
        expect({ type, node: response.data?.node }).toEqual({
          type,
          node: { __typename: type, id },
        });
      } else {
        expect({ type, node: response.data?.node }).toEqual({ type, node: null });
        expectError(response, 'NOT_FOUND');
        expect(response.errors![0].path).toEqual(['node']);
      }
    }
    const missing = await t.gql(NODE, { id: '00000000-0000-4000-8000-000000000000' }, maya.token);
    expect(missing.data?.node).toBeNull();
    expectError(missing, 'NOT_FOUND');
    const junk = await t.gql(NODE, { id: 'not-a-uuid' }, maya.token);
    expect(junk.data?.node).toBeNull();
    expectError(junk, 'NOT_FOUND');
  });

  it('gives a brand member their deals, creators and brand, but no platform account, token or feed', async () => {
    const data = await t.gqlOk(NODES, { ids: Object.values(mine) }, acme.token);
    const seen = Object.keys(mine).filter((_, index) => data.nodes[index] !== null);
    expect(seen).toEqual(['Deal', 'Deliverable', 'Outage', 'Platform', 'Brand', 'Creator']);
    // Globex has no deal with Maya: her deal and profile stay hidden.
    const other = await t.gqlOk(
      NODES,
      { ids: [mine.Deal, mine.Creator, mine.Deliverable] },
      globex.token,
    );
    expect(other.nodes).toEqual([null, null, null]);
  });

  it('gives an administrator every deal and creator, but not another user, token, account feed or webhook of theirs', async () => {
    const data = await t.gqlOk(NODES, { ids: Object.values(mine) }, admin.token);
    const seen = Object.keys(mine).filter((_, index) => data.nodes[index] !== null);
    // Administrators read every creator's platform accounts; users, tokens, feeds and webhooks
    // are their owner's alone.
    expect(seen).toEqual([
      'Deal',
      'Deliverable',
      'Outage',
      'Platform',
      'Brand',
      'Creator',
      'PlatformAccount',
    ]);
  });

  it('hides an unclaimed brand from everyone but the creator who named it and who may read its deals', async () => {
    const ask = (token: string) => t.gqlOk(NODES, { ids: [noorUnclaimedBrandId] }, token);
    expect((await ask(noor.token)).nodes).toEqual([
      { __typename: 'Brand', id: noorUnclaimedBrandId },
    ]);
    expect((await ask(admin.token)).nodes).toEqual([
      { __typename: 'Brand', id: noorUnclaimedBrandId },
    ]);
    expect((await ask(maya.token)).nodes).toEqual([null]);
    expect((await ask(acme.token)).nodes).toEqual([null]);
  });

  it('keeps the order and duplicates of the ids asked, nulls in place', async () => {
    const ids = [mine.Deal, noorDeal.id, 'nope', mine.Deal, mine.Platform];
    const data = await t.gqlOk(NODES, { ids }, maya.token);
    expect(data.nodes).toEqual([
      { __typename: 'Deal', id: mine.Deal },
      null,
      null,
      { __typename: 'Deal', id: mine.Deal },
      { __typename: 'Platform', id: mine.Platform },
    ]);
  });

  it('costs a constant number of statements, whatever the number and mix of ids', async () => {
    const count = (ids: string[]) => t.countQueries(() => t.gqlOk(NODES, { ids }, maya.token));
    // The request's own token check, then one statement for every id's type.
    const base = await count(['00000000-0000-4000-8000-000000000000']);
    // What each type's batch costs on top (deals and deliverables: the rule, then the rows;
    // creators: the rule, then the profiles; the others one statement).
    const per: Record<string, number> = {};
    for (const [type, id] of Object.entries(mine)) per[type] = (await count([id])) - base;
    expect(per).toEqual({
      Deal: 2,
      Deliverable: 2,
      Outage: 1,
      Platform: 1,
      Brand: 1,
      Creator: 2,
      User: 1,
      AccessToken: 1,
      PlatformAccount: 1,
      Webhook: 1,
      CalendarFeed: 1,
    });
    const all = Object.values(mine);
    const sum = Object.values(per).reduce((total, n) => total + n, 0);
    // Every type at once, twice over, with another tenant's records: one batch per type.
    const many = [...all, ...all, noorDeal.id, noorDeal.deliverables[0].id];
    expect(await count(many)).toBe(base + sum);
    expect(await count([...many, ...all.slice(0, 5), 'junk'])).toBe(base + sum);
  });

  describe('audit entries, webhook deliveries, brand invitations and events', () => {
    /** One record of each newer Node type, by type name. */
    const more: Record<string, string> = {};
    let acmeMember: Account;
    const NEWER = `query($ids: [ID!]!) { nodes(ids: $ids) {
      __typename id
      ... on AuditEntry { operation dealId actor { kind displayName } }
      ... on WebhookDelivery { eventType status }
      ... on BrandInvitation { email brand { name } }
      ... on Event { type deal { id } }
    } }`;

    beforeAll(async () => {
      const [entry] = await t.sql<{ id: string }>(
        `SELECT id FROM audit_entries WHERE deal_id = $1 AND entity_type = 'DEAL'`,
        [mine.Deal],
      );
      const delivery = (
        await t.gqlOk(
          `mutation($id: ID!) { sendTestWebhook(input: { id: $id }) { webhookDelivery { id } } }`,
          { id: mine.Webhook },
          maya.token,
        )
      ).sendTestWebhook.webhookDelivery;
      const invitation = (
        await t.gqlOk(
          `mutation($input: CreateBrandInvitationInput!) { createBrandInvitation(input: $input) { invitation { id } } }`,
          { input: { brandId: acme.brandId } },
          acme.token,
        )
      ).createBrandInvitation.invitation;
      acmeMember = await inviteBrandUser(t, acme.token, acme.brandId!);
      const events = (
        await t.gqlOk(
          `query { events(first: 100, types: [DELIVERABLE_CREATED]) { nodes { id deal { id } } } }`,
          {},
          maya.token,
        )
      ).events.nodes;
      const event = events.find((node: any) => node.deal?.id === mine.Deal);
      Object.assign(more, {
        AuditEntry: entry.id,
        WebhookDelivery: delivery.id,
        BrandInvitation: invitation.id,
        Event: event.id,
      });
    });

    const seenBy = async (token: string) => {
      const data = await t.gqlOk(NODES, { ids: Object.values(more) }, token);
      return Object.keys(more).filter((_, index) => data.nodes[index] !== null);
    };

    it('finds each by node and nodes, with its own fields', async () => {
      for (const [type, id] of Object.entries(more)) {
        const token = type === 'BrandInvitation' ? acme.token : maya.token;
        const data = await t.gqlOk(NODE, { id }, token);
        expect({ type, node: data.node }).toEqual({ type, node: { __typename: type, id } });
      }
      const asMaya = await t.gqlOk(NEWER, { ids: Object.values(more) }, maya.token);
      expect(asMaya.nodes[0]).toEqual({
        __typename: 'AuditEntry',
        id: more.AuditEntry,
        operation: 'createDeal',
        dealId: mine.Deal,
        actor: { kind: 'CREATOR', displayName: 'Maya' },
      });
      expect(asMaya.nodes[1]).toMatchObject({ eventType: 'webhook.test', status: 'PENDING' });
      expect(asMaya.nodes[2]).toBeNull();
      expect(asMaya.nodes[3]).toEqual({
        __typename: 'Event',
        id: more.Event,
        type: 'DELIVERABLE_CREATED',
        deal: { id: mine.Deal },
      });
      const asAcme = await t.gqlOk(NEWER, { ids: [more.BrandInvitation] }, acme.token);
      expect(asAcme.nodes).toEqual([
        {
          __typename: 'BrandInvitation',
          id: more.BrandInvitation,
          email: null,
          brand: { name: 'Acme' },
        },
      ]);
    });

    it("applies each owner's rule: trail, endpoint, brand or inviter, feed", async () => {
      expect({
        maya: await seenBy(maya.token),
        noor: await seenBy(noor.token),
        acme: await seenBy(acme.token),
        acmeMember: await seenBy(acmeMember.token),
        globex: await seenBy(globex.token),
        admin: await seenBy(admin.token),
      }).toEqual({
        // The deal's trail and feed: its creator, its brand's members, administrators.
        maya: ['AuditEntry', 'WebhookDelivery', 'Event'],
        noor: [],
        // The invitation: whoever sent it and every member of its brand; the delivery: Maya's
        // endpoint's only.
        acme: ['AuditEntry', 'BrandInvitation', 'Event'],
        acmeMember: ['AuditEntry', 'BrandInvitation', 'Event'],
        globex: [],
        admin: ['AuditEntry', 'Event'],
      });
      const refused = await t.gql(NODE, { id: more.WebhookDelivery }, noor.token);
      expect(refused.data?.node).toBeNull();
      expectError(refused, 'NOT_FOUND');
    });

    it('costs one statement per type on top of the type lookup, whatever the number', async () => {
      const count = (ids: string[]) => t.countQueries(() => t.gqlOk(NODES, { ids }, maya.token));
      const base = await count(['00000000-0000-4000-8000-000000000000']);
      const per: Record<string, number> = {};
      for (const [type, id] of Object.entries(more)) per[type] = (await count([id])) - base;
      expect(per).toEqual({ AuditEntry: 1, WebhookDelivery: 1, BrandInvitation: 1, Event: 1 });
      const all = Object.values(more);
      expect(await count([...all, ...all, ...all])).toBe(base + 4);
    });
  });

  it('refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, () => mine.Deal);
    const response = await t.gql(NODES, { ids }, maya.token);
    expectError(response, 'BAD_USER_INPUT', ['ids']);
    expect(response.errors![0].extensions?.reason).toBe('TOO_MANY_IDS');
    expect((await t.gqlOk(NODES, { ids: ids.slice(1) }, maya.token)).nodes).toHaveLength(100);
  });
});
