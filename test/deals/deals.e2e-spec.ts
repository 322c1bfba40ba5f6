import { FixedClock } from '../../src/infrastructure/clock';
import { expectError } from '../support/errors';
import {
  CREATE_DEAL,
  createDeal,
  dealInput,
  signUpAdmin,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const DEAL = `query($id: ID!) { deal(id: $id) {
  id status version totalFee { amount minor currency }
  deliverables { id title status fee { amount } }
} }`;

describe('deals and deliverables', () => {
  let t: TestApp;
  let creator: Account;
  // Before every slot below, as the wall clock is; pinned so "now" can be asserted.
  const NOW = '2030-03-01T12:00:00.000Z';
  const clock = new FixedClock(NOW);

  async function counts() {
    const [row] = await t.sql(
      `SELECT (SELECT count(*) FROM deals)::int AS deals, (SELECT count(*) FROM deliverables)::int AS deliverables,
              (SELECT count(*) FROM brands)::int AS brands, (SELECT count(*) FROM deal_alternate_platforms)::int AS alternates`,
    );
    return row;
  }

  beforeAll(async () => {
    t = await TestApp.start({}, { clock });
    await signUpAdmin(t);
    creator = await signUpCreator(t, { displayName: 'Maya Lens' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs deals with deliverables in several currencies, in minor units', async () => {
    const usd = await createDeal(t, creator.token, {
      alternatePlatformSlugs: ['youtube', 'tiktok'],
    });
    expect(usd.totalFee).toEqual({ amount: '1600.00', currency: 'USD', minor: '160000' });
    expect(usd.status).toBe('ACTIVE');
    expect(usd.brand.name).toBe('Acme Sportswear');
    expect(usd.alternatePlatforms.map((p: { slug: string }) => p.slug)).toEqual([
      'youtube',
      'tiktok',
    ]);
    // Deliverables come back by slot: the 15:30 story before the 16:00 reel.
    expect(
      usd.deliverables.map((d: any) => [d.platform.slug, d.fee.amount, d.fee.currency]),
    ).toEqual([
      ['facebook', '400.00', 'USD'],
      ['instagram', '1200.00', 'USD'],
    ]);
    expect(usd.deliverables[0].scheduledAt).toBe('2030-03-05T15:30:00.000Z');

    const jpy = await createDeal(t, creator.token, {
      currency: 'JPY',
      totalFee: '150000',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Review',
          scheduledAt: '2030-04-01T09:00:00+09:00',
          dueAt: '2030-04-02T09:00:00+09:00',
        },
      ],
    });
    expect(jpy.totalFee).toEqual({ amount: '150000', currency: 'JPY', minor: '150000' });
    // The +09:00 offset is stored and returned as UTC.
    expect(jpy.deliverables[0].scheduledAt).toBe('2030-04-01T00:00:00.000Z');

    const kwd = await createDeal(t, creator.token, {
      currency: 'KWD',
      totalFee: '1.5',
      deliverables: [
        {
          platformSlug: 'email',
          kind: 'NEWSLETTER',
          title: 'Issue 12',
          scheduledAt: '2030-04-01T09:00:00Z',
          dueAt: '2030-04-01T09:00:00Z',
        },
      ],
    });
    expect(kwd.totalFee).toEqual({ amount: '1.500', currency: 'KWD', minor: '1500' });
    const stored = await t.sql(
      `SELECT total_fee::text AS fee, pg_typeof(total_fee)::text AS type FROM deals WHERE id = $1`,
      [kwd.id],
    );
    expect(stored[0]).toEqual({ fee: '1500', type: 'bigint' });
  });

  it('splits an omitted fee by largest remainder and keeps given ones', async () => {
    const slot = (hour: number) => ({
      scheduledAt: `2030-05-01T${hour}:00:00Z`,
      dueAt: `2030-05-02T${hour}:00:00Z`,
    });
    const even = await createDeal(t, creator.token, {
      totalFee: '1000.00',
      deliverables: [10, 11, 12].map((hour) => ({
        platformSlug: 'youtube',
        kind: 'SHORT',
        title: `Short ${hour}`,
        ...slot(hour),
      })),
    });
    // 1000.00 / 3 = 333.33 r 0.01: the first gets the cent.
    expect(even.deliverables.map((d: any) => d.fee.amount)).toEqual(['333.34', '333.33', '333.33']);

    const mixed = await createDeal(t, creator.token, {
      totalFee: '1000.00',
      deliverables: [
        { platformSlug: 'youtube', kind: 'VIDEO', title: 'Main', fee: '700.00', ...slot(10) },
        { platformSlug: 'x', kind: 'POST', title: 'Teaser', ...slot(11) },
        { platformSlug: 'x', kind: 'POST', title: 'Recap', ...slot(12) },
      ],
    });
    // 1000.00 − 700.00 = 300.00 shared by the two without a fee
    expect(mixed.deliverables.map((d: any) => d.fee.amount)).toEqual([
      '700.00',
      '150.00',
      '150.00',
    ]);
  });

  it('refuses bad input with its code and field, writing nothing', async () => {
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string, string[]]> = [
      [{ totalFee: '1500.00' }, 'BAD_USER_INPUT', ['input.totalFee']], // 1200 + 400 ≠ 1500
      [{ currency: 'ZZZ' }, 'BAD_USER_INPUT', ['input.currency']],
      [{ totalFee: '-5.00', deliverables: [] }, 'BAD_USER_INPUT', ['input.totalFee']],
      [{ totalFee: '10.001', deliverables: [] }, 'BAD_USER_INPUT', ['input.totalFee']],
      [
        { currency: 'JPY', totalFee: '1600.5', deliverables: [] },
        'BAD_USER_INPUT',
        ['input.totalFee'],
      ],
      [{ brandName: undefined }, 'BAD_USER_INPUT', ['input.brandId']],
      [{ brandId: '00000000-0000-4000-8000-000000000000' }, 'BAD_USER_INPUT', ['input.brandId']],
      [{ alternatePlatformSlugs: ['myspace'] }, 'BAD_USER_INPUT', ['input.alternatePlatformSlugs']],
      [{ status: 'COMPLETED' }, 'BAD_USER_INPUT', ['input.status']],
      [{ terms: { killFeeBps: 10001 } }, 'BAD_USER_INPUT', ['input.terms.killFeeBps']],
    ];
    for (const [overrides, code, fields] of cases) {
      const response = await t.gql(CREATE_DEAL, { input: dealInput(overrides) }, creator.token);
      try {
        expectError(response, code);
        expect(JSON.stringify(response.errors![0].extensions?.fields ?? [])).toContain(fields[0]);
      } catch (error) {
        throw new Error(
          `${JSON.stringify(overrides)} → ${JSON.stringify(response.errors ?? response.data)}\n${String(error)}`,
        );
      }
    }
    const base = dealInput() as { deliverables: Array<Record<string, unknown>> };
    const withDeliverable = (change: Record<string, unknown>) =>
      dealInput({ deliverables: [{ ...base.deliverables[0], ...change }, base.deliverables[1]] });
    expectError(
      await t.gql(
        CREATE_DEAL,
        { input: withDeliverable({ dueAt: '2030-03-05T15:59:59Z' }) },
        creator.token,
      ),
      'BAD_USER_INPUT',
      ['input.deliverables.0.dueAt'],
    );
    expectError(
      await t.gql(
        CREATE_DEAL,
        { input: withDeliverable({ platformSlug: 'instagramm' }) },
        creator.token,
      ),
      'BAD_USER_INPUT',
      ['input.deliverables.0.platformSlug'],
    );
    expectError(
      await t.gql(CREATE_DEAL, { input: withDeliverable({ fee: '1200.005' }) }, creator.token),
      'BAD_USER_INPUT',
      ['input.deliverables.0.fee'],
    );
    // A time without an offset is ambiguous and refused by the DateTime scalar.
    expectError(
      await t.gql(
        CREATE_DEAL,
        { input: withDeliverable({ scheduledAt: '2030-03-05T16:00:00' }) },
        creator.token,
      ),
      'BAD_USER_INPUT',
    );
    expect(await counts()).toEqual(before);
  });

  it('moves deals only along DRAFT → ACTIVE → COMPLETED or to CANCELLED', async () => {
    const deal = await createDeal(t, creator.token, { status: 'DRAFT' });
    const SET = `mutation($id: ID!, $status: DealStatus!) { setDealStatus(id: $id, status: $status) { status version } }`;
    expectError(
      await t.gql(SET, { id: deal.id, status: 'COMPLETED' }, creator.token),
      'BAD_USER_INPUT',
    );
    expect(
      (await t.gqlOk(SET, { id: deal.id, status: 'ACTIVE' }, creator.token)).setDealStatus,
    ).toEqual({ status: 'ACTIVE', version: 2 });
    expectError(
      await t.gql(SET, { id: deal.id, status: 'DRAFT' }, creator.token),
      'BAD_USER_INPUT',
    );
    expect(
      (await t.gqlOk(SET, { id: deal.id, status: 'COMPLETED' }, creator.token)).setDealStatus
        .status,
    ).toBe('COMPLETED');
    expectError(
      await t.gql(SET, { id: deal.id, status: 'CANCELLED' }, creator.token),
      'BAD_USER_INPUT',
    );
    const other = await createDeal(t, creator.token, { status: 'DRAFT' });
    expect(
      (await t.gqlOk(SET, { id: other.id, status: 'CANCELLED' }, creator.token)).setDealStatus
        .status,
    ).toBe('CANCELLED');
    const [row] = await t.sql(`SELECT status FROM deals WHERE id = $1`, [deal.id]);
    expect(row.status).toBe('COMPLETED');
  });

  it('re-spreads a new total over planned deliverables and refuses stale versions', async () => {
    const deal = await createDeal(t, creator.token);
    const UPDATE = `mutation($id: ID!, $input: UpdateDealInput!) { updateDeal(id: $id, input: $input) {
      version totalFee { amount } terms { forceMajeure latePenaltyBpsPerDay } deliverables { fee { amount } } } }`;
    const updated = await t.gqlOk(
      UPDATE,
      {
        id: deal.id,
        input: { totalFee: '2000.00', terms: { forceMajeure: true }, expectedVersion: 1 },
      },
      creator.token,
    );
    // 400 : 1200 scaled to 2000.00 → 500.00 and 1500.00; other terms untouched
    expect(updated.updateDeal.deliverables.map((d: any) => d.fee.amount)).toEqual([
      '500.00',
      '1500.00',
    ]);
    expect(updated.updateDeal.terms).toEqual({ forceMajeure: true, latePenaltyBpsPerDay: 250 });
    expect(updated.updateDeal.version).toBe(2);

    const stale = await t.gql(
      UPDATE,
      { id: deal.id, input: { title: 'Too late', expectedVersion: 1 } },
      creator.token,
    );
    expectError(stale, 'CONFLICT');
    expect(stale.errors![0].extensions?.currentVersion).toBe(2);
    const [row] = await t.sql(`SELECT title, total_fee::text AS total FROM deals WHERE id = $1`, [
      deal.id,
    ]);
    expect(row).toEqual({ title: 'Spring launch', total: '200000' });
  });

  it('adds, updates, posts and cancels deliverables keeping the total consistent', async () => {
    const deal = await createDeal(t, creator.token);
    const ADD = `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) { id fee { amount } status } }`;
    const slot = { scheduledAt: '2030-03-06T10:00:00Z', dueAt: '2030-03-07T10:00:00Z' };
    const paid = await t.gqlOk(
      ADD,
      {
        input: {
          dealId: deal.id,
          platformSlug: 'tiktok',
          kind: 'SHORT',
          title: 'Extra',
          fee: '300.00',
          ...slot,
        },
      },
      creator.token,
    );
    expect(paid.addDeliverable.fee.amount).toBe('300.00');
    let current = (await t.gqlOk(DEAL, { id: deal.id }, creator.token)).deal;
    expect(current.totalFee.amount).toBe('1900.00'); // 1600.00 + 300.00

    const shared = await t.gqlOk(
      ADD,
      { input: { dealId: deal.id, platformSlug: 'x', kind: 'POST', title: 'Share', ...slot } },
      creator.token,
    );
    // 1900.00 over 4 planned = 475.00; the others give it up in proportion to their fees
    expect(shared.addDeliverable.fee.amount).toBe('475.00');
    current = (await t.gqlOk(DEAL, { id: deal.id }, creator.token)).deal;
    const sum = current.deliverables.reduce(
      (total: bigint, d: any) => total + BigInt(d.fee.amount.replace('.', '')),
      0n,
    );
    expect(sum).toBe(BigInt(current.totalFee.minor));

    const POSTED = `mutation($id: ID!) { markDeliverablePosted(id: $id, input: { url: "https://instagram.com/p/abc" }) { status postedAt postUrl } }`;
    const posted = await t.gqlOk(POSTED, { id: paid.addDeliverable.id }, creator.token);
    expect(posted.markDeliverablePosted.status).toBe('POSTED');
    expect(posted.markDeliverablePosted.postUrl).toBe('https://instagram.com/p/abc');
    expectError(await t.gql(POSTED, { id: paid.addDeliverable.id }, creator.token), 'CONFLICT');

    const CANCEL = `mutation($id: ID!) { cancelDeliverable(id: $id) { status } }`;
    expect(
      (await t.gqlOk(CANCEL, { id: shared.addDeliverable.id }, creator.token)).cancelDeliverable
        .status,
    ).toBe('CANCELLED');

    const UPDATE = `mutation($id: ID!, $input: UpdateDeliverableInput!) { updateDeliverable(id: $id, input: $input) { fee { amount } dueAt version } }`;
    expectError(
      await t.gql(
        UPDATE,
        { id: shared.addDeliverable.id, input: { title: 'Again' } },
        creator.token,
      ),
      'CONFLICT',
    );
    const reel = current.deliverables.find((d: any) => d.title === 'Launch reel');
    const feeBefore = reel.fee.amount;
    const changed = await t.gqlOk(
      UPDATE,
      { id: reel.id, input: { fee: '1000.00', dueAt: '2030-03-05T20:00:00Z' } },
      creator.token,
    );
    expect(changed.updateDeliverable.fee.amount).toBe('1000.00');
    current = (await t.gqlOk(DEAL, { id: deal.id }, creator.token)).deal;
    // The total moves by the difference.
    expect(Number(current.totalFee.amount)).toBeCloseTo(1900 - Number(feeBefore) + 1000, 2);
    expectError(
      await t.gql(UPDATE, { id: reel.id, input: { dueAt: '2030-03-01T00:00:00Z' } }, creator.token),
      'BAD_USER_INPUT',
      ['input.dueAt'],
    );
  });

  it("stamps markDeliverablePosted with the clock's now, and refuses postedAt over 5 minutes after it", async () => {
    const { deliverables } = await createDeal(t, creator.token, { title: 'Posting times' });
    const [reel, story] = deliverables;
    const POST = `mutation($id: ID!, $input: MarkDeliverablePostedInput) {
      markDeliverablePosted(id: $id, input: $input) { status postedAt } }`;

    // No postedAt: now, as the app's clock tells it.
    const stamped = await t.gqlOk(POST, { id: reel.id }, creator.token);
    expect(stamped.markDeliverablePosted).toEqual({ status: 'POSTED', postedAt: NOW });

    // Five minutes of skew are allowed; a second more is "in the future".
    const early = await t.gql(
      POST,
      { id: story.id, input: { postedAt: '2030-03-01T12:05:01Z' } },
      creator.token,
    );
    expectError(early, 'BAD_USER_INPUT', ['input.postedAt']);
    expect(early.errors![0].extensions?.reason).toBe('POSTED_IN_FUTURE');
    try {
      // The same instant is accepted once the clock has moved a second on.
      clock.advance(1000);
      const later = await t.gqlOk(
        POST,
        { id: story.id, input: { postedAt: '2030-03-01T12:05:01Z' } },
        creator.token,
      );
      expect(later.markDeliverablePosted).toEqual({
        status: 'POSTED',
        postedAt: '2030-03-01T12:05:01.000Z',
      });
    } finally {
      clock.set(NOW);
    }
  });

  it('pages deals and deliverables with a constant number of SQL statements', async () => {
    const LIST = `query($first: Int, $after: String) { deals(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id title totalFee { amount } creator { displayName } brand { name } alternatePlatforms { slug }
        deliverables { id fee { amount } platform { slug } deal { id } } } }
    } }`;
    // Deal.deliverables costs as 200 items (a deal's bound): 10 deals with them cost ~14 000.
    const all = await t.gqlOk(LIST, { first: 10 }, creator.token);
    expect(all.deals.totalCount).toBeGreaterThan(6);
    const firstPage = await t.gqlOk(LIST, { first: 3 }, creator.token);
    const secondPage = await t.gqlOk(
      LIST,
      { first: 3, after: firstPage.deals.pageInfo.endCursor },
      creator.token,
    );
    const paged = [...firstPage.deals.edges, ...secondPage.deals.edges].map(
      (edge: any) => edge.node.id,
    );
    expect(paged).toEqual(all.deals.edges.slice(0, 6).map((edge: any) => edge.node.id));

    const small = await t.countQueries(() => t.gqlOk(LIST, { first: 2 }, creator.token));
    const large = await t.countQueries(() => t.gqlOk(LIST, { first: 10 }, creator.token));
    expect(large).toBe(small);

    const DELIVERABLES = `query($first: Int) { deliverables(first: $first, filter: { status: PLANNED }) {
      totalCount edges { node { id fee { amount } platform { slug } deal { title brand { name } creator { displayName } } } } } }`;
    const fewer = await t.countQueries(() => t.gqlOk(DELIVERABLES, { first: 2 }, creator.token));
    const more = await t.countQueries(() => t.gqlOk(DELIVERABLES, { first: 50 }, creator.token));
    expect(more).toBe(fewer);

    // The performance budget (docs/performance.md): the caller's token, the page with every
    // deliverable's deal, creator and platform in one statement, the brand (its own loader) and
    // the count; without totalCount and brand, two statements; with risk, two more at most.
    const PAGE = `query($first: Int) { deliverables(first: $first) {
      edges { node { id fee { amount } platform { slug } deal { title creator { displayName } } } } } }`;
    const WITH_RISK = `query($first: Int) { deliverables(first: $first) {
      edges { node { id fee { amount } platform { slug } deal { title creator { displayName } } risk { level } } } } }`;
    for (const first of [2, 50]) {
      expect(await t.countQueries(() => t.gqlOk(PAGE, { first }, creator.token))).toBe(2);
      expect(
        await t.countQueries(() => t.gqlOk(WITH_RISK, { first }, creator.token)),
      ).toBeLessThanOrEqual(4);
    }

    const filtered = await t.gqlOk(
      `query { deliverables(first: 100, filter: { platform: "instagram", dueAfter: "2030-03-05T17:00:00Z", dueBefore: "2030-03-05T19:00:00Z" }) {
        edges { node { title dueAt platform { slug } } } } }`,
      {},
      creator.token,
    );
    expect(filtered.deliverables.edges.length).toBeGreaterThan(0);
    for (const { node } of filtered.deliverables.edges) {
      expect(node.platform.slug).toBe('instagram');
      expect(node.dueAt >= '2030-03-05T17:00:00' && node.dueAt < '2030-03-05T19:00:00').toBe(true);
    }
    expectError(
      await t.gql(`query { deals(first: 101) { totalCount } }`, {}, creator.token),
      'BAD_USER_INPUT',
    );
    expectError(
      await t.gql(`query { deals(after: "garbage") { totalCount } }`, {}, creator.token),
      'BAD_USER_INPUT',
    );
  });
});
