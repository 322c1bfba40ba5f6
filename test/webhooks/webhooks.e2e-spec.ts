import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyDealLedgerSignature } from '../../src/webhooks/signing';
import { WebhookWorker } from '../../src/webhooks/webhook-worker';
import { expectError, expectUserError } from '../support/errors';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
} from '../support/factories';
import { Receiver, type Received } from '../support/webhook-receiver';
import { TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ALL_EVENTS = [
  'DELIVERABLE_RISK_CHANGED',
  'DELIVERABLE_POSTED',
  'OUTAGE_RECORDED',
  'OUTAGE_ENDED',
];
const CREATE = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { userErrors { field code message } secret webhook { id url events brandId createdAt } } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $id, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id eventId eventType status attempts lastStatusCode lastError nextAttemptAt deliveredAt body
      attemptLog { attempt statusCode error durationMs } } } } }`;
const RECORD = `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id version } } }`;
const WAIT_MS = 15_000;

const ENV = {
  WEBHOOK_BACKOFF_BASE_MS: '20',
  WEBHOOK_BACKOFF_MAX_MS: '100',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '3000',
};

describe('webhooks', () => {
  const receiver = new Receiver();
  let dataDir: string;
  let database: TestDatabase;
  let t: TestApp;
  let admin: string;
  let creator: string;
  let acme: string;
  let other: string;
  let acmeBrandId: string;
  let deal: any;
  let betaDeal: any;
  const hooks: Record<string, { id: string; secret: string }> = {};

  const create = async (token: string, path: string, events: string[], brandId?: string) => {
    const data = await t.gqlOk(
      CREATE,
      { input: { url: `${receiver.url}${path}`, events, brandId } },
      token,
    );
    hooks[path] = { id: data.createWebhook.webhook.id, secret: data.createWebhook.secret };
    return data.createWebhook;
  };

  /** Runs worker passes until `done()` holds (the worker is off in this app: driven by hand). */
  const runUntil = async (done: () => boolean | Promise<boolean>, app: TestApp = t) => {
    const worker = app.app.get(WebhookWorker);
    const deadline = Date.now() + WAIT_MS;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for webhook deliveries');
      await worker.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const idle = async () =>
    (await t.sql(`SELECT 1 FROM webhook_events WHERE fanned_out_at IS NULL`)).length === 0 &&
    (await t.sql(`SELECT 1 FROM webhook_deliveries WHERE status = 'PENDING'`)).length === 0;

  const expectSigned = (received: Received, path: string) => {
    expect(
      verifyDealLedgerSignature(
        hooks[path].secret,
        received.raw,
        received.headers['deal-ledger-timestamp'] as string,
        received.headers['deal-ledger-signature'] as string,
      ),
    ).toBe(true);
    expect(received.headers['deal-ledger-event-id']).toBe(received.body.id);
    expect(received.headers['content-type']).toBe('application/json');
  };

  beforeAll(async () => {
    await receiver.start();
    // A database the second app (after the "restart") opens again.
    dataDir = mkdtempSync(join(tmpdir(), 'deal-ledger-webhooks-'));
    database = await createTestDatabase();
    t = await TestApp.start({ ...ENV, DATA_DIR: dataDir }, { database, keepDatabase: true });
    admin = (await signUpAdmin(t)).token;
    creator = (await signUpCreator(t, { displayName: 'Cara' })).token;
    deal = await createDeal(t, creator, { brandName: 'Acme Sportswear' });
    betaDeal = await createDeal(t, creator, { brandName: 'Beta Drinks', title: 'Beta launch' });
    acmeBrandId = deal.brand.id;
    acme = (await inviteBrandUser(t, creator, acmeBrandId)).token;
    other = (await signUpBrand(t, 'Other Co')).token;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('endpoints', () => {
    it('registers endpoints and shows the secret once', async () => {
      const created = await create(creator, '/creator', ALL_EVENTS);
      expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
      expect(created.webhook).toMatchObject({
        url: `${receiver.url}/creator`,
        events: ALL_EVENTS,
        brandId: null,
      });
      await create(acme, '/acme', ALL_EVENTS, acmeBrandId);
      const otherBrandId = (await t.gqlOk(`query { me { brands { id } } }`, {}, other)).me.brands[0]
        .id;
      await create(other, '/other', ALL_EVENTS, otherBrandId);
      await create(admin, '/admin', ['OUTAGE_RECORDED', 'OUTAGE_ENDED']);
      await create(creator, '/failing', ['DELIVERABLE_POSTED']);

      const listed = await t.gqlOk(`query { webhooks { id url events brandId } }`, {}, acme);
      expect(listed.webhooks).toEqual([
        {
          id: hooks['/acme'].id,
          url: `${receiver.url}/acme`,
          events: ALL_EVENTS,
          brandId: acmeBrandId,
        },
      ]);
      const mine = await t.gqlOk(`query { webhooks { id } }`, {}, creator);
      expect(mine.webhooks.map((w: { id: string }) => w.id).sort()).toEqual(
        [hooks['/creator'].id, hooks['/failing'].id].sort(),
      );
      // The secret is stored (it signs every delivery) but no query returns it.
      const schema = await t.gqlOk(`query { __type(name: "Webhook") { fields { name } } }`);
      expect(schema.__type.fields.map((f: { name: string }) => f.name)).not.toContain('secret');
    });

    it('refuses bad URLs, other brands and brand accounts without a brand', async () => {
      const input = (url: string, brandId?: string) => ({
        input: { url, events: ['OUTAGE_RECORDED'], brandId },
      });
      expectUserError(
        await t.gql(CREATE, input('ftp://example.com/x'), creator),
        'createWebhook',
        'URL_SCHEME',
        'input.url',
      );
      expectUserError(
        await t.gql(CREATE, input('not a url'), creator),
        'createWebhook',
        'URL_INVALID',
        'input.url',
      );
      expectError(
        await t.gql(CREATE, input('https://example.com/x', acmeBrandId), other),
        'NOT_FOUND',
      );
      expectUserError(
        await t.gql(CREATE, input('https://example.com/x'), other),
        'createWebhook',
        'BRAND_REQUIRED',
        'input.brandId',
      );
      expectUserError(
        await t.gql(CREATE, { input: { url: 'https://example.com/x', events: [] } }, creator),
        'createWebhook',
        'VALIDATION_FAILED',
        'input.events',
      );
      expect((await t.sql(`SELECT count(*)::int AS n FROM webhooks`))[0].n).toBe(5);
    });

    it("reads another owner's endpoint as missing", async () => {
      expectError(await t.gql(DELIVERIES, { id: hooks['/acme'].id }, creator), 'NOT_FOUND');
      expectError(
        await t.gql(
          `mutation($id: ID!) { deleteWebhook(input: { id: $id }) { deletedWebhookId } }`,
          { id: hooks['/creator'].id },
          acme,
        ),
        'NOT_FOUND',
      );
      expectError(
        await t.gql(
          `mutation($id: ID!) { sendTestWebhook(input: { id: $id }) { webhookDelivery { id } } }`,
          { id: hooks['/acme'].id },
          other,
        ),
        'NOT_FOUND',
      );
    });
  });

  it('sends a signed test event', async () => {
    const queued = await t.gqlOk(
      `mutation($id: ID!) { sendTestWebhook(input: { id: $id }) { webhookDelivery { id eventType status attempts } } }`,
      { id: hooks['/acme'].id },
      acme,
    );
    expect(queued.sendTestWebhook.webhookDelivery).toMatchObject({
      eventType: 'webhook.test',
      status: 'PENDING',
      attempts: 0,
    });
    await runUntil(() => receiver.at('/acme', 'webhook.test').length === 1);
    const [received] = receiver.at('/acme', 'webhook.test');
    expectSigned(received, '/acme');
    expect(received.body.data).toMatchObject({ webhookId: hooks['/acme'].id });
    expect(received.headers['deal-ledger-delivery-id']).toBe(
      queued.sendTestWebhook.webhookDelivery.id,
    );
    // A signature made with another endpoint's secret does not verify.
    expect(
      verifyDealLedgerSignature(
        hooks['/creator'].secret,
        received.raw,
        received.headers['deal-ledger-timestamp'] as string,
        received.headers['deal-ledger-signature'] as string,
      ),
    ).toBe(false);
  });

  it('tells the owners of the deliverables an outage hits, each only about their own', async () => {
    const outage = (
      await t.gqlOk(
        RECORD,
        {
          input: {
            title: 'Meta down',
            platformSlugs: ['meta'],
            severity: 'FULL',
            startsAt: '2030-03-05T15:00:00Z',
            endsAt: '2030-03-05T17:00:00Z',
          },
        },
        admin,
      )
    ).recordOutage.outage;
    // The event rows were written with the outage, before any delivery.
    const queued = await t.sql(
      `SELECT type FROM webhook_events WHERE outage_id = $1 ORDER BY seq`,
      [outage.id],
    );
    expect(queued.map((row) => row.type)).toEqual(['outage.recorded', 'deliverable.risk_changed']);
    await runUntil(idle);

    const acmeIds = deal.deliverables.map((d: { id: string }) => d.id).sort();
    const betaIds = betaDeal.deliverables.map((d: { id: string }) => d.id).sort();
    const ids = (list: Array<{ id: string }>) => list.map((d) => d.id).sort();

    const [forCreator] = receiver.at('/creator', 'outage.recorded');
    expectSigned(forCreator, '/creator');
    expect(forCreator.body.data.outage).toMatchObject({
      id: outage.id,
      title: 'Meta down',
      platforms: ['meta'],
    });
    expect(ids(forCreator.body.data.deliverables)).toEqual([...acmeIds, ...betaIds].sort());

    const [forAcme] = receiver.at('/acme', 'outage.recorded');
    expectSigned(forAcme, '/acme');
    expect(forAcme.body.id).toBe(forCreator.body.id);
    expect(ids(forAcme.body.data.deliverables)).toEqual(acmeIds);

    // Administrators' own endpoints hear of every outage.
    expect(ids(receiver.at('/admin', 'outage.recorded')[0].body.data.deliverables)).toEqual(
      [...acmeIds, ...betaIds].sort(),
    );

    // One risk_changed per hit deliverable: the creator gets all four, Acme only its two.
    const creatorRisks = receiver.at('/creator', 'deliverable.risk_changed');
    const acmeRisks = receiver.at('/acme', 'deliverable.risk_changed');
    expect(creatorRisks.map((r) => r.body.data.deliverable.id).sort()).toEqual(
      [...acmeIds, ...betaIds].sort(),
    );
    expect(acmeRisks.map((r) => r.body.data.deliverable.id).sort()).toEqual(acmeIds);
    for (const received of acmeRisks) {
      expectSigned(received, '/acme');
      const { risk, previousRisk, cause } = received.body.data;
      expect(previousRisk.level).toBe('ON_TRACK');
      expect(risk.level).not.toBe('ON_TRACK');
      expect(risk.currency).toBe('USD');
      expect(risk.delayed).toMatch(/^\d+\.\d{2}$/);
      expect(cause).toEqual({ outageId: outage.id });
      expect(received.raw).not.toMatch(/platformIncome/i);
    }
    // The figures match what the brand reads through the API.
    const reel = acmeRisks.find((r) => r.body.data.deliverable.title === 'Launch reel')!;
    const api = await t.gqlOk(
      `query($id: ID!) { deliverable(id: $id) { risk { level suggestedSlotAt } } }`,
      { id: reel.body.data.deliverable.id },
      acme,
    );
    expect(reel.body.data.risk.level).toBe(api.deliverable.risk.level);
    // The webhook body keeps its own field name (suggestedSlot); the API's is suggestedSlotAt.
    expect(reel.body.data.risk.suggestedSlot).toBe(api.deliverable.risk.suggestedSlotAt);

    // Another brand's endpoint heard nothing at all.
    expect(receiver.at('/other')).toEqual([]);
  });

  it('sends deliverable.risk_changed for a reschedule only when the risk moves', async () => {
    const reel = deal.deliverables.find((d: { title: string }) => d.title === 'Launch reel');
    const update = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { deliverable { id } } }`;
    const before = receiver.at('/acme', 'deliverable.risk_changed').length;
    await t.gqlOk(update, { input: { id: reel.id, title: 'Launch reel (final cut)' } }, creator);
    await runUntil(idle);
    expect(receiver.at('/acme', 'deliverable.risk_changed')).toHaveLength(before);

    // Moved out of the outage (and its deadline with it): back on track.
    await t.gqlOk(
      update,
      {
        input: { id: reel.id, scheduledAt: '2030-03-07T16:00:00Z', dueAt: '2030-03-07T18:00:00Z' },
      },
      creator,
    );
    await runUntil(idle);
    const moved = receiver.at('/acme', 'deliverable.risk_changed').slice(before);
    expect(moved).toHaveLength(1);
    expect(moved[0].body.data).toMatchObject({
      deliverable: { id: reel.id, scheduledAt: '2030-03-07T16:00:00.000Z' },
      risk: { level: 'ON_TRACK', lost: '0.00', delayed: '0.00' },
      cause: { rescheduled: true },
    });
    expect(moved[0].body.data.previousRisk.level).not.toBe('ON_TRACK');
  });

  it('retries after a 500 with backoff, then gives up after the last attempt', async () => {
    const story = deal.deliverables.find((d: { title: string }) => d.title === 'Launch story');
    receiver.answer('/acme', 500);
    receiver.answer('/failing', 500, 500, 500, 500);
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id, url: "https://instagram.com/p/1" }) { deliverable { status } } }`,
      { id: story.id },
      creator,
    );
    // Two workers at once (on PostgreSQL, two connections): a claimed attempt is never sent twice.
    const worker = t.app.get(WebhookWorker);
    await Promise.all([worker.runOnce(), worker.runOnce()]);
    await runUntil(idle);

    const posted = receiver.at('/acme', 'deliverable.posted');
    expect(posted).toHaveLength(2); // a 500, then the retry
    expect(posted[1].raw).toBe(posted[0].raw);
    expectSigned(posted[1], '/acme');
    expect(posted[0].body.data.deliverable).toMatchObject({
      id: story.id,
      status: 'POSTED',
      postUrl: 'https://instagram.com/p/1',
      fee: { amount: '400.00', currency: 'USD' },
    });
    expect(receiver.at('/creator', 'deliverable.posted')).toHaveLength(1);
    expect(receiver.at('/failing', 'deliverable.posted')).toHaveLength(3); // WEBHOOK_MAX_ATTEMPTS
    expect(receiver.at('/other')).toEqual([]);

    const log = await t.gqlOk(DELIVERIES, { id: hooks['/acme'].id, first: 1 }, acme);
    expect(log.webhookDeliveries.edges[0].node).toMatchObject({
      eventType: 'deliverable.posted',
      status: 'DELIVERED',
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      attemptLog: [
        { attempt: 1, statusCode: 500, error: 'HTTP 500' },
        { attempt: 2, statusCode: 200, error: null },
      ],
    });
    const failed = await t.gqlOk(DELIVERIES, { id: hooks['/failing'].id }, creator);
    expect(failed.webhookDeliveries.edges[0].node).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
      deliveredAt: null,
    });
  });

  it('pages the delivery log in a fixed number of statements', async () => {
    const first = await t.gqlOk(DELIVERIES, { id: hooks['/acme'].id, first: 2 }, acme);
    const total = first.webhookDeliveries.totalCount;
    expect(total).toBeGreaterThanOrEqual(5); // test, outage, two risks, reschedule, posted
    const seen = first.webhookDeliveries.edges.map((e: any) => e.node.id);
    let page = first.webhookDeliveries;
    while (page.pageInfo.hasNextPage) {
      page = (
        await t.gqlOk(
          DELIVERIES,
          { id: hooks['/acme'].id, first: 2, after: page.pageInfo.endCursor },
          acme,
        )
      ).webhookDeliveries;
      seen.push(...page.edges.map((e: any) => e.node.id));
    }
    expect(new Set(seen).size).toBe(total);
    const small = await t.countQueries(() =>
      t.gqlOk(DELIVERIES, { id: hooks['/acme'].id, first: 1 }, acme),
    );
    const large = await t.countQueries(() =>
      t.gqlOk(DELIVERIES, { id: hooks['/acme'].id, first: 50 }, acme),
    );
    expect(large).toBe(small);
  });

  it('writes no event when the change fails', async () => {
    const [{ n: before }] = await t.sql(`SELECT count(*)::int AS n FROM webhook_events`);
    const [outage] = await t.sql(`SELECT id FROM outages LIMIT 1`);
    const response = await t.gql(
      `mutation($id: ID!) { endOutage(input: { id: $id, expectedVersion: 99 }) { userErrors { field code message } outage { id } } }`,
      { id: outage.id },
      admin,
    );
    expectUserError(response, 'endOutage', 'STALE_VERSION');
    const [{ n: after }] = await t.sql(`SELECT count(*)::int AS n FROM webhook_events`);
    expect(after).toBe(before);
  });

  it('deletes an endpoint', async () => {
    const deleted = await t.gqlOk(
      `mutation($id: ID!) { deleteWebhook(input: { id: $id }) { deletedWebhookId } }`,
      { id: hooks['/other'].id },
      other,
    );
    expect(deleted.deleteWebhook.deletedWebhookId).toBe(hooks['/other'].id);
    expect((await t.gqlOk(`query { webhooks { id } }`, {}, other)).webhooks).toEqual([]);
    expectError(
      await t.gql(
        `mutation($id: ID!) { deleteWebhook(input: { id: $id }) { deletedWebhookId } }`,
        { id: hooks['/other'].id },
        other,
      ),
      'NOT_FOUND',
    );
  });

  it('loses nothing across a restart: queued while no worker runs, sent by the next app', async () => {
    const outage = (
      await t.gqlOk(
        RECORD,
        {
          input: {
            title: 'Meta down again',
            platformSlugs: ['meta'],
            severity: 'FULL',
            startsAt: '2030-03-05T15:10:00Z',
          },
        },
        admin,
      )
    ).recordOutage.outage;
    await t.gqlOk(
      `mutation($id: ID!) { endOutage(input: { id: $id, endsAt: "2030-03-05T16:40:00Z" }) { outage { id } } }`,
      { id: outage.id },
      admin,
    );
    const sentBefore = receiver.received.length;
    await t.close();
    expect(receiver.received).toHaveLength(sentBefore);

    // The same database, a new process (here: app), with its worker on.
    t = await TestApp.start(
      { ...ENV, DATA_DIR: dataDir, WEBHOOK_WORKER: 'on', WEBHOOK_POLL_MS: '20' },
      { database },
    );
    const deadline = Date.now() + WAIT_MS;
    while (!(await idle()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await idle()).toBe(true);

    for (const type of ['outage.recorded', 'outage.ended']) {
      const forAdmin = receiver
        .at('/admin', type)
        .filter((r) => r.body.data.outage.id === outage.id);
      expect(forAdmin).toHaveLength(1);
      expectSigned(forAdmin[0], '/admin');
      const forCreator = receiver
        .at('/creator', type)
        .filter((r) => r.body.data.outage.id === outage.id);
      expect(forCreator).toHaveLength(1);
      expect(forCreator[0].body.data.deliverables.map((d: { dealId: string }) => d.dealId)).toEqual(
        betaDeal.deliverables.map(() => betaDeal.id),
      );
      // Acme's reel moved away and its story is posted: the outage hits nothing of Acme's.
      expect(receiver.at('/acme', type).filter((r) => r.body.data.outage.id === outage.id)).toEqual(
        [],
      );
    }
    expect(receiver.at('/other')).toEqual([]);
    // Every delivery row was sent exactly once (no duplicates after the restart).
    const [{ n }] = await t.sql(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'DELIVERED' AND status <> 'FAILED'`,
    );
    expect(n).toBe(0);
  }, 90_000);
});
