import { FixedClock } from '../../src/infrastructure/clock';
import { expectError } from '../support/errors';
import {
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

/**
 * Graph edges that replace id lookups: Outage.impact, Deal.auditTrail, Webhook.deliveries and
 * AuditEntry.actor. Each answers what its root query answers, under the same access, and costs
 * the same number of statements for one parent as for ten.
 *
 * Cast: an administrator; Maya (Acme's deal, with notes), Noor (Globex's deal), Cara (ten deals
 * with Acme, for the statement counts); Acme and Globex. Ten outages hit instagram or meta.
 */
const NOW = '2030-03-05T16:30:00Z';

const IMPACT_FIELDS = `
  evaluatedAt provisional simulated
  window { title startsAt endsAt severity degradationBps }
  totals { currency delayed { amount } lost { amount } retained { amount } recoverable { amount }
           atRisk { amount } platformIncomeLost { amount }
           byOutcome { outcome amount { amount } deliverableCount } }
  deliverables(first: 50) { totalCount nodes { deliverableId outcome explanation deliverable { id } } }
  byCreator(first: 10) { totalCount nodes { creator { id } totals { currency lost { amount } } } }
  byBrand(first: 10) { totalCount nodes { brand { id } totals { currency lost { amount } } } }
  platformIncome(first: 10) { totalCount nodes { accountId loss { amount } } }`;
const EDGE_IMPACT = `query($first: Int!, $asOf: DateTime) {
  outages(first: $first) { nodes { id impact(asOf: $asOf) { ${IMPACT_FIELDS} } } }
}`;
const ROOT_IMPACT = `query($id: ID!, $asOf: DateTime) {
  outageImpact(outageId: $id, asOf: $asOf) { ${IMPACT_FIELDS} }
}`;

const ENTRY_FIELDS = `id occurredAt actorUserId operation entityType entityId dealId
  changes { field before after redacted }`;
const TRAIL_PAGE = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY_FIELDS} } }`;
const EDGE_TRAIL = `query($first: Int, $after: String) {
  deals(first: 12) { nodes { id auditTrail(first: $first, after: $after) { ${TRAIL_PAGE} } } }
}`;
const ROOT_TRAIL = `query($id: ID!, $first: Int, $after: String) {
  auditTrail(entityId: $id, first: $first, after: $after) { ${TRAIL_PAGE} }
}`;

const DELIVERY_PAGE = `totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id eventId eventType status attempts body createdAt } }`;
const EDGE_DELIVERIES = `query($first: Int, $after: String) {
  webhooks { id deliveries(first: $first, after: $after) { ${DELIVERY_PAGE} } }
}`;
const ROOT_DELIVERIES = `query($id: ID!, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $id, first: $first, after: $after) { ${DELIVERY_PAGE} }
}`;
const CREATE_WEBHOOK = `mutation($url: String!) {
  createWebhook(input: { url: $url, events: [OUTAGE_RECORDED] }) { webhook { id } }
}`;
const SEND_TEST = `mutation($id: ID!) { sendTestWebhook(input: { id: $id }) { webhookDelivery { id } } }`;

describe('graph edges', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let cara: Account;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };
  let mayaDeal: any;
  let noorDeal: any;
  const caraDeals: any[] = [];
  const outageIds: string[] = [];
  const noorHooks: string[] = [];
  let mayaHook: string;

  const byId = <T extends { id: string }>(items: T[]): Record<string, any> =>
    Object.fromEntries(items.map((item) => [item.id, item]));

  beforeAll(async () => {
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, { clock: new FixedClock(NOW) });
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    cara = await signUpCreator(t, { displayName: 'Cara' });
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
    mayaDeal = await createDeal(t, maya.token, {
      title: 'Maya × Acme',
      brandId: acme.brandId,
      brandName: undefined,
      notes: 'private: ask for a raise',
    });
    noorDeal = await createDeal(t, noor.token, {
      title: 'Noor × Globex',
      brandId: globex.brandId,
      brandName: undefined,
    });
    // Changes after creation, so each trail has more than one page of 1.
    for (const [token, deal] of [
      [maya.token, mayaDeal],
      [noor.token, noorDeal],
    ] as const) {
      await t.gqlOk(
        `mutation($input: UpdateDealInput!) { updateDeal(input: $input) { deal { id } } }`,
        { input: { id: deal.id, expectedVersion: deal.version, title: `${deal.title} (v2)` } },
        token,
      );
    }
    for (let index = 0; index < 10; index += 1) {
      caraDeals.push(
        await createDeal(t, cara.token, {
          title: `Cara × Acme #${index}`,
          brandId: acme.brandId,
          brandName: undefined,
        }),
      );
    }
    // Ten outages: on instagram or meta (instagram and facebook depend on it), some ongoing.
    for (let index = 0; index < 10; index += 1) {
      const { recordOutage } = await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title: `Outage ${index}`,
            platformSlugs: [index % 2 === 0 ? 'instagram' : 'meta'],
            severity: index % 3 === 0 ? 'PARTIAL' : 'FULL',
            ...(index % 3 === 0 ? { degradationBps: 5000 } : {}),
            startsAt: new Date(Date.parse('2030-03-05T15:00:00Z') + index * 600_000).toISOString(),
            endsAt: index % 4 === 0 ? null : '2030-03-05T18:00:00Z',
          },
        },
        admin.token,
      );
      outageIds.push(recordOutage.outage.id);
    }
    mayaHook = (await t.gqlOk(CREATE_WEBHOOK, { url: 'https://hooks.example/maya' }, maya.token))
      .createWebhook.webhook.id;
    for (let round = 0; round < 3; round += 1) {
      await t.gqlOk(SEND_TEST, { id: mayaHook }, maya.token);
    }
    for (let index = 0; index < 10; index += 1) {
      const id = (
        await t.gqlOk(CREATE_WEBHOOK, { url: `https://hooks.example/noor/${index}` }, noor.token)
      ).createWebhook.webhook.id;
      noorHooks.push(id);
      // 0, 1, 2 or 3 deliveries each.
      for (let round = 0; round < index % 4; round += 1) {
        await t.gqlOk(SEND_TEST, { id }, noor.token);
      }
    }
  });
  afterAll(async () => {
    await t.close();
  });

  describe('Outage.impact', () => {
    it('answers what outageImpact answers, for every outage and caller, at now and at an asOf', async () => {
      for (const account of [admin, maya, noor, acme, globex]) {
        for (const asOf of [null, '2030-03-05T17:15:00Z']) {
          const edge = await t.gqlOk(EDGE_IMPACT, { first: 10, asOf }, account.token);
          expect(edge.outages.nodes.map((node: any) => node.id).sort()).toEqual(
            [...outageIds].sort(),
          );
          for (const node of edge.outages.nodes) {
            const root = await t.gqlOk(ROOT_IMPACT, { id: node.id, asOf }, account.token);
            expect({ id: node.id, asOf, impact: node.impact }).toEqual({
              id: node.id,
              asOf,
              impact: root.outageImpact,
            });
          }
        }
      }
      // Not vacuous: Maya's deliverables are hit, and the default asOf is the clock's now.
      const { outages } = await t.gqlOk(EDGE_IMPACT, { first: 10 }, maya.token);
      expect(outages.nodes.map((node: any) => node.impact.evaluatedAt)).toEqual(
        outageIds.map(() => '2030-03-05T16:30:00.000Z'),
      );
      const hit = outages.nodes.flatMap((node: any) => node.impact.deliverables.nodes);
      expect(hit.length).toBeGreaterThan(0);
    });

    it("shows a brand member only their brand's deliverables through the edge", async () => {
      const deliverablesOf = (...deals: any[]) =>
        deals.flatMap((deal) => deal.deliverables.map((d: { id: string }) => d.id)).sort();
      const mine = deliverablesOf(mayaDeal);
      const noors = deliverablesOf(noorDeal);
      const acmes = deliverablesOf(mayaDeal, ...caraDeals);
      const reached = async (token: string) => {
        const { outages } = await t.gqlOk(
          `query { outages(first: 10) { nodes { impact { deliverables(first: 100) { nodes { deliverable { id } } } } } } }`,
          {},
          token,
        );
        const ids = outages.nodes.flatMap((node: any) =>
          node.impact.deliverables.nodes.map((item: any) => item.deliverable.id),
        );
        return [...new Set<string>(ids)].sort();
      };
      // Every deliverable is on instagram or facebook, which the meta outages take down.
      expect(await reached(acme.token)).toEqual(acmes);
      expect(await reached(globex.token)).toEqual(noors);
      expect(await reached(maya.token)).toEqual(mine);
      expect(await reached(admin.token)).toEqual([...acmes, ...noors].sort());
    });

    it('costs the same number of statements for one outage as for ten', async () => {
      // Outages as a list of nodes, so the single one can be one that hits deliverables (the
      // nested loaders then run for one parent as for ten).
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Outage { impact {
        totals { currency lost { amount } }
        deliverables(first: 10) { nodes { outcome deliverable { id title } suggestedPlatform { slug } } }
        byCreator { nodes { creator { displayName } } }
        affectedPlatforms { slug }
      } } } }`;
      const count = (ids: string[]) => t.countQueries(() => t.gqlOk(query, { ids }, admin.token));
      const one = await count([outageIds[0]]);
      const ten = await count(outageIds);
      expect({ one, ten }).toEqual({ one, ten: one });
      const single = await t.gqlOk(query, { ids: [outageIds[0]] }, admin.token);
      expect(single.nodes[0].impact.deliverables.nodes.length).toBeGreaterThan(0);
      expect(single.nodes[0].impact.byCreator.nodes.length).toBeGreaterThan(0);
    });
  });

  describe('Deal.auditTrail', () => {
    it("answers what auditTrail answers for each deal, its deliverables' entries included", async () => {
      for (const account of [admin, maya, noor, acme, globex]) {
        const edge = await t.gqlOk(EDGE_TRAIL, { first: 20 }, account.token);
        expect(edge.deals.nodes.length).toBeGreaterThan(0);
        for (const deal of edge.deals.nodes) {
          const root = await t.gqlOk(ROOT_TRAIL, { id: deal.id, first: 20 }, account.token);
          expect({ deal: deal.id, trail: deal.auditTrail }).toEqual({
            deal: deal.id,
            trail: root.auditTrail,
          });
        }
      }
      const { deals } = await t.gqlOk(EDGE_TRAIL, { first: 20 }, maya.token);
      const entries = deals.nodes[0].auditTrail.edges.map((edge: any) => edge.node);
      expect(new Set(entries.map((entry: any) => entry.entityType))).toEqual(
        new Set(['DEAL', 'DELIVERABLE']),
      );
    });

    it('pages like auditTrail: the same pages, cursors and counts', async () => {
      for (const account of [maya, acme]) {
        let after: string | null = null;
        let pages = 0;
        do {
          const edge: any = await t.gqlOk(EDGE_TRAIL, { first: 2, after }, account.token);
          const node = edge.deals.nodes.find((deal: any) => deal.id === mayaDeal.id);
          const root = await t.gqlOk(
            ROOT_TRAIL,
            { id: mayaDeal.id, first: 2, after },
            account.token,
          );
          expect(node.auditTrail).toEqual(root.auditTrail);
          after = node.auditTrail.pageInfo.hasNextPage ? node.auditTrail.pageInfo.endCursor : null;
          pages += 1;
        } while (after);
        expect(pages).toBeGreaterThan(1);
      }
      const refused = await t.gql(EDGE_TRAIL, { first: 2, after: 'nonsense' }, maya.token);
      expectError(refused, 'BAD_USER_INPUT');
      const outOfRange = await t.gql(
        `query { deals(first: 1) { nodes { auditTrail(first: 0) { totalCount } } } }`,
        {},
        maya.token,
      );
      expectError(outOfRange, 'BAD_USER_INPUT');
      expect(outOfRange.errors![0].extensions?.reason).toBe('PAGE_SIZE_OUT_OF_RANGE');
    });

    it("withholds the deal's private notes from its brand, as the root does", async () => {
      const notesOf = async (token: string) => {
        const { deals } = await t.gqlOk(EDGE_TRAIL, { first: 20 }, token);
        const deal = deals.nodes.find((node: any) => node.id === mayaDeal.id);
        return deal.auditTrail.edges
          .flatMap((edge: any) => edge.node.changes)
          .filter((change: any) => change.field === 'notes');
      };
      expect(await notesOf(maya.token)).toEqual([
        { field: 'notes', before: null, after: 'private: ask for a raise', redacted: false },
      ]);
      expect(await notesOf(acme.token)).toEqual([
        { field: 'notes', before: null, after: null, redacted: true },
      ]);
    });

    it("never reaches another creator's deal's trail", async () => {
      // Through the edge: only the caller's deals carry one, and only their entries.
      const dealsOf = async (token: string) => {
        const { deals } = await t.gqlOk(EDGE_TRAIL, { first: 20 }, token);
        return deals.nodes.flatMap((deal: any) =>
          deal.auditTrail.edges.map((edge: any) => edge.node.dealId),
        );
      };
      expect(new Set(await dealsOf(maya.token))).toEqual(new Set([mayaDeal.id]));
      expect(new Set(await dealsOf(noor.token))).toEqual(new Set([noorDeal.id]));
      expect((await dealsOf(acme.token)).includes(noorDeal.id)).toBe(false);
      // Through node: Noor's deal is not Maya's to read, nor its entries.
      const viaNode = await t.gql(
        `query($id: ID!) { node(id: $id) { ... on Deal { auditTrail { totalCount } } } }`,
        { id: noorDeal.id },
        maya.token,
      );
      expect(viaNode.data?.node).toBeNull();
      expectError(viaNode, 'NOT_FOUND');
      const [entry] = await t.sql<{ id: string }>(
        `SELECT id FROM audit_entries WHERE deal_id = $1 LIMIT 1`,
        [noorDeal.id],
      );
      const entryAsMaya = await t.gqlOk(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
        { ids: [entry.id] },
        maya.token,
      );
      expect(entryAsMaya.nodes).toEqual([null]);
    });

    it('costs the same number of statements for one deal as for ten, actors included', async () => {
      const query = `query($first: Int!) { deals(first: $first) { nodes { id auditTrail(first: 5) {
        totalCount edges { node { id changes { field } actor { kind displayName } } }
      } } } }`;
      const count = (first: number) => t.countQueries(() => t.gqlOk(query, { first }, cara.token));
      const one = await count(1);
      const ten = await count(10);
      expect({ one, ten }).toEqual({ one, ten: one });
      const { deals } = await t.gqlOk(query, { first: 10 }, cara.token);
      expect(deals.nodes).toHaveLength(10);
      expect(deals.nodes.every((deal: any) => deal.auditTrail.totalCount > 0)).toBe(true);
    });
  });

  describe('AuditEntry.actor', () => {
    it('names the creator, the brand, "Administrator" or the system, never an email', async () => {
      // Entries a mutation could not make here: a brand member's on Maya's deal (Acme's) and on
      // Noor's (not theirs), and the Statuspage importer's (no user).
      const insert = (actor: string | null, dealId: string, operation: string) =>
        t.sql(
          `INSERT INTO audit_entries (actor_user_id, operation, entity_type, entity_id, deal_id, changes)
           VALUES ($1, $2, 'DEAL', $3, $3, '[]')`,
          [actor, operation, dealId],
        );
      await insert(acme.userId, mayaDeal.id, 'byAcme');
      await insert(acme.userId, noorDeal.id, 'byAcmeOnGlobex');
      await insert(null, mayaDeal.id, 'importStatuspage');
      await insert(admin.userId, mayaDeal.id, 'byAdmin');
      const actors = async (token: string, dealId: string) => {
        const data = await t.gqlOk(
          `query($id: ID!) { auditTrail(entityId: $id, first: 100) { nodes { operation actor { kind displayName } } } }`,
          { id: dealId },
          token,
        );
        return Object.fromEntries(
          data.auditTrail.nodes.map((entry: any) => [entry.operation, entry.actor]),
        );
      };
      const mayas = await actors(maya.token, mayaDeal.id);
      expect(mayas).toMatchObject({
        createDeal: { kind: 'CREATOR', displayName: 'Maya' },
        byAcme: { kind: 'BRAND_MEMBER', displayName: 'Acme' },
        importStatuspage: { kind: 'SYSTEM', displayName: null },
        byAdmin: { kind: 'ADMINISTRATOR', displayName: 'Administrator' },
      });
      // On a deal of a brand they do not belong to, a member's other brands stay unnamed.
      expect((await actors(noor.token, noorDeal.id)).byAcmeOnGlobex).toEqual({
        kind: 'BRAND_MEMBER',
        displayName: null,
      });
      const everything = JSON.stringify(mayas);
      for (const email of [maya.email, acme.email, admin.email]) {
        expect(everything.includes(email)).toBe(false);
      }
    });
  });

  describe('Webhook.deliveries', () => {
    it('answers what webhookDeliveries answers for each endpoint, page by page', async () => {
      for (const account of [maya, noor]) {
        for (const first of [2, 20]) {
          const edge = await t.gqlOk(EDGE_DELIVERIES, { first }, account.token);
          for (const hook of edge.webhooks) {
            let page = hook.deliveries;
            let after: string | null = null;
            for (;;) {
              const root = await t.gqlOk(
                ROOT_DELIVERIES,
                { id: hook.id, first, after },
                account.token,
              );
              expect({ hook: hook.id, after, page }).toEqual({
                hook: hook.id,
                after,
                page: root.webhookDeliveries,
              });
              if (!page.pageInfo.hasNextPage) break;
              after = page.pageInfo.endCursor;
              const next = await t.gqlOk(EDGE_DELIVERIES, { first, after }, account.token);
              page = next.webhooks.find((other: any) => other.id === hook.id).deliveries;
            }
          }
        }
      }
      const { webhooks } = await t.gqlOk(EDGE_DELIVERIES, { first: 20 }, noor.token);
      expect(webhooks.map((hook: any) => hook.deliveries.totalCount).sort()).toEqual([
        0, 0, 0, 1, 1, 1, 2, 2, 3, 3,
      ]);
      expect(byId(webhooks)[noorHooks[3]].deliveries.edges).toHaveLength(3);
    });

    it("reads only the caller's endpoints' logs", async () => {
      const { webhooks } = await t.gqlOk(EDGE_DELIVERIES, { first: 20 }, maya.token);
      expect(webhooks.map((hook: any) => hook.id)).toEqual([mayaHook]);
      expect(webhooks[0].deliveries.totalCount).toBe(3);
      const noorDelivery = await t.sql<{ id: string }>(
        `SELECT id FROM webhook_deliveries WHERE webhook_id = $1 LIMIT 1`,
        [noorHooks[1]],
      );
      const viaNode = await t.gqlOk(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
        { ids: [noorHooks[1], noorDelivery[0].id] },
        maya.token,
      );
      expect(viaNode.nodes).toEqual([null, null]);
    });

    it('costs the same number of statements for one endpoint as for ten', async () => {
      const query = `query { webhooks { id deliveries(first: 2) {
        totalCount edges { node { id status attemptLog { attempt } } } } } }`;
      const one = await t.countQueries(() => t.gqlOk(query, {}, maya.token));
      const ten = await t.countQueries(() => t.gqlOk(query, {}, noor.token));
      expect({ one, ten }).toEqual({ one, ten: one });
    });
  });
});
