import { randomUUID } from 'node:crypto';
import { expectError, expectUserError, userErrorsIn } from '../support/errors';
import {
  CREATE_DEAL,
  createDeal,
  dealInput,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp, type GraphqlResponse } from '../support/test-app';

interface Sent {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
  replayed: boolean;
}

const USER_ERRORS = `userErrors { field code message }`;
const ADD = `mutation Add($input: AddDeliverableInput!) { addDeliverable(input: $input) {
  ${USER_ERRORS} deliverable { id title status version fee { amount currency } } } }`;
const POSTED = `mutation Posted($input: MarkDeliverablePostedInput!) {
  markDeliverablePosted(input: $input) { ${USER_ERRORS} deliverable { id status postedAt postUrl version } } }`;
const RECORD = `mutation Record($input: RecordOutageInput!) { recordOutage(input: $input) {
  ${USER_ERRORS} outage { id title version platforms { slug } } } }`;
const TOKEN = `mutation Token($input: CreateAccessTokenInput!) { createAccessToken(input: $input) {
  ${USER_ERRORS} token accessToken { id name } } }`;
const INVITE = `mutation Invite($input: CreateBrandInvitationInput!) {
  createBrandInvitation(input: $input) { ${USER_ERRORS} code invitation { id email } } }`;
const HOOK = `mutation Hook($input: CreateWebhookInput!) { createWebhook(input: $input) {
  ${USER_ERRORS} secret webhook { id url } } }`;
const FEED = `mutation Feed($input: CreateCalendarFeedInput!) { createCalendarFeed(input: $input) {
  ${USER_ERRORS} url calendarFeed { id } } }`;

/**
 * What a replay must repeat: the data and errors. `extensions.cost` is this request's own charge
 * (a replay is charged too), so it differs between the first answer and its replay.
 */
/** A sent request's answer, in the shape the error helpers read. */
function asResponse(sent: Sent): GraphqlResponse {
  return { status: sent.status, data: sent.body.data, errors: sent.body.errors } as GraphqlResponse;
}

function answer(sent: Sent): Pick<Sent['body'], 'data' | 'errors'> {
  return { data: sent.body.data, errors: sent.body.errors };
}

describe('Idempotency-Key on create mutations', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };

  /** POSTs a GraphQL request with an optional Idempotency-Key, like any HTTP client. */
  async function send(
    query: string,
    variables: Record<string, unknown>,
    token: string | undefined,
    key?: string,
  ): Promise<Sent> {
    let call = t.http().post('/graphql').set('content-type', 'application/json');
    if (token) call = call.set('authorization', `Bearer ${token}`);
    if (key !== undefined) call = call.set('idempotency-key', key);
    const response = await call.send({ query, variables });
    return {
      status: response.status,
      body: response.body,
      replayed: response.headers['idempotent-replayed'] === 'true',
    };
  }

  async function counts() {
    const [row] = await t.sql(
      `SELECT (SELECT count(*) FROM deals)::int AS deals,
              (SELECT count(*) FROM deliverables)::int AS deliverables,
              (SELECT count(*) FROM outages)::int AS outages,
              (SELECT count(*) FROM access_tokens)::int AS tokens,
              (SELECT count(*) FROM idempotency_keys)::int AS keys,
              (SELECT count(*) FROM audit_entries)::int AS audit`,
    );
    return row as Record<string, number>;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
  });
  afterAll(async () => {
    await t.close();
  });

  it('replays the first response to a sequential retry without writing again', async () => {
    const key = randomUUID();
    const before = await counts();
    const first = await send(CREATE_DEAL, { input: dealInput() }, maya.token, key);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.createDeal.userErrors).toEqual([]);
    expect(first.replayed).toBe(false);
    const second = await send(CREATE_DEAL, { input: dealInput() }, maya.token, key);
    expect(answer(second)).toEqual(answer(first));
    expect(second.replayed).toBe(true);
    expect(await counts()).toEqual({
      ...before,
      deals: before.deals + 1,
      deliverables: before.deliverables + 2,
      keys: before.keys + 1,
      audit: before.audit + 3, // the deal and its two deliverables, once
    });
    // Variables in another key order are the same request.
    const reordered = Object.fromEntries(Object.entries(dealInput()).reverse());
    const third = await send(CREATE_DEAL, { input: reordered }, maya.token, key);
    expect(answer(third)).toEqual(answer(first));

    // The key is stored hashed, the response encrypted: neither appears in the row.
    const [row] = await t.sql(
      `SELECT key_hash, operation, response, expires_at - created_at >= interval '24 hours' AS lasts_a_day
         FROM idempotency_keys WHERE user_id = $1`,
      [maya.userId],
    );
    expect(row.key_hash).not.toContain(key);
    expect(row.operation).toBe('createDeal');
    expect(row.lasts_a_day).toBe(true);
    const stored = Buffer.from(row.response).toString('latin1');
    expect(stored).not.toContain(first.body.data!.createDeal.deal.id);
    expect(stored).not.toContain('Spring launch');
  });

  it('writes once when two identical requests arrive at the same time, for each create', async () => {
    const deal = await createDeal(t, maya.token);
    const planned = deal.deliverables[0].id;
    const endpoint = (
      await t.gqlOk(
        HOOK,
        { input: { url: 'https://hooks.example.com/tested', events: ['DELIVERABLE_POSTED'] } },
        maya.token,
      )
    ).createWebhook.webhook.id as string;
    const cases: Array<{
      name: string;
      query: string;
      variables: Record<string, unknown>;
      token: string;
      table: string;
    }> = [
      {
        name: 'createDeal',
        query: CREATE_DEAL,
        variables: { input: dealInput() },
        token: maya.token,
        table: 'deals',
      },
      {
        name: 'addDeliverable',
        query: ADD,
        variables: {
          input: {
            dealId: deal.id,
            platformSlug: 'tiktok',
            kind: 'SHORT',
            title: 'Extra',
            fee: '50.00',
            scheduledAt: '2030-03-06T10:00:00Z',
            dueAt: '2030-03-07T10:00:00Z',
          },
        },
        token: maya.token,
        table: 'deliverables',
      },
      {
        name: 'markDeliverablePosted',
        query: POSTED,
        variables: { input: { id: planned, url: 'https://instagram.com/p/once' } },
        token: maya.token,
        table: `deliverables WHERE status = 'POSTED'`,
      },
      {
        name: 'recordOutage',
        query: RECORD,
        variables: {
          input: {
            title: 'Meta down',
            platformSlugs: ['meta'],
            startsAt: '2030-01-01T10:00:00Z',
            severity: 'FULL',
          },
        },
        token: admin.token,
        table: 'outages',
      },
      {
        name: 'createAccessToken',
        query: TOKEN,
        variables: { input: { name: 'ci script' } },
        token: maya.token,
        table: 'access_tokens',
      },
      {
        name: 'createBrandInvitation',
        query: INVITE,
        variables: { input: { brandId: acme.brandId, email: 'new.member@example.com' } },
        token: acme.token,
        table: 'brand_invitations',
      },
      {
        name: 'createCalendarFeed',
        query: FEED,
        variables: { input: { alarmMinutesBefore: 60 } },
        token: maya.token,
        table: 'calendar_feeds',
      },
      {
        name: 'createWebhook',
        query: HOOK,
        variables: {
          input: { url: 'https://hooks.example.com/deal-ledger', events: ['DELIVERABLE_POSTED'] },
        },
        token: maya.token,
        table: 'webhooks',
      },
      {
        name: 'sendTestWebhook',
        query: `mutation Test($input: SendTestWebhookInput!) { sendTestWebhook(input: $input) {
          ${USER_ERRORS} webhookDelivery { id } } }`,
        variables: { input: { id: endpoint } },
        token: maya.token,
        table: 'webhook_deliveries',
      },
      {
        name: 'createPlatform',
        query: `mutation Platform($input: CreatePlatformInput!) { createPlatform(input: $input) {
          ${USER_ERRORS} platform { id slug } } }`,
        variables: { input: { slug: 'threads-x', name: 'Threads X', kind: 'SOCIAL' } },
        token: admin.token,
        table: 'platforms',
      },
    ];
    for (const { name, query, variables, token, table } of cases) {
      const count = async () =>
        (await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
      const before = await count();
      const key = `twins-${name}`;
      const [a, b] = await Promise.all([
        send(query, variables, token, key),
        send(query, variables, token, key),
      ]);
      try {
        expect(a.body.errors).toBeUndefined();
        expect(a.body.data![name]).toBeTruthy();
        expect(userErrorsIn(a.body.data)).toEqual([]);
        expect(answer(b)).toEqual(answer(a));
        // One of the two executed; the other is a replay of it.
        expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
        expect(await count()).toBe(before + 1);
        const later = await send(query, variables, token, key);
        expect(answer(later)).toEqual(answer(a));
        expect(await count()).toBe(before + 1);
      } catch (error) {
        throw new Error(`${name}: ${JSON.stringify([a, b])}\n${String(error)}`);
      }
    }
    // The replayed token is the one that was minted, and it works.
    const tokens = await send(
      TOKEN,
      { input: { name: 'ci script' } },
      maya.token,
      'twins-createAccessToken',
    );
    const minted = tokens.body.data!.createAccessToken.token as string;
    expect((await t.gqlOk(`query { me { id } }`, {}, minted)).me.id).toBe(maya.userId);
  });

  it('refuses the same key with another request, writing nothing', async () => {
    const key = randomUUID();
    await send(CREATE_DEAL, { input: dealInput({ title: 'First' }) }, maya.token, key);
    const before = await counts();
    const reused = await send(
      CREATE_DEAL,
      { input: dealInput({ title: 'Second' }) },
      maya.token,
      key,
    );
    expectError(
      { status: reused.status, data: reused.body.data, errors: reused.body.errors },
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(reused.body.data ?? null).toBeNull();
    // Another operation name or another mutation with the key: also another request.
    const renamed = await send(
      CREATE_DEAL.replace('mutation CreateDeal', 'mutation Again'),
      { input: dealInput({ title: 'First' }) },
      maya.token,
      key,
    );
    expect(renamed.body.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const other = await send(TOKEN, { input: { name: 'x' } }, maya.token, key);
    expect(other.body.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await counts()).toEqual(before);

    // Two different requests racing for one key: one is written, the other refused.
    const raceKey = randomUUID();
    const raced = await Promise.all([
      send(CREATE_DEAL, { input: dealInput({ title: 'Left' }) }, maya.token, raceKey),
      send(CREATE_DEAL, { input: dealInput({ title: 'Right' }) }, maya.token, raceKey),
    ]);
    const codes = raced.map((response) => response.body.errors?.[0].extensions?.code ?? 'OK');
    expect(codes.sort()).toEqual(['IDEMPOTENCY_KEY_REUSED', 'OK']);
    const titles = await t.sql(`SELECT title FROM deals WHERE title IN ('Left', 'Right')`);
    expect(titles).toHaveLength(1);
  });

  it('keeps keys per user: the same key from another user is independent', async () => {
    const key = 'shared-key-1';
    const before = await counts();
    const fromMaya = await send(CREATE_DEAL, { input: dealInput() }, maya.token, key);
    const fromNoor = await send(
      CREATE_DEAL,
      { input: dealInput({ title: 'Noor' }) },
      noor.token,
      key,
    );
    expect(fromMaya.body.errors).toBeUndefined();
    expect(fromNoor.body.errors).toBeUndefined();
    expect(userErrorsIn(fromMaya.body.data)).toEqual([]);
    expect(userErrorsIn(fromNoor.body.data)).toEqual([]);
    expect(fromNoor.replayed).toBe(false);
    expect(fromNoor.body.data!.createDeal.deal.id).not.toBe(fromMaya.body.data!.createDeal.deal.id);
    expect((await counts()).deals).toBe(before.deals + 2);
  });

  it('leaves the key free when the request fails', async () => {
    const key = randomUUID();
    const before = await counts();
    // Fails inside the transaction, after the key was claimed: the claim rolls back with it.
    const missingBrand = dealInput({ brandName: undefined, brandId: randomUUID() });
    const failed = await send(CREATE_DEAL, { input: missingBrand }, maya.token, key);
    expect(failed.replayed).toBe(false);
    expectUserError(asResponse(failed), 'createDeal', 'UNKNOWN_BRAND', 'input.brandId');
    // Fails before the transaction.
    const failedEarly = await send(
      CREATE_DEAL,
      { input: dealInput({ totalFee: '1.00' }) },
      maya.token,
      key,
    );
    expect(failedEarly.replayed).toBe(false);
    expectUserError(asResponse(failedEarly), 'createDeal', 'FEES_DO_NOT_ADD_UP');
    expect(await counts()).toEqual(before);
    // Not stored: the same failing request runs again (and fails again) rather than replaying.
    const again = await send(CREATE_DEAL, { input: missingBrand }, maya.token, key);
    expect(again.replayed).toBe(false);
    expectUserError(asResponse(again), 'createDeal', 'UNKNOWN_BRAND', 'input.brandId');
    expect(await counts()).toEqual(before);
    // And a corrected request may use the key.
    const fixed = await send(CREATE_DEAL, { input: dealInput() }, maya.token, key);
    expect(fixed.body.errors).toBeUndefined();
    expect(fixed.replayed).toBe(false);
    expect(userErrorsIn(fixed.body.data)).toEqual([]);
    expect((await counts()).deals).toBe(before.deals + 1);
  });

  it('lets an expired key be used again', async () => {
    const key = randomUUID();
    const first = await send(CREATE_DEAL, { input: dealInput({ title: 'Old' }) }, maya.token, key);
    expect(first.body.errors).toBeUndefined();
    expect(userErrorsIn(first.body.data)).toEqual([]);
    await t.sql(
      `UPDATE idempotency_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
        WHERE user_id = $1`,
      [maya.userId],
    );
    const second = await send(CREATE_DEAL, { input: dealInput({ title: 'New' }) }, maya.token, key);
    expect(second.body.errors).toBeUndefined();
    expect(userErrorsIn(second.body.data)).toEqual([]);
    expect(second.replayed).toBe(false);
    expect(second.body.data!.createDeal.deal.id).not.toBe(first.body.data!.createDeal.deal.id);
  });

  it('checks the header and where it applies', async () => {
    const before = await counts();
    for (const bad of ['has space', 'x'.repeat(256), 'tab\there']) {
      const response = await send(CREATE_DEAL, { input: dealInput() }, maya.token, bad);
      expect(response.body.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_IDEMPOTENCY_KEY',
      });
    }
    expect(await counts()).toEqual(before);
    const longest = await send(CREATE_DEAL, { input: dealInput() }, maya.token, '~'.repeat(255));
    expect(longest.body.errors).toBeUndefined();
    expect(userErrorsIn(longest.body.data)).toEqual([]);

    // One key covers one mutation field.
    const two = await send(
      `mutation($input: CreateDealInput!) { a: createDeal(input: $input) { deal { id } } b: createDeal(input: $input) { deal { id } } }`,
      { input: dealInput() },
      maya.token,
      randomUUID(),
    );
    expect(two.body.errors?.[0].extensions?.reason).toBe('IDEMPOTENCY_KEY_NEEDS_ONE_FIELD');

    // Other mutations ignore it (updates carry expectedVersion instead).
    const deal = await createDeal(t, maya.token);
    const UPDATE = `mutation($id: ID!, $title: String) { updateDeal(input: { id: $id, title: $title }) {
      ${USER_ERRORS} deal { title version } } }`;
    const key = randomUUID();
    // (Two different titles: an update that changes nothing keeps its version, so a second
    // identical one could not tell a replay from a run.)
    await send(UPDATE, { id: deal.id, title: 'One' }, maya.token, key);
    const updated = await send(UPDATE, { id: deal.id, title: 'Two' }, maya.token, key);
    expect(updated.body.data!.updateDeal).toEqual({
      userErrors: [],
      deal: { title: 'Two', version: 3 },
    });

    // Without a valid token the guard answers as usual, and nothing is stored.
    const anonymous = await send(CREATE_DEAL, { input: dealInput() }, undefined, randomUUID());
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
