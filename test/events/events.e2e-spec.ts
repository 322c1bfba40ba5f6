import { WebhookWorker } from '../../src/webhooks/webhook-worker';
import { expectError, expectUserError } from '../support/errors';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

// Distinctive, so that any output carrying the private notes is caught by a plain search.
const MARKER = 'PRIVATE-feed-91c2 agent takes 20 %';

const FEED = `query($first: Int, $after: String, $since: DateTime, $types: [EventType!], $brandId: ID) {
  events(first: $first, after: $after, since: $since, types: $types, brandId: $brandId) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id type occurredAt previousRiskLevel riskLevel previousStatus status changedFields
      deliverable { id title riskChangedAt deal { id title notes sharedNotes } }
      deal { id title notes }
      outage { id title }
    } }
  } }`;
const NESTED = `query($first: Int) { events(first: $first) { edges { node { id deliverable { deal { title } } } } } }`;

interface EventNode {
  id: string;
  type: string;
  occurredAt: string;
  previousRiskLevel: string | null;
  riskLevel: string | null;
  previousStatus: string | null;
  status: string | null;
  changedFields: string[] | null;
  deliverable: { id: string; title: string; riskChangedAt: string | null; deal: any } | null;
  deal: { id: string; title: string; notes: string | null } | null;
  outage: { id: string; title: string } | null;
}

describe('the events feed', () => {
  let t: TestApp;
  let admin: Account;
  let cara: Account; // creator of the Acme and Beta deals
  let noor: Account; // another creator (Globex)
  let acme: Account; // member of Acme, by invitation
  let other: Account & { brandId: string | null }; // a brand with no deals
  let acmeDeal: any;
  let betaDeal: any;
  let noorDeal: any;
  let added: any;
  let outageId: string;
  const hooks = new Map<string, string>(); // user id → their endpoint

  /**
   * A feed row shows once every transaction that began writing before it has ended; on a shared
   * PostgreSQL server another spec's transaction can hold that back for a moment.
   */
  const settle = async () => {
    for (let i = 0; i < 200; i += 1) {
      const [{ ok }] = await t.sql(
        `SELECT coalesce(bool_and(txid < pg_snapshot_xmin(pg_current_snapshot())), true) AS ok FROM webhook_events`,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('feed rows never settled');
  };

  /** Every page of the feed for `token`, in order. */
  const feed = async (
    token: string,
    variables: Record<string, unknown> = {},
  ): Promise<EventNode[]> => {
    await settle();
    const nodes: EventNode[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await t.gqlOk(FEED, { first: 100, ...variables, after }, token);
      nodes.push(...data.events.edges.map((edge: any) => edge.node));
      if (!data.events.pageInfo.hasNextPage) return nodes;
      after = data.events.pageInfo.endCursor;
    }
  };
  const types = (nodes: EventNode[]) => nodes.map((node) => node.type);
  const withoutRisk = (nodes: EventNode[]) =>
    nodes.filter((node) => node.type !== 'DELIVERABLE_RISK_CHANGED');
  const runWorker = () => t.app.get(WebhookWorker).runOnce();

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    cara = await signUpCreator(t, { displayName: 'Cara' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acmeDeal = await createDeal(t, cara.token, { notes: MARKER });
    acme = await inviteBrandUser(t, cara.token, acmeDeal.brand.id);
    betaDeal = await createDeal(t, cara.token, { brandName: 'Beta Drinks', title: 'Beta launch' });
    noorDeal = await createDeal(t, noor.token, { brandName: 'Globex', title: 'Globex push' });
    other = await signUpBrand(t, 'Other Co');
    // Endpoints subscribed to every webhook type, to compare the fan-out with the feed. Nothing
    // listens there: deliveries are recorded, their attempts fail, which is all this needs.
    const hook = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
    const events = [
      'DELIVERABLE_RISK_CHANGED',
      'DELIVERABLE_POSTED',
      'OUTAGE_RECORDED',
      'OUTAGE_ENDED',
    ];
    const url = 'http://127.0.0.1:9/hook';
    for (const [account, brandId] of [
      [cara, undefined],
      [acme, acmeDeal.brand.id],
      [other, other.brandId],
    ] as const) {
      const created = await t.gqlOk(hook, { input: { url, events, brandId } }, account.token);
      hooks.set(account.userId, created.createWebhook.webhook.id);
    }

    const reel = acmeDeal.deliverables.find((d: any) => d.title === 'Launch reel');
    const story = acmeDeal.deliverables.find((d: any) => d.title === 'Launch story');
    added = (
      await t.gqlOk(
        `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) { deliverable { id } } }`,
        {
          input: {
            dealId: acmeDeal.id,
            platformSlug: 'youtube',
            kind: 'VIDEO',
            title: 'Review video',
            scheduledAt: '2030-04-01T10:00:00Z',
            dueAt: '2030-04-02T10:00:00Z',
            fee: '100.00',
          },
        },
        cara.token,
      )
    ).addDeliverable.deliverable;
    const update = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { deliverable { id } } }`;
    await t.gqlOk(
      update,
      { input: { id: story.id, title: 'Launch story v2', fee: '450.00' } },
      cara.token,
    );
    await t.gqlOk(
      update,
      {
        input: {
          id: added.id,
          scheduledAt: '2030-04-03T10:00:00Z',
          dueAt: '2030-04-04T10:00:00Z',
          kind: 'SHORT',
        },
      },
      cara.token,
    );
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id, url: "https://instagram.com/p/1" }) { deliverable { id } } }`,
      { id: story.id },
      cara.token,
    );
    await t.gqlOk(
      `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { id } } }`,
      { id: added.id },
      cara.token,
    );
    await t.gqlOk(
      `mutation($id: ID!) { setDealStatus(input: { id: $id, status: COMPLETED }) { deal { id } } }`,
      { id: betaDeal.id },
      cara.token,
    );
    outageId = (
      await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title: 'Meta down',
            platformSlugs: ['meta'],
            severity: 'FULL',
            startsAt: '2030-03-05T15:00:00Z',
            endsAt: '2030-03-05T17:00:00Z',
          },
        },
        admin.token,
      )
    ).recordOutage.outage.id;
    await t.gqlOk(
      `mutation($id: ID!) { updateOutage(input: { id: $id, title: "Meta down (EU)" }) { outage { id } } }`,
      { id: outageId },
      admin.token,
    );
    expect(reel).toBeDefined();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('records every change with its mutation, in order; risk changes only after the fan-out', async () => {
    const mine = await feed(cara.token);
    expect(types(mine)).toEqual([
      'DELIVERABLE_CREATED', // Acme: reel
      'DELIVERABLE_CREATED', // Acme: story
      'DELIVERABLE_CREATED', // Beta ×2
      'DELIVERABLE_CREATED',
      'DELIVERABLE_CREATED', // addDeliverable
      'DELIVERABLE_UPDATED', // title + fee
      'DELIVERABLE_MOVED', // scheduledAt + dueAt …
      'DELIVERABLE_UPDATED', // … and kind, in the same mutation
      'DELIVERABLE_POSTED',
      'DELIVERABLE_CANCELLED',
      'DEAL_STATUS_CHANGED',
      'OUTAGE_RECORDED',
      'OUTAGE_UPDATED',
    ]);
    expect(mine[5]).toMatchObject({ changedFields: ['title', 'fee'], riskLevel: null });
    expect(mine[6]).toMatchObject({
      changedFields: ['scheduledAt', 'dueAt'],
      deliverable: { id: added.id },
    });
    expect(mine[7]).toMatchObject({ changedFields: ['kind'], deliverable: { id: added.id } });
    expect(mine[10]).toMatchObject({
      previousStatus: 'ACTIVE',
      status: 'COMPLETED',
      deal: { id: betaDeal.id, title: 'Beta launch' },
      deliverable: null,
      changedFields: null,
    });
    expect(mine[11]).toMatchObject({
      outage: { id: outageId, title: 'Meta down (EU)' },
      deal: null,
    });
    expect(mine[12]).toMatchObject({ changedFields: ['title'] });
    // Instruction rows and the events of a failed change never show.
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM webhook_events WHERE reevaluate IS NOT NULL`,
    );
    expect(n).toBeGreaterThan(0);
    expect(new Set(mine.map((node) => node.id)).size).toBe(mine.length);
  });

  it('writes no event when the change is refused', async () => {
    const [{ n: before }] = await t.sql(`SELECT count(*)::int AS n FROM webhook_events`);
    expectUserError(
      await t.gql(
        `mutation($id: ID!) { setDealStatus(input: { id: $id, status: ACTIVE }) { userErrors { field code message } deal { id } } }`,
        { id: betaDeal.id },
        cara.token,
      ),
      'setDealStatus',
      'INVALID_STATUS_TRANSITION',
      'input.status',
    );
    const [{ n: after }] = await t.sql(`SELECT count(*)::int AS n FROM webhook_events`);
    expect(after).toBe(before);
  });

  it('shows each caller exactly their events, root and nested', async () => {
    const everything = await feed(admin.token);
    const dealOf = (node: EventNode) => node.deal?.id ?? null;
    const caraDeals = [acmeDeal.id, betaDeal.id];
    const outageTypes = ['OUTAGE_RECORDED', 'OUTAGE_UPDATED'];
    // The administrator sees everything, Noor's deal too.
    expect(everything.filter((n) => dealOf(n) === noorDeal.id)).toHaveLength(2);
    expect(everything).toHaveLength(15);

    const mine = await feed(cara.token);
    expect(mine.map((n) => n.id)).toEqual(
      everything
        .filter((n) => dealOf(n) === null || caraDeals.includes(dealOf(n)))
        .map((n) => n.id),
    );
    const acmes = await feed(acme.token);
    expect(acmes.map((n) => n.id)).toEqual(
      everything.filter((n) => dealOf(n) === null || dealOf(n) === acmeDeal.id).map((n) => n.id),
    );
    expect(types(acmes)).toEqual([
      'DELIVERABLE_CREATED',
      'DELIVERABLE_CREATED',
      'DELIVERABLE_CREATED',
      'DELIVERABLE_UPDATED',
      'DELIVERABLE_MOVED',
      'DELIVERABLE_UPDATED',
      'DELIVERABLE_POSTED',
      'DELIVERABLE_CANCELLED',
      ...outageTypes,
    ]);
    // Nested edges resolve for the brand: every deal event has its deliverable and deal.
    for (const node of acmes.filter((n) => n.type.startsWith('DELIVERABLE_'))) {
      expect(node.deliverable?.deal?.id).toBe(acmeDeal.id);
      expect(node.deal?.id).toBe(acmeDeal.id);
    }
    const others = await feed(other.token);
    expect(types(others)).toEqual(outageTypes);
    const noors = await feed(noor.token);
    expect(noors.filter((n) => n.deal).every((n) => n.deal!.id === noorDeal.id)).toBe(true);
    expect(types(noors)).toEqual(['DELIVERABLE_CREATED', 'DELIVERABLE_CREATED', ...outageTypes]);
  });

  it('never shows private deal notes', async () => {
    for (const account of [admin, cara, acme, other, noor]) {
      const data = await t.gqlOk(FEED, { first: 100 }, account.token);
      const body = JSON.stringify(data);
      if (account === cara) {
        // The creator reads her own notes through the deal, as everywhere else.
        expect(body).toContain(MARKER);
      } else {
        expect({ who: account.email, leaked: body.includes(MARKER) }).toEqual({
          who: account.email,
          leaked: false,
        });
      }
    }
    // The stored events themselves carry no notes.
    const rows = await t.sql(`SELECT data::text AS data FROM webhook_events`);
    expect(rows.some((row) => row.data.includes(MARKER))).toBe(false);
  });

  it('filters by since, types and brandId', async () => {
    const everything = await feed(admin.token);
    const cut = everything[5].occurredAt;
    const since = await feed(admin.token, { since: cut });
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((n) => n.occurredAt >= cut)).toBe(true);
    expect(since.map((n) => n.id)).toEqual(
      everything.filter((n) => n.occurredAt >= cut).map((n) => n.id),
    );

    const statuses = await feed(cara.token, { types: ['DEAL_STATUS_CHANGED', 'OUTAGE_UPDATED'] });
    expect(types(statuses)).toEqual(['DEAL_STATUS_CHANGED', 'OUTAGE_UPDATED']);

    const acmeOnly = await feed(acme.token, { brandId: acmeDeal.brand.id });
    expect(acmeOnly.every((n) => n.deal?.id === acmeDeal.id)).toBe(true);
    expect(acmeOnly).toHaveLength(8); // no outage events with a brand
    const caraBeta = await feed(cara.token, { brandId: betaDeal.brand.id });
    expect(caraBeta.map((n) => n.deal?.id)).toEqual([betaDeal.id, betaDeal.id, betaDeal.id]);
    const adminBeta = await feed(admin.token, { brandId: betaDeal.brand.id });
    expect(adminBeta.map((n) => n.id)).toEqual(caraBeta.map((n) => n.id));
    // Another brand's id reads as missing; so does a malformed one.
    expectError(await t.gql(FEED, { brandId: betaDeal.brand.id }, acme.token), 'NOT_FOUND');
    expectError(await t.gql(FEED, { brandId: acmeDeal.brand.id }, other.token), 'NOT_FOUND');
    expectError(await t.gql(FEED, { brandId: 'nope' }, acme.token), 'NOT_FOUND');
    // Noor has no deal with Beta: nothing, not an error.
    expect(await feed(noor.token, { brandId: betaDeal.brand.id })).toEqual([]);
    expectError(await t.gql(FEED, { types: [] }, cara.token), 'BAD_USER_INPUT');
  });

  it('pages with cursors in order and resumes from the last endCursor', async () => {
    const whole = await feed(cara.token);
    const seen: string[] = [];
    let after: string | null = null;
    let last: string | null = null;
    for (;;) {
      const data: any = await t.gqlOk(FEED, { first: 2, after }, cara.token);
      const { edges, pageInfo } = data.events;
      seen.push(...edges.map((e: any) => e.node.id));
      if (edges.length > 0) {
        expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
        last = pageInfo.endCursor;
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(whole.map((n) => n.id));
    // Nothing new: an empty page that keeps no cursor.
    const idle: any = await t.gqlOk(FEED, { after: last }, cara.token);
    expect(idle.events).toEqual({ pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    // A change later: exactly it, after the cursor.
    // Noor's change is not Cara's.
    await t.gqlOk(
      `mutation($id: ID!) { updateDeliverable(input: { id: $id, title: "Globex reel" }) { deliverable { id } } }`,
      { id: noorDeal.deliverables[0].id },
      noor.token,
    );
    const reel = acmeDeal.deliverables.find((d: any) => d.title === 'Launch reel');
    await t.gqlOk(
      `mutation($id: ID!) { updateDeliverable(input: { id: $id, title: "Launch reel (cut)" }) { deliverable { id } } }`,
      { id: reel.id },
      cara.token,
    );
    await settle();
    const next: any = await t.gqlOk(FEED, { after: last }, cara.token);
    expect(next.events.edges.map((e: any) => e.node.type)).toEqual(['DELIVERABLE_UPDATED']);
    expectError(await t.gql(FEED, { after: 'not-a-cursor' }, cara.token), 'BAD_USER_INPUT');
  });

  it('costs the same number of statements for 1, 10 or 50 events with nested deals', async () => {
    await settle();
    const counts = [];
    for (const first of [1, 10, 50]) {
      counts.push(await t.countQueries(() => t.gqlOk(NESTED, { first }, acme.token)));
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
  });

  it('shows risk changes once the worker fans them out, with levels, and riskChangedAt', async () => {
    const reel = acmeDeal.deliverables.find((d: any) => d.title === 'Launch reel');
    const before = await feed(acme.token, { types: ['DELIVERABLE_RISK_CHANGED'] });
    expect(before).toEqual([]);
    await runWorker();
    const risks = await feed(acme.token, { types: ['DELIVERABLE_RISK_CHANGED'] });
    const forReel = risks.filter((n) => n.deliverable?.id === reel.id);
    expect(forReel).toHaveLength(1);
    expect(forReel[0].previousRiskLevel).toBe('ON_TRACK');
    expect(forReel[0].riskLevel).not.toBe('ON_TRACK');
    expect(forReel[0].riskLevel).not.toBeNull();
    expect(forReel[0].deliverable!.riskChangedAt).toBe(forReel[0].occurredAt);
    // Only Acme's deliverables; the creator sees hers, Noor's are hers alone.
    expect(risks.every((n) => n.deal?.id === acmeDeal.id)).toBe(true);
    const caras = await feed(cara.token, { types: ['DELIVERABLE_RISK_CHANGED'] });
    expect(caras.every((n) => [acmeDeal.id, betaDeal.id].includes(n.deal!.id))).toBe(true);
    const noors = await feed(noor.token, { types: ['DELIVERABLE_RISK_CHANGED'] });
    expect(noors.length).toBeGreaterThan(0);
    expect(noors.every((n) => n.deal!.id === noorDeal.id)).toBe(true);

    // Ending the outage moves it back: a second risk change, riskChangedAt follows it.
    await t.gqlOk(
      `mutation($id: ID!) { endOutage(input: { id: $id, endsAt: "2030-03-05T15:05:00Z" }) { outage { id } } }`,
      { id: outageId },
      admin.token,
    );
    await runWorker();
    const after = await feed(acme.token);
    // It had an end already (17:00): an earlier one is an update, as for webhooks; outage.ended
    // is for an outage that gains an end.
    expect(withoutRisk(after).at(-1)).toMatchObject({
      type: 'OUTAGE_UPDATED',
      changedFields: ['endsAt'],
    });
    const reelRisks = after.filter(
      (n) => n.type === 'DELIVERABLE_RISK_CHANGED' && n.deliverable?.id === reel.id,
    );
    expect(reelRisks).toHaveLength(2);
    expect(reelRisks[1].previousRiskLevel).toBe(reelRisks[0].riskLevel);
    const read = await t.gqlOk(
      `query($id: ID!) { deliverable(id: $id) { riskChangedAt } }`,
      { id: reel.id },
      acme.token,
    );
    expect(read.deliverable.riskChangedAt).toBe(reelRisks[1].occurredAt);
    // A deliverable whose risk never moved.
    const untouched = await t.gqlOk(
      `query($id: ID!) { deliverable(id: $id) { riskChangedAt } }`,
      { id: added.id },
      cara.token,
    );
    expect(untouched.deliverable.riskChangedAt).toBeNull();

    const open = (
      await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title: 'TikTok down',
            platformSlugs: ['tiktok'],
            severity: 'FULL',
            startsAt: '2030-06-01T10:00:00Z',
          },
        },
        admin.token,
      )
    ).recordOutage.outage;
    await t.gqlOk(
      `mutation($id: ID!) { endOutage(input: { id: $id, endsAt: "2030-06-01T11:00:00Z" }) { outage { id } } }`,
      { id: open.id },
      admin.token,
    );
    const ended = await feed(other.token, { types: ['OUTAGE_RECORDED', 'OUTAGE_ENDED'] });
    expect(ended.slice(-2).map((n) => [n.type, n.outage?.id])).toEqual([
      ['OUTAGE_RECORDED', open.id],
      ['OUTAGE_ENDED', open.id],
    ]);
  });

  it('agrees with the webhook fan-out on who hears of a deliverable event', async () => {
    await runWorker();
    const subscribed = ['DELIVERABLE_POSTED', 'DELIVERABLE_RISK_CHANGED'];
    for (const account of [cara, acme, other]) {
      const delivered = await t.sql(
        `SELECT d.event_id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
          WHERE d.webhook_id = $1 AND e.type LIKE 'deliverable.%' ORDER BY e.seq`,
        [hooks.get(account.userId)],
      );
      const read = await feed(account.token, { types: subscribed });
      expect(delivered.map((row) => row.event_id).sort()).toEqual(read.map((n) => n.id).sort());
    }
    // No endpoint hears of a type it cannot subscribe to.
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE e.type NOT IN ('deliverable.risk_changed', 'deliverable.posted', 'outage.recorded',
          'outage.ended', 'webhook.test')`,
    );
    expect(n).toBe(0);
  });
});
