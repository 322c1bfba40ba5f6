import { FixedClock } from '../../src/infrastructure/clock';
import { expectError, expectUserError } from '../support/errors';
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
    // Refusals of the input: listed in createDeal's userErrors, with their code and field.
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ totalFee: '1500.00' }, 'FEES_DO_NOT_ADD_UP', 'input.totalFee'], // 1200 + 400 ≠ 1500
      [{ totalFee: '-5.00', deliverables: [] }, 'AMOUNT_NEGATIVE', 'input.totalFee'],
      [{ totalFee: '10.001', deliverables: [] }, 'AMOUNT_PRECISION', 'input.totalFee'],
      [
        { currency: 'JPY', totalFee: '1600.5', deliverables: [] },
        'AMOUNT_PRECISION',
        'input.totalFee',
      ],
      [{ brandName: undefined }, 'BRAND_REQUIRED', 'input.brandId'],
      // Both brandId and brandName (dealInput names the brand): give one.
      [{ brandId: '00000000-0000-4000-8000-000000000000' }, 'BRAND_REQUIRED', 'input.brandId'],
      [
        { brandName: undefined, brandId: '00000000-0000-4000-8000-000000000000' },
        'UNKNOWN_BRAND',
        'input.brandId',
      ],
      [{ alternatePlatformSlugs: ['myspace'] }, 'UNKNOWN_PLATFORM', 'input.alternatePlatformSlugs'],
      [{ status: 'COMPLETED' }, 'VALIDATION_FAILED', 'input.status'],
      [{ terms: { killFeeBps: 10001 } }, 'VALIDATION_FAILED', 'input.terms.killFeeBps'],
    ];
    for (const [overrides, code, field] of cases) {
      const response = await t.gql(CREATE_DEAL, { input: dealInput(overrides) }, creator.token);
      try {
        const userErrors = expectUserError(response, 'createDeal', code, field);
        // The one problem of this input, and nothing else.
        expect(userErrors.map((error) => [error.code, error.field?.join('.')])).toEqual([
          [code, field],
        ]);
      } catch (error) {
        throw new Error(
          `${JSON.stringify(overrides)} → ${JSON.stringify(response.errors ?? response.data)}\n${String(error)}`,
        );
      }
    }
    // An unknown currency is no CurrencyCode: GraphQL refuses the variable before anything runs.
    const zzz = await t.gql(CREATE_DEAL, { input: dealInput({ currency: 'ZZZ' }) }, creator.token);
    expectError(zzz, 'BAD_USER_INPUT');
    expect(zzz.data ?? null).toBeNull();
    expect(zzz.errors![0].message).toContain('currency');
    // Several problems of the input's shape at once: every one is listed, each at its field.
    const several = await t.gql(
      CREATE_DEAL,
      { input: dealInput({ status: 'COMPLETED', terms: { killFeeBps: 10001 } }) },
      creator.token,
    );
    const all = expectUserError(several, 'createDeal', 'VALIDATION_FAILED', 'input.status');
    expect(all.map((error) => [error.code, error.field?.join('.')])).toEqual([
      ['VALIDATION_FAILED', 'input.status'],
      ['VALIDATION_FAILED', 'input.terms.killFeeBps'],
    ]);
    const base = dealInput() as { deliverables: Array<Record<string, unknown>> };
    const withDeliverable = (change: Record<string, unknown>) =>
      dealInput({ deliverables: [{ ...base.deliverables[0], ...change }, base.deliverables[1]] });
    expectUserError(
      await t.gql(
        CREATE_DEAL,
        { input: withDeliverable({ dueAt: '2030-03-05T15:59:59Z' }) },
        creator.token,
      ),
      'createDeal',
      'DEADLINE_BEFORE_SLOT',
      'input.deliverables.0.dueAt',
    );
    expectUserError(
      await t.gql(
        CREATE_DEAL,
        { input: withDeliverable({ platformSlug: 'instagramm' }) },
        creator.token,
      ),
      'createDeal',
      'UNKNOWN_PLATFORM',
      'input.deliverables.0.platformSlug',
    );
    expectUserError(
      await t.gql(CREATE_DEAL, { input: withDeliverable({ fee: '1200.005' }) }, creator.token),
      'createDeal',
      'AMOUNT_PRECISION',
      'input.deliverables.0.fee',
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
    const SET = `mutation($id: ID!, $status: DealStatus!) { setDealStatus(input: { id: $id, status: $status }) {
      userErrors { field code message } deal { status version } } }`;
    expectUserError(
      await t.gql(SET, { id: deal.id, status: 'COMPLETED' }, creator.token),
      'setDealStatus',
      'INVALID_STATUS_TRANSITION',
    );
    expect(
      (await t.gqlOk(SET, { id: deal.id, status: 'ACTIVE' }, creator.token)).setDealStatus.deal,
    ).toEqual({ status: 'ACTIVE', version: 2 });
    expectUserError(
      await t.gql(SET, { id: deal.id, status: 'DRAFT' }, creator.token),
      'setDealStatus',
      'INVALID_STATUS_TRANSITION',
    );
    expect(
      (await t.gqlOk(SET, { id: deal.id, status: 'COMPLETED' }, creator.token)).setDealStatus.deal
        .status,
    ).toBe('COMPLETED');
    expectUserError(
      await t.gql(SET, { id: deal.id, status: 'CANCELLED' }, creator.token),
      'setDealStatus',
      'INVALID_STATUS_TRANSITION',
    );
    const other = await createDeal(t, creator.token, { status: 'DRAFT' });
    expect(
      (await t.gqlOk(SET, { id: other.id, status: 'CANCELLED' }, creator.token)).setDealStatus.deal
        .status,
    ).toBe('CANCELLED');
    const [row] = await t.sql(`SELECT status FROM deals WHERE id = $1`, [deal.id]);
    expect(row.status).toBe('COMPLETED');
  });

  it('re-spreads a new total over planned deliverables and refuses stale versions', async () => {
    const deal = await createDeal(t, creator.token);
    const UPDATE = `mutation($input: UpdateDealInput!) { updateDeal(input: $input) {
      userErrors { field code message }
      deal { version totalFee { amount } terms { forceMajeure latePenaltyBpsPerDay } deliverables { fee { amount } } } } }`;
    const updated = await t.gqlOk(
      UPDATE,
      {
        input: {
          id: deal.id,
          totalFee: '2000.00',
          terms: { forceMajeure: true },
          expectedVersion: 1,
        },
      },
      creator.token,
    );
    // 400 : 1200 scaled to 2000.00 → 500.00 and 1500.00; other terms untouched
    expect(updated.updateDeal.deal.deliverables.map((d: any) => d.fee.amount)).toEqual([
      '500.00',
      '1500.00',
    ]);
    expect(updated.updateDeal.deal.terms).toEqual({
      forceMajeure: true,
      latePenaltyBpsPerDay: 250,
    });
    expect(updated.updateDeal.deal.version).toBe(2);

    const stale = await t.gql(
      UPDATE,
      { input: { id: deal.id, title: 'Too late', expectedVersion: 1 } },
      creator.token,
    );
    const [staleError] = expectUserError(
      stale,
      'updateDeal',
      'STALE_VERSION',
      'input.expectedVersion',
    );
    // The current version is no longer an extension: the message tells it.
    expect(staleError.message).toContain('now at version 2');
    const [row] = await t.sql(`SELECT title, total_fee::text AS total FROM deals WHERE id = $1`, [
      deal.id,
    ]);
    expect(row).toEqual({ title: 'Spring launch', total: '200000' });
  });

  it('adds, updates, posts and cancels deliverables keeping the total consistent', async () => {
    const deal = await createDeal(t, creator.token);
    const ADD = `mutation($input: AddDeliverableInput!) { addDeliverable(input: $input) {
      userErrors { field code message } deliverable { id fee { amount } status } } }`;
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
    expect(paid.addDeliverable.deliverable.fee.amount).toBe('300.00');
    let current = (await t.gqlOk(DEAL, { id: deal.id }, creator.token)).deal;
    expect(current.totalFee.amount).toBe('1900.00'); // 1600.00 + 300.00

    const shared = await t.gqlOk(
      ADD,
      { input: { dealId: deal.id, platformSlug: 'x', kind: 'POST', title: 'Share', ...slot } },
      creator.token,
    );
    // 1900.00 over 4 planned = 475.00; the others give it up in proportion to their fees
    expect(shared.addDeliverable.deliverable.fee.amount).toBe('475.00');
    current = (await t.gqlOk(DEAL, { id: deal.id }, creator.token)).deal;
    const sum = current.deliverables.reduce(
      (total: bigint, d: any) => total + BigInt(d.fee.amount.replace('.', '')),
      0n,
    );
    expect(sum).toBe(BigInt(current.totalFee.minor));

    const POSTED = `mutation($id: ID!) { markDeliverablePosted(input: { id: $id, url: "https://instagram.com/p/abc" }) {
      userErrors { field code message } deliverable { status postedAt postUrl } } }`;
    const posted = await t.gqlOk(POSTED, { id: paid.addDeliverable.deliverable.id }, creator.token);
    expect(posted.markDeliverablePosted.deliverable.status).toBe('POSTED');
    expect(posted.markDeliverablePosted.deliverable.postUrl).toBe('https://instagram.com/p/abc');
    expectUserError(
      await t.gql(POSTED, { id: paid.addDeliverable.deliverable.id }, creator.token),
      'markDeliverablePosted',
      'DELIVERABLE_NOT_PLANNED',
    );

    const CANCEL = `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { status } } }`;
    expect(
      (await t.gqlOk(CANCEL, { id: shared.addDeliverable.deliverable.id }, creator.token))
        .cancelDeliverable.deliverable.status,
    ).toBe('CANCELLED');

    const UPDATE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) {
      userErrors { field code message } deliverable { fee { amount } dueAt version } } }`;
    expectUserError(
      await t.gql(
        UPDATE,
        { input: { id: shared.addDeliverable.deliverable.id, title: 'Again' } },
        creator.token,
      ),
      'updateDeliverable',
      'DELIVERABLE_NOT_PLANNED',
    );
    const reel = current.deliverables.find((d: any) => d.title === 'Launch reel');
    const feeBefore = reel.fee.amount;
    const changed = await t.gqlOk(
      UPDATE,
      { input: { id: reel.id, fee: '1000.00', dueAt: '2030-03-05T20:00:00Z' } },
      creator.token,
    );
    expect(changed.updateDeliverable.deliverable.fee.amount).toBe('1000.00');
    current = (await t.gqlOk(DEAL, { id: deal.id }, creator.token)).deal;
    // The total moves by the difference.
    expect(Number(current.totalFee.amount)).toBeCloseTo(1900 - Number(feeBefore) + 1000, 2);
    expectUserError(
      await t.gql(UPDATE, { input: { id: reel.id, dueAt: '2030-03-01T00:00:00Z' } }, creator.token),
      'updateDeliverable',
      'DEADLINE_BEFORE_SLOT',
      'input.dueAt',
    );
  });

  it("stamps markDeliverablePosted with the clock's now, and refuses postedAt over 5 minutes after it", async () => {
    const { deliverables } = await createDeal(t, creator.token, { title: 'Posting times' });
    const [reel, story] = deliverables;
    const POST = `mutation($input: MarkDeliverablePostedInput!) {
      markDeliverablePosted(input: $input) { userErrors { field code message } deliverable { status postedAt } } }`;

    // No postedAt: now, as the app's clock tells it.
    const stamped = await t.gqlOk(POST, { input: { id: reel.id } }, creator.token);
    expect(stamped.markDeliverablePosted.deliverable).toEqual({ status: 'POSTED', postedAt: NOW });

    // Five minutes of skew are allowed; a second more is "in the future".
    const early = await t.gql(
      POST,
      { input: { id: story.id, postedAt: '2030-03-01T12:05:01Z' } },
      creator.token,
    );
    expect(
      expectUserError(early, 'markDeliverablePosted', 'POSTED_IN_FUTURE', 'input.postedAt'),
    ).toHaveLength(1);
    try {
      // The same instant is accepted once the clock has moved a second on.
      clock.advance(1000);
      const later = await t.gqlOk(
        POST,
        { input: { id: story.id, postedAt: '2030-03-01T12:05:01Z' } },
        creator.token,
      );
      expect(later.markDeliverablePosted.deliverable).toEqual({
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

    const DELIVERABLES = `query($first: Int) { deliverables(first: $first, filter: { statuses: [PLANNED] }) {
      totalCount edges { node { id fee { amount } platform { slug } deal { title brand { name } creator { displayName } } } } } }`;
    const fewer = await t.countQueries(() => t.gqlOk(DELIVERABLES, { first: 2 }, creator.token));
    const more = await t.countQueries(() => t.gqlOk(DELIVERABLES, { first: 50 }, creator.token));
    expect(more).toBe(fewer);

    // The performance budget (docs/performance.md): the caller's token, the page with every
    // deliverable's deal, creator and platform in one statement, the brand (its own loader) and
    // the count; without totalCount and brand, two statements; with risk, one more (the outages
    // around the page, the graph and the deals' alternates: the page's rows are not read again).
    const PAGE = `query($first: Int) { deliverables(first: $first) {
      edges { node { id fee { amount } platform { slug } deal { title creator { displayName } } } } } }`;
    const WITH_RISK = `query($first: Int) { deliverables(first: $first) {
      edges { node { id fee { amount } platform { slug } deal { title creator { displayName } } risk { level } } } } }`;
    for (const first of [2, 50]) {
      expect(await t.countQueries(() => t.gqlOk(PAGE, { first }, creator.token))).toBe(2);
      expect(await t.countQueries(() => t.gqlOk(WITH_RISK, { first }, creator.token))).toBe(3);
    }

    const filtered = await t.gqlOk(
      `query { deliverables(first: 100, filter: { platformSlug: "instagram", dueAfter: "2030-03-05T17:00:00Z", dueBefore: "2030-03-05T19:00:00Z" }) {
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
