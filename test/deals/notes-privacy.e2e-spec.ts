import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookWorker } from '../../src/webhooks/webhook-worker';
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

// Distinctive, so that any output carrying the private notes is caught by a plain search.
const MARKER = 'PRIVATE-7f3a9c agent takes 20 %, brand budget was 3 000';
const SHARED = 'SHARED-41d2 usage rights: 12 months';

const ROOT = `query($id: ID!) { deal(id: $id) { id notes sharedNotes } }`;
const LIST = `query { deals(first: 100) { edges { node { id notes sharedNotes } } } }`;
const NESTED = `query($id: ID!) { deal(id: $id) {
  creator { deals { edges { node { id notes sharedNotes } } } }
  brand { deals { edges { node { id notes sharedNotes } } } }
  deliverables { id deal { id notes sharedNotes } }
} }`;
const DELIVERABLES = `query { deliverables(first: 100) { edges { node { id deal { id notes sharedNotes } } } } }`;
const DELIVERABLE = `query($id: ID!) { deliverable(id: $id) { deal { id notes sharedNotes } } }`;
const IMPACT = `query($id: ID!) { outageImpact(outageId: $id) {
  byDeal(first: 50) { nodes { deal { id notes sharedNotes } } }
  deliverables(first: 50) { edges { node { deliverable { id deal { id notes sharedNotes } } } } }
} }`;
const AUDIT = `query($id: ID!) { auditTrail(entityId: $id, first: 100) { edges { node {
  operation entityType changes { field before after redacted } } } } }`;
const EXPORT_LINK = `query { dealsExportLink { url } }`;
const CALENDAR = `mutation($brandId: ID) { createCalendarFeed(input: { brandId: $brandId }) { url } }`;
const WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;

describe('deal notes: private to the creator, shared notes to whoever reads the deal', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account; // the deal's creator
  let noor: Account; // another creator
  let acme: Account & { brandId: string | null }; // the deal's brand, its first member
  let acmeMember: Account; // joined by invitation
  let globex: Account & { brandId: string | null }; // another brand
  let deal: any;
  let outageId: string;
  let roles: Array<[string, Account]>;
  let others: Array<[string, Account]>;

  const bodyOf = (value: unknown): string => JSON.stringify(value);
  const expectNoMarker = (role: string, what: string, body: string): void => {
    // The role and output are in the message when this fails.
    expect({ role, what, leaked: body.includes(MARKER) }).toEqual({ role, what, leaked: false });
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
    acmeMember = await inviteBrandUser(t, acme.token, acme.brandId!);
    deal = await createDeal(t, maya.token, {
      brandId: acme.brandId,
      brandName: undefined,
      notes: 'first draft of the private notes',
      sharedNotes: SHARED,
    });
    // An update, so that the audit trail holds the private notes before → after.
    await t.gqlOk(
      `mutation($id: ID!) { updateDeal(input: { id: $id, notes: ${JSON.stringify(MARKER)} }) { deal { id } } }`,
      { id: deal.id },
      maya.token,
    );
    // Noor's deal with Acme too, so that Acme's lists are not only Maya's deal.
    await createDeal(t, noor.token, { brandId: acme.brandId, brandName: undefined, notes: 'Noor' });
    outageId = (
      await t.gqlOk(
        `mutation { recordOutage(input: { title: "Instagram down", platformSlugs: ["instagram"],
          startsAt: "2030-03-05T15:00:00Z", endsAt: "2030-03-05T20:00:00Z", severity: FULL }) { outage { id } } }`,
        {},
        admin.token,
      )
    ).recordOutage.outage.id;
    roles = [
      ['creator (owner)', maya],
      ['other creator', noor],
      ['brand member (owner)', acme],
      ['brand member (invited)', acmeMember],
      ["other brand's member", globex],
      ['administrator', admin],
    ];
    others = roles.filter(([, account]) => account !== maya);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the private notes to the creator alone, and the shared notes to every reader', async () => {
    const own = await t.gqlOk(ROOT, { id: deal.id }, maya.token);
    expect(own.deal).toMatchObject({ notes: MARKER, sharedNotes: SHARED });
    for (const account of [acme, acmeMember, admin]) {
      const read = await t.gqlOk(ROOT, { id: deal.id }, account.token);
      expect(read.deal).toEqual({ id: deal.id, notes: null, sharedNotes: SHARED });
    }
    for (const account of [noor, globex]) {
      expectError(await t.gql(ROOT, { id: deal.id }, account.token), 'NOT_FOUND');
    }
  });

  it('never lets the private notes reach anyone else at the root or nested', async () => {
    const queries: Array<[string, string, Record<string, unknown>]> = [
      ['deal', ROOT, { id: deal.id }],
      ['deals', LIST, {}],
      ['deal { creator/brand deals, deliverables.deal }', NESTED, { id: deal.id }],
      ['deliverables { deal }', DELIVERABLES, {}],
      ['deliverable { deal }', DELIVERABLE, { id: deal.deliverables[0].id }],
      ['outageImpact { byDeal.deal, deliverables.deal }', IMPACT, { id: outageId }],
    ];
    for (const [what, query, variables] of queries) {
      // The owner's answer carries the marker: the search below would see a leak.
      const own = await t.gql(query, variables, maya.token);
      expect({ what, found: bodyOf(own).includes(MARKER) }).toEqual({ what, found: true });
      for (const [role, account] of others) {
        expectNoMarker(role, what, bodyOf(await t.gql(query, variables, account.token)));
      }
    }
    // The brand's members and administrators do read the deal through those paths.
    const viaBrand = await t.gqlOk(DELIVERABLES, {}, acmeMember.token);
    expect(viaBrand.deliverables.edges.map((e: any) => e.node.deal)).toContainEqual({
      id: deal.id,
      notes: null,
      sharedNotes: SHARED,
    });
  });

  it('records notes in the audit trail, with private values for the creator only', async () => {
    const own = await t.gqlOk(AUDIT, { id: deal.id }, maya.token);
    const ownChanges = own.auditTrail.edges.flatMap((e: any) => e.node.changes);
    expect(ownChanges).toContainEqual({
      field: 'notes',
      before: 'first draft of the private notes',
      after: MARKER,
      redacted: false,
    });
    expect(ownChanges).toContainEqual({
      field: 'sharedNotes',
      before: null,
      after: SHARED,
      redacted: false,
    });
    for (const [role, account] of others) {
      const response = await t.gql(AUDIT, { id: deal.id }, account.token);
      expectNoMarker(role, 'auditTrail', bodyOf(response));
      if (account === noor || account === globex) {
        expectError(response, 'NOT_FOUND');
        continue;
      }
      const changes = response.data!.auditTrail.edges.flatMap((e: any) => e.node.changes);
      const notes = changes.filter((change: any) => change.field === 'notes');
      expect(notes).toEqual([
        { field: 'notes', before: null, after: null, redacted: true },
        { field: 'notes', before: null, after: null, redacted: true },
      ]);
      expect(changes).toContainEqual({
        field: 'sharedNotes',
        before: null,
        after: SHARED,
        redacted: false,
      });
    }
  });

  it("writes the private notes only into the creator's own CSV export (token or signed link)", async () => {
    const csvOf = async (account: Account) => {
      const byToken = await t
        .http()
        .get('/exports/deals.csv')
        .set('Authorization', `Bearer ${account.token}`);
      expect(byToken.status).toBe(200);
      const link = (await t.gqlOk(EXPORT_LINK, {}, account.token)).dealsExportLink.url;
      const byLink = await t.http().get(new URL(link).pathname + new URL(link).search);
      expect(byLink.status).toBe(200);
      expect(byLink.text).toBe(byToken.text);
      return byToken.text;
    };
    const own = await csvOf(maya);
    expect(own).toContain(MARKER);
    expect(own).toContain(SHARED);
    for (const [role, account] of others) {
      const csv = await csvOf(account);
      expectNoMarker(role, 'GET /exports/deals.csv', csv);
      if (account === acme || account === acmeMember || account === admin) {
        expect(csv).toContain(SHARED);
      } else {
        expect(csv).not.toContain(SHARED);
      }
    }
  });

  it('keeps the private notes out of reports and calendar feeds, whoever asks', async () => {
    for (const [role, account] of roles) {
      for (const format of ['csv', 'md', 'html']) {
        const response = await t
          .http()
          .get(`/reports/outages/${outageId}.${format}`)
          .set('Authorization', `Bearer ${account.token}`);
        expectNoMarker(role, `outage report .${format}`, response.text);
      }
      const report = await t.gql(
        `query($id: ID!) { outageReport(outageId: $id) { __typename } }`,
        { id: outageId },
        account.token,
      );
      expectNoMarker(role, 'outageReport', bodyOf(report));
    }
    // The owner's report is not empty: the deal is in it.
    const ownReport = await t
      .http()
      .get(`/reports/outages/${outageId}.csv`)
      .set('Authorization', `Bearer ${maya.token}`);
    expect(ownReport.status).toBe(200);
    expect(ownReport.text).toContain(deal.title);

    const feeds: Array<[string, Account, string | null]> = [
      ['creator (owner)', maya, null],
      ['brand member (owner)', acme, acme.brandId],
      ['brand member (invited)', acmeMember, acme.brandId],
      ['administrator', admin, null],
    ];
    for (const [role, account, brandId] of feeds) {
      const url = (await t.gqlOk(CALENDAR, { brandId }, account.token)).createCalendarFeed.url;
      const feed = await t.http().get(new URL(url).pathname);
      expect(feed.status).toBe(200);
      expectNoMarker(role, 'calendar feed', feed.text);
      if (account !== admin) expect(feed.text).toContain('Launch reel');
    }
  });

  describe('webhook bodies', () => {
    let server: Server;
    const received: string[] = [];

    beforeAll(async () => {
      server = createServer((request, response) => {
        let raw = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (raw += chunk));
        request.on('end', () => {
          received.push(raw);
          response.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('carry no private notes to any endpoint', async () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const events = ['DELIVERABLE_RISK_CHANGED', 'DELIVERABLE_POSTED', 'OUTAGE_RECORDED'];
      for (const [path, account, brandId] of [
        ['/maya', maya, undefined],
        ['/acme', acme, acme.brandId],
        ['/admin', admin, undefined],
      ] as const) {
        await t.gqlOk(
          WEBHOOK,
          { input: { url: `${base}${path}`, events, brandId: brandId ?? undefined } },
          account.token,
        );
      }
      await t.gqlOk(
        `mutation { recordOutage(input: { title: "Facebook down", platformSlugs: ["facebook"],
          startsAt: "2030-03-05T15:00:00Z", endsAt: "2030-03-05T17:00:00Z", severity: FULL }) { outage { id } } }`,
        {},
        admin.token,
      );
      await t.gqlOk(
        `mutation($id: ID!) { markDeliverablePosted(input: { id: $id }) { deliverable { id } } }`,
        { id: deal.deliverables.find((d: any) => d.title === 'Launch reel').id },
        maya.token,
      );
      const worker = t.app.get(WebhookWorker);
      const deadline = Date.now() + 15_000;
      const pending = async () =>
        (await t.sql(`SELECT 1 FROM webhook_events WHERE fanned_out_at IS NULL`)).length > 0 ||
        (await t.sql(`SELECT 1 FROM webhook_deliveries WHERE status = 'PENDING'`)).length > 0;
      while ((await pending()) || received.length === 0) {
        if (Date.now() > deadline) throw new Error('Timed out waiting for webhook deliveries');
        await worker.runOnce();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(received.length).toBeGreaterThan(0);
      for (const raw of received) expectNoMarker('webhook endpoint', 'webhook body', raw);
      const stored = await t.sql(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE strpos(body, $1) > 0`,
        [MARKER],
      );
      expect(stored[0].n).toBe(0);
    });
  });
});
