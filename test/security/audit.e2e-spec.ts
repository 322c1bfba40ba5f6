import { randomUUID } from 'node:crypto';
import { expectError, expectUserError } from '../support/errors';
import {
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const TRAIL = `query Trail($id: ID!, $first: Int, $after: String) {
  auditTrail(entityId: $id, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id occurredAt actorUserId operation entityType entityId dealId
      changes { field before after beforeMoney { amount currency minor } afterMoney { amount currency minor } }
    } }
  }
}`;

interface Change {
  field: string;
  before: string | null;
  after: string | null;
  beforeMoney: { amount: string; currency: string; minor: string } | null;
  afterMoney: { amount: string; currency: string; minor: string } | null;
}
interface Entry {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  operation: string;
  entityType: string;
  entityId: string;
  dealId: string | null;
  changes: Change[];
}

/** `{ field: [before, after] }` of an entry, for compact expectations. */
function fields(entry: Entry): Record<string, [string | null, string | null]> {
  return Object.fromEntries(entry.changes.map((c) => [c.field, [c.before, c.after]]));
}

describe('audit trail', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };

  async function trail(id: string, token: string, first = 100): Promise<Entry[]> {
    const data = await t.gqlOk(TRAIL, { id, first }, token);
    return data.auditTrail.edges.map((edge: { node: Entry }) => edge.node);
  }

  /** Entries of one operation on one record (the trail is oldest first). */
  async function entriesOf(id: string, operation: string): Promise<Entry[]> {
    return (await trail(id, admin.token)).filter(
      (entry) => entry.entityId === id && entry.operation === operation,
    );
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a deal and its deliverables, and every change to money, dates, terms and status', async () => {
    const deal = await createDeal(t, maya.token, {
      brandId: acme.brandId,
      brandName: undefined,
      alternatePlatformSlugs: ['youtube'],
    });
    const story = deal.deliverables.find((d: any) => d.title === 'Launch story');
    const reel = deal.deliverables.find((d: any) => d.title === 'Launch reel');

    // createDeal: one entry for the deal, one per deliverable, all "created" (before null).
    let entries = await trail(deal.id, maya.token);
    expect(entries.map((e) => [e.operation, e.entityType, e.entityId])).toEqual([
      ['createDeal', 'DEAL', deal.id],
      ['createDeal', 'DELIVERABLE', expect.any(String)],
      ['createDeal', 'DELIVERABLE', expect.any(String)],
    ]);
    const created = entries[0];
    expect(created.actorUserId).toBe(maya.userId);
    expect(created.dealId).toBe(deal.id);
    expect(fields(created)).toMatchObject({
      title: [null, 'Spring launch'],
      currency: [null, 'USD'],
      totalFee: [null, '160000'],
      status: [null, 'ACTIVE'],
      'terms.latePenaltyBpsPerDay': [null, '250'],
      'terms.forceMajeure': [null, 'false'],
      alternatePlatforms: [null, '["youtube"]'],
    });
    expect(created.changes.find((c) => c.field === 'totalFee')!.afterMoney).toEqual({
      amount: '1600.00',
      currency: 'USD',
      minor: '160000',
    });
    const reelCreated = entries.find((e) => e.entityId === reel.id)!;
    expect(fields(reelCreated)).toMatchObject({
      platform: [null, 'instagram'],
      fee: [null, '120000'],
      scheduledAt: [null, '2030-03-05T16:00:00.000Z'],
      dueAt: [null, '2030-03-05T18:00:00.000Z'],
      status: [null, 'PLANNED'],
    });
    expect(new Date(created.occurredAt).getTime()).toBeLessThanOrEqual(Date.now());

    // updateDeal: the total and a term; the planned fees re-spread (400 : 1200 → 500 : 1500).
    await t.gqlOk(
      `mutation($id: ID!) { updateDeal(input: { id: $id, totalFee: "2000.00", terms: { latePenaltyBpsPerDay: 100 },
        alternatePlatformSlugs: ["youtube", "tiktok"], notes: "private to Maya" }) { deal { id } } }`,
      { id: deal.id },
      maya.token,
    );
    const [dealUpdate] = await entriesOf(deal.id, 'updateDeal');
    expect(fields(dealUpdate)).toEqual({
      totalFee: ['160000', '200000'],
      'terms.latePenaltyBpsPerDay': ['250', '100'],
      alternatePlatforms: ['["youtube"]', '["youtube","tiktok"]'],
      // Private notes are audited, but an administrator sees only that they changed.
      notes: [null, null],
    });
    const ownView = (await trail(deal.id, maya.token)).find((e) => e.operation === 'updateDeal')!;
    expect(fields(ownView).notes).toEqual([null, 'private to Maya']);
    expect(fields((await entriesOf(story.id, 'updateDeal'))[0])).toEqual({
      fee: ['40000', '50000'],
    });
    expect(fields((await entriesOf(reel.id, 'updateDeal'))[0])).toEqual({
      fee: ['120000', '150000'],
    });
    expect((await entriesOf(reel.id, 'updateDeal'))[0].dealId).toBe(deal.id);

    // addDeliverable with a fee: the deal's total grows by it.
    const added = await t.gqlOk(
      `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) { deliverable { id } } }`,
      {
        input: {
          dealId: deal.id,
          platformSlug: 'tiktok',
          kind: 'SHORT',
          title: 'Extra',
          fee: '300.00',
          scheduledAt: '2030-03-06T10:00:00Z',
          dueAt: '2030-03-07T10:00:00Z',
        },
      },
      maya.token,
    );
    const extra = added.addDeliverable.deliverable.id;
    expect(fields((await entriesOf(extra, 'addDeliverable'))[0])).toMatchObject({
      platform: [null, 'tiktok'],
      fee: [null, '30000'],
      dueAt: [null, '2030-03-07T10:00:00.000Z'],
    });
    expect(fields((await entriesOf(deal.id, 'addDeliverable'))[0])).toEqual({
      totalFee: ['200000', '230000'],
    });

    // addDeliverable without a fee: the others give up a share (2300.00 / 4 = 575.00).
    const shared = await t.gqlOk(
      `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) { deliverable { id fee { amount } } } }`,
      {
        input: {
          dealId: deal.id,
          platformSlug: 'x',
          kind: 'POST',
          title: 'Share',
          scheduledAt: '2030-03-06T10:00:00Z',
          dueAt: '2030-03-07T10:00:00Z',
        },
      },
      maya.token,
    );
    expect(shared.addDeliverable.deliverable.fee.amount).toBe('575.00');
    const respread = (await trail(deal.id, maya.token)).filter(
      (e) =>
        e.operation === 'addDeliverable' && e.entityType === 'DELIVERABLE' && fields(e).fee?.[0],
    );
    // the three planned deliverables that gave up a share, and no deal entry (the total stays)
    expect(respread).toHaveLength(3);
    expect(await entriesOf(deal.id, 'addDeliverable')).toHaveLength(1);
    expect(fields(respread.find((e) => e.entityId === reel.id)!)).toEqual({
      fee: ['150000', expect.any(String)],
    });

    // updateDeliverable: fee and deadline; the deal's total moves by the difference.
    const before = (
      await t.sql(`SELECT fee::text AS fee FROM deliverables WHERE id = $1`, [reel.id])
    )[0].fee;
    await t.gqlOk(
      `mutation($id: ID!) { updateDeliverable(input: { id: $id, fee: "1000.00", dueAt: "2030-03-05T20:00:00Z", platformSlug: "threads" }) { deliverable { id } } }`,
      { id: reel.id },
      maya.token,
    );
    expect(fields((await entriesOf(reel.id, 'updateDeliverable'))[0])).toEqual({
      dueAt: ['2030-03-05T18:00:00.000Z', '2030-03-05T20:00:00.000Z'],
      fee: [before, '100000'],
      platform: ['instagram', 'threads'],
    });
    const totalMove = fields((await entriesOf(deal.id, 'updateDeliverable'))[0]).totalFee;
    expect(BigInt(totalMove[0]!) - BigInt(totalMove[1]!)).toBe(BigInt(before) - 100000n);

    // markDeliverablePosted and cancelDeliverable: status (and when/where it was posted).
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id, postedAt: "2024-03-05T16:00:00Z", url: "https://instagram.com/p/abc" }) { deliverable { id } } }`,
      { id: story.id },
      maya.token,
    );
    expect(fields((await entriesOf(story.id, 'markDeliverablePosted'))[0])).toEqual({
      status: ['PLANNED', 'POSTED'],
      postedAt: [null, '2024-03-05T16:00:00.000Z'],
      postUrl: [null, 'https://instagram.com/p/abc'],
    });
    await t.gqlOk(
      `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { id } } }`,
      { id: extra },
      maya.token,
    );
    expect(fields((await entriesOf(extra, 'cancelDeliverable'))[0])).toEqual({
      status: ['PLANNED', 'CANCELLED'],
    });

    // setDealStatus.
    await t.gqlOk(
      `mutation($id: ID!) { setDealStatus(input: { id: $id, status: COMPLETED }) { deal { id } } }`,
      { id: deal.id },
      maya.token,
    );
    expect(fields((await entriesOf(deal.id, 'setDealStatus'))[0])).toEqual({
      status: ['ACTIVE', 'COMPLETED'],
    });

    // A deliverable's own trail holds only its entries, in order.
    entries = await trail(reel.id, maya.token);
    expect(entries.map((e) => e.operation)).toEqual([
      'createDeal',
      'updateDeal',
      'addDeliverable',
      'updateDeliverable',
    ]);
    expect(entries.every((e) => e.entityId === reel.id)).toBe(true);
  });

  it('records outages and platform accounts', async () => {
    const {
      recordOutage: { outage },
    } = await t.gqlOk(
      `mutation { recordOutage(input: { title: "Meta down", platformSlugs: ["meta", "instagram"], startsAt: "2024-03-05T15:00:00Z", severity: FULL }) { outage { id } } }`,
      {},
      admin.token,
    );
    await t.gqlOk(
      `mutation($id: ID!) { updateOutage(input: { id: $id, severity: PARTIAL, degradationBps: 5000, platformSlugs: ["meta"] }) { outage { id } } }`,
      { id: outage.id },
      admin.token,
    );
    await t.gqlOk(
      `mutation($id: ID!) { endOutage(input: { id: $id, endsAt: "2024-03-05T17:20:00Z" }) { outage { id } } }`,
      { id: outage.id },
      admin.token,
    );
    const entries = await trail(outage.id, admin.token);
    expect(entries.map((e) => [e.operation, e.entityType, e.dealId, e.actorUserId])).toEqual([
      ['recordOutage', 'OUTAGE', null, admin.userId],
      ['updateOutage', 'OUTAGE', null, admin.userId],
      ['endOutage', 'OUTAGE', null, admin.userId],
    ]);
    expect(fields(entries[0])).toMatchObject({
      platforms: [null, '["instagram","meta"]'],
      startsAt: [null, '2024-03-05T15:00:00.000Z'],
      severity: [null, 'FULL'],
      degradationBps: [null, '10000'],
    });
    expect(fields(entries[1])).toEqual({
      platforms: ['["instagram","meta"]', '["meta"]'],
      severity: ['FULL', 'PARTIAL'],
      degradationBps: ['10000', '5000'],
    });
    expect(fields(entries[2])).toEqual({ endsAt: [null, '2024-03-05T17:20:00.000Z'] });

    const UPSERT = `mutation($input: UpsertPlatformAccountInput!) { upsertPlatformAccount(input: $input) { platformAccount { id } } }`;
    const input = {
      platformSlug: 'instagram',
      handle: '@maya',
      followers: 1000,
      dailyEarnings: { amount: '120.00', currency: 'USD' },
    };
    const {
      upsertPlatformAccount: { platformAccount: account },
    } = await t.gqlOk(UPSERT, { input }, maya.token);
    const lower = { ...input, dailyEarnings: { amount: '95.50', currency: 'USD' } };
    await t.gqlOk(UPSERT, { input: lower }, maya.token);
    await t.gqlOk(UPSERT, { input: lower }, maya.token); // no change
    const accountEntries = await trail(account.id, maya.token);
    expect(accountEntries).toHaveLength(2);
    expect(fields(accountEntries[0])).toEqual({
      platform: [null, 'instagram'],
      handle: [null, '@maya'],
      followers: [null, '1000'],
      currency: [null, 'USD'],
      dailyEarnings: [null, '12000'],
    });
    expect(accountEntries[1].changes).toEqual([
      {
        field: 'dailyEarnings',
        before: '12000',
        after: '9550',
        beforeMoney: { amount: '120.00', currency: 'USD', minor: '12000' },
        afterMoney: { amount: '95.50', currency: 'USD', minor: '9550' },
      },
    ]);
    expect(accountEntries[1].actorUserId).toBe(maya.userId);
  });

  it("lets the deal's creator, its brand's members and admins read; anyone else gets NOT_FOUND", async () => {
    const deal = await createDeal(t, maya.token, { brandId: acme.brandId, brandName: undefined });
    const deliverable = deal.deliverables[0].id;
    for (const reader of [maya, acme, admin]) {
      expect((await trail(deal.id, reader.token)).length).toBe(3);
      expect((await trail(deliverable, reader.token)).length).toBe(1);
    }
    for (const outsider of [noor, globex]) {
      for (const id of [deal.id, deliverable, randomUUID(), 'not-a-uuid']) {
        expectError(await t.gql(TRAIL, { id }, outsider.token), 'NOT_FOUND');
      }
    }
    expectError(await t.gql(TRAIL, { id: deal.id }), 'UNAUTHENTICATED');

    // Outages: administrators only.
    const {
      recordOutage: { outage },
    } = await t.gqlOk(
      `mutation { recordOutage(input: { title: "X down", platformSlugs: ["x"], startsAt: "2024-03-05T15:00:00Z", severity: FULL }) { outage { id } } }`,
      {},
      admin.token,
    );
    for (const reader of [maya, acme]) {
      expectError(await t.gql(TRAIL, { id: outage.id }, reader.token), 'NOT_FOUND');
    }
    // Platform accounts: the owning creator and administrators.
    const {
      upsertPlatformAccount: { platformAccount: account },
    } = await t.gqlOk(
      `mutation { upsertPlatformAccount(input: { platformSlug: "youtube", handle: "@noor", followers: 5, dailyEarnings: { amount: "1.00", currency: GBP } }) { platformAccount { id } } }`,
      {},
      noor.token,
    );
    expect(await trail(account.id, noor.token)).toHaveLength(1);
    expect(await trail(account.id, admin.token)).toHaveLength(1);
    for (const outsider of [maya, acme]) {
      expectError(await t.gql(TRAIL, { id: account.id }, outsider.token), 'NOT_FOUND');
    }

    // Pages, oldest first.
    const firstPage = await t.gqlOk(TRAIL, { id: deal.id, first: 2 }, maya.token);
    expect(firstPage.auditTrail.totalCount).toBe(3);
    expect(firstPage.auditTrail.pageInfo.hasNextPage).toBe(true);
    const rest = await t.gqlOk(
      TRAIL,
      { id: deal.id, first: 2, after: firstPage.auditTrail.pageInfo.endCursor },
      maya.token,
    );
    expect(rest.auditTrail.edges).toHaveLength(1);
    expect(rest.auditTrail.pageInfo.hasNextPage).toBe(false);
    expectError(
      await t.gql(TRAIL, { id: deal.id, after: 'garbage' }, maya.token),
      'BAD_USER_INPUT',
    );
  });

  it('writes nothing when the mutation fails', async () => {
    const deal = await createDeal(t, maya.token);
    const count = async () => (await t.sql(`SELECT count(*)::int AS n FROM audit_entries`))[0].n;
    const before = await count();
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id }) { deliverable { id } } }`,
      { id: deal.deliverables[0].id },
      maya.token,
    );
    const afterPost = await count();
    expect(afterPost).toBe(before + 1);
    const fees = () =>
      t.sql(`SELECT id, fee::text FROM deliverables WHERE deal_id = $1 ORDER BY id`, [deal.id]);
    const feesBefore = await fees();
    // Fails inside the transaction after the new total was re-spread over the planned deliverable.
    expectUserError(
      await t.gql(
        `mutation($id: ID!) { updateDeal(input: { id: $id, totalFee: "2000.00", alternatePlatformSlugs: ["myspace"] }) {
          userErrors { field code message } deal { id } } }`,
        { id: deal.id },
        maya.token,
      ),
      'updateDeal',
      'UNKNOWN_PLATFORM',
      'input.alternatePlatformSlugs',
    );
    expect(await fees()).toEqual(feesBefore);
    expect(await count()).toBe(afterPost);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM audit_entries`);
    expect(n).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE audit_entries SET operation = 'forged'`,
      `UPDATE audit_entries SET changes = '[]'::jsonb WHERE false`,
      `DELETE FROM audit_entries`,
      `TRUNCATE audit_entries`,
    ]) {
      await expect(t.sql(statement)).rejects.toThrow(/audit_entries is append-only/);
    }
    const [{ n: after }] = await t.sql(`SELECT count(*)::int AS n FROM audit_entries`);
    expect(after).toBe(n);
    // And the API offers no way to change an entry.
    const mutations = await t.gqlOk(
      `query { __schema { mutationType { fields { name } } } }`,
      {},
      admin.token,
    );
    const names: string[] = mutations.__schema.mutationType.fields.map(
      (f: { name: string }) => f.name,
    );
    expect(names.filter((name) => /audit/i.test(name))).toEqual([]);
  });
});
