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
 * Exposure in March 2030 ([1 Mar, 31 Mar), 30 days). Maya's deals:
 * - A (Acme, USD, no alternates, no force majeure, 2.5 %/day late, cap 15 %): instagram reel
 *   Tue 5 Mar 16:00 (flexible, due 18:00) 1200.00; facebook live 16:30–17:00 (fixed) 1000.00;
 *   youtube video 10 Mar 700.00; email newsletter 12 Mar 100.00; and, all excluded, an instagram
 *   post 16:10 marked POSTED (50.00), a facebook post 16:20 CANCELLED (25.00), an instagram post
 *   at exactly `to` (40.00) and one a minute before `from` (35.00).
 * - B (Acme, USD, alternate youtube): instagram story 5 Mar 17:00 500.00; instagram post 20 Mar 200.00.
 * - C (Globex, GBP, no alternates): instagram 8 Mar 150.00; youtube 9 Mar 10:00 100.00; email 50.00.
 * - D (Acme, USD) is a DRAFT: its instagram post at 5 Mar 16:00 (900.00) is excluded.
 * Noor's deal N (Globex, USD): instagram 5 Mar 16:00, 999.00 — never in Maya's or Acme's figures.
 */
const EXPOSURE = `query($from: DateTime!, $to: DateTime!) { exposure(from: $from, to: $to) {
  startsAt endsAt advice { code text }
  currencies { currency total { amount currency } deliverableCount concentrationIndex
    byPlatform(first: 20) { nodes { platform { slug } amount { amount } shareBps deliverableCount } }
    byProvider(first: 10) { nodes { provider { slug } amount { amount } shareBps deliverableCount
      dealsWithoutAlternates whatIf { startsAt endsAt deliverablesHit totals { currency lost { amount }
        delayed { amount } retained { amount } recoverable { amount } platformIncomeLost { amount }
        byOutcome { outcome deliverableCount } } } } }
  }
} }`;

/**
 * An exposure answer with its connections read as plain lists (they select only nodes), and
 * advice as its sentences, its codes beside them in adviceCodes.
 */
function shaped(data: any): any {
  const unwrap = (value: any): any => {
    if (Array.isArray(value)) return value.map(unwrap);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'nodes') return unwrap(value.nodes);
    return Object.fromEntries(keys.map((key) => [key, unwrap(value[key])]));
  };
  const exposure = unwrap(data.exposure);
  const advice = exposure.advice as Array<{ code: string; text: string }>;
  return {
    exposure: {
      ...exposure,
      advice: advice.map((a) => a.text),
      adviceCodes: advice.map((a) => a.code),
    },
  };
}

/** byOutcome with counts only, every outcome in the enum's order. */
const counts = (lost: number, late: number, delayed: number, atRisk: number, recoverable: number) =>
  (['LOST', 'LATE', 'DELAYED', 'AT_RISK', 'RECOVERABLE'] as const).map((outcome, i) => ({
    outcome,
    deliverableCount: [lost, late, delayed, atRisk, recoverable][i],
  }));

const MARCH = { from: '2030-03-01T00:00:00Z', to: '2030-03-31T00:00:00Z' };
const at = (day: string, time: string) => `2030-03-${day}T${time}:00Z`;

function byCurrency(data: any): Record<string, any> {
  return Object.fromEntries(data.exposure.currencies.map((c: any) => [c.currency, c]));
}

function provider(currency: any, slug: string): any {
  return currency.byProvider.find((p: any) => p.provider.slug === slug);
}

function sumBps(shares: Array<{ shareBps: number }>): number {
  return shares.reduce((sum, share) => sum + share.shareBps, 0);
}

describe('exposure', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };

  beforeAll(async () => {
    // The query cost estimate takes every unpaged list to hold 10 items, so currencies × providers ×
    // what-if totals counts 1 000 times each figure: the full query below is estimated at about
    // 18 000, over the default limit (5 000) and a third of a token's minute budget. The real sizes
    // are a few currencies × a few providers; these tests raise the limits rather than split one
    // natural question into many.
    t = await TestApp.start({
      GRAPHQL_MAX_COST: '100000',
      RATE_LIMIT_COST_PER_MINUTE: '10000000',
      RATE_LIMIT_COST_PER_MINUTE_PER_IP: '10000000',
    });
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');
    const terms = {
      netPaymentDays: 30,
      latePenaltyBpsPerDay: 250,
      latePenaltyCapBps: 1500,
      killAfterDaysLate: 5,
      forceMajeure: false,
    };
    const post = (platformSlug: string, title: string, scheduledAt: string, fee: string) => ({
      platformSlug,
      kind: 'POST',
      title,
      scheduledAt,
      dueAt: scheduledAt,
      fee,
    });

    const dealA = await createDeal(t, maya.token, {
      title: 'Deal A',
      brandId: acme.brandId,
      brandName: undefined,
      currency: 'USD',
      totalFee: '3150.00',
      terms,
      deliverables: [
        {
          platformSlug: 'instagram',
          kind: 'REEL',
          title: 'A reel',
          timing: 'FLEXIBLE',
          scheduledAt: at('05', '16:00'),
          dueAt: at('05', '18:00'),
          fee: '1200.00',
        },
        {
          platformSlug: 'facebook',
          kind: 'LIVE',
          title: 'A live',
          timing: 'FIXED',
          durationMinutes: 30,
          scheduledAt: at('05', '16:30'),
          dueAt: at('05', '17:00'),
          fee: '1000.00',
        },
        post('youtube', 'A video', at('10', '12:00'), '700.00'),
        post('email', 'A newsletter', at('12', '08:00'), '100.00'),
        post('instagram', 'A posted', at('05', '16:10'), '50.00'),
        post('facebook', 'A cancelled', at('05', '16:20'), '25.00'),
        post('instagram', 'A at to', MARCH.to, '40.00'),
        post('instagram', 'A before from', '2030-02-28T23:59:00Z', '35.00'),
      ],
    });
    const id = (title: string) => dealA.deliverables.find((d: any) => d.title === title).id;
    await t.gqlOk(
      `mutation($id: ID!) { markDeliverablePosted(input: { id: $id }) { deliverable { status } } }`,
      { id: id('A posted') },
      maya.token,
    );
    await t.gqlOk(
      `mutation($id: ID!) { cancelDeliverable(input: { id: $id }) { deliverable { status } } }`,
      { id: id('A cancelled') },
      maya.token,
    );
    await createDeal(t, maya.token, {
      title: 'Deal B',
      brandId: acme.brandId,
      brandName: undefined,
      currency: 'USD',
      totalFee: '700.00',
      terms,
      alternatePlatformSlugs: ['youtube'],
      deliverables: [
        {
          platformSlug: 'instagram',
          kind: 'STORY',
          title: 'B story',
          scheduledAt: at('05', '17:00'),
          dueAt: at('05', '19:00'),
          fee: '500.00',
        },
        post('instagram', 'B post', at('20', '12:00'), '200.00'),
      ],
    });
    await createDeal(t, maya.token, {
      title: 'Deal C',
      brandId: globex.brandId,
      brandName: undefined,
      currency: 'GBP',
      totalFee: '300.00',
      terms,
      deliverables: [
        post('instagram', 'C post', at('08', '10:00'), '150.00'),
        { ...post('youtube', 'C video', at('09', '10:00'), '100.00'), dueAt: at('10', '10:00') },
        { ...post('email', 'C newsletter', at('09', '08:00'), '50.00'), dueAt: at('10', '08:00') },
      ],
    });
    await createDeal(t, maya.token, {
      title: 'Deal D',
      brandId: acme.brandId,
      brandName: undefined,
      status: 'DRAFT',
      currency: 'USD',
      totalFee: '900.00',
      terms,
      deliverables: [post('instagram', 'D draft', at('05', '16:00'), '900.00')],
    });
    await createDeal(t, noor.token, {
      title: 'Deal N',
      brandId: globex.brandId,
      brandName: undefined,
      currency: 'USD',
      totalFee: '999.00',
      terms,
      deliverables: [
        {
          ...post('instagram', 'N post', at('05', '16:00'), '999.00'),
          dueAt: at('05', '18:00'),
        },
      ],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it("gives a creator her income per currency, by platform and provider, with Meta's what-if", async () => {
    const data = await shaped(await t.gqlOk(EXPOSURE, MARCH, maya.token));
    expect(data.exposure).toMatchObject({
      startsAt: '2030-03-01T00:00:00.000Z',
      endsAt: '2030-03-31T00:00:00.000Z',
    });
    expect(data.exposure.currencies.map((c: any) => c.currency)).toEqual(['GBP', 'USD']);
    const { USD, GBP } = byCurrency(data);

    // 1200 + 1000 + 700 + 100 (A) + 500 + 200 (B) = 3700.00; not the posted, cancelled, out-of-window,
    // draft or Noor's deliverables
    expect(USD).toMatchObject({
      total: { amount: '3700.00', currency: 'USD' },
      deliverableCount: 6,
    });
    // instagram 1900 / 3700 = 5135.14 bps, facebook 2702.70, youtube 1891.89, email 270.27:
    // floors 9998, the 2 left to the largest remainders youtube (.89) and facebook (.70)
    expect(USD.byPlatform).toEqual([
      {
        platform: { slug: 'instagram' },
        amount: { amount: '1900.00' },
        shareBps: 5135,
        deliverableCount: 3,
      },
      {
        platform: { slug: 'facebook' },
        amount: { amount: '1000.00' },
        shareBps: 2703,
        deliverableCount: 1,
      },
      {
        platform: { slug: 'youtube' },
        amount: { amount: '700.00' },
        shareBps: 1892,
        deliverableCount: 1,
      },
      {
        platform: { slug: 'email' },
        amount: { amount: '100.00' },
        shareBps: 270,
        deliverableCount: 1,
      },
    ]);
    expect(sumBps(USD.byPlatform)).toBe(10_000);
    // meta = instagram + facebook = 2900 / 3700 = 7837.84 → 7838; google 1891.89 → 1892; email 270.27 → 270
    expect(
      USD.byProvider.map((p: any) => [
        p.provider.slug,
        p.amount.amount,
        p.shareBps,
        p.deliverableCount,
        p.dealsWithoutAlternates,
      ]),
    ).toEqual([
      ['meta', '2900.00', 7838, 4, 1], // deal A has no alternate; B's youtube is outside Meta
      ['google', '700.00', 1892, 1, 1],
      ['email', '100.00', 270, 1, 1], // no providers: its own root
    ]);
    expect(sumBps(USD.byProvider)).toBe(10_000);
    // HHI = 10 000 × (2900² + 700² + 100²) / 3700² = 89 100 000 000 / 13 690 000 = 6508.40 → 6508
    expect(USD.concentrationIndex).toBe(6508);

    // 150 / 300 = 5000, 100 / 300 = 3333.33, 50 / 300 = 1666.67 → the 1 left goes to email (.67)
    expect(GBP).toMatchObject({ total: { amount: '300.00' }, deliverableCount: 3 });
    expect(GBP.byPlatform.map((p: any) => [p.platform.slug, p.shareBps])).toEqual([
      ['instagram', 5000],
      ['youtube', 3333],
      ['email', 1667],
    ]);
    expect(GBP.byProvider.map((p: any) => [p.provider.slug, p.amount.amount, p.shareBps])).toEqual([
      ['meta', '150.00', 5000],
      ['google', '100.00', 3333],
      ['email', '50.00', 1667],
    ]);
    expect(sumBps(GBP.byProvider)).toBe(10_000);
    // 10 000 × (150² + 100² + 50²) / 300² = 3888.89 → 3889
    expect(GBP.concentrationIndex).toBe(3889);

    // Meta's busiest USD hour (4 USD deliverables vs 1 GBP): 16:00 on 5 Mar has reel 1200.00 +
    // live 1000.00 = 2200.00 (the posted and cancelled ones do not count). Meta down 16:00–22:00:
    // - reel: next slot 22:00, 4 h past its 18:00 deadline → 1 day × 2.5 % of 1200.00 = 30.00 lost, 1170.00 delayed
    // - live 16:30 (fixed, no force majeure) → 1000.00 lost
    // - B story 17:00: YouTube is up → 500.00 recoverable
    const metaWhatIf = provider(USD, 'meta').whatIf;
    expect(provider(GBP, 'meta').whatIf).toEqual(metaWhatIf);
    expect(metaWhatIf).toEqual({
      startsAt: '2030-03-05T16:00:00.000Z',
      endsAt: '2030-03-05T22:00:00.000Z',
      deliverablesHit: 3,
      totals: [
        {
          currency: 'USD',
          lost: { amount: '1030.00' }, // 30.00 + 1000.00
          delayed: { amount: '1170.00' },
          retained: { amount: '0.00' },
          recoverable: { amount: '500.00' },
          platformIncomeLost: { amount: '0.00' }, // Maya has no platform accounts
          byOutcome: counts(1, 1, 0, 0, 1),
        },
      ],
    });
    // Google: one deliverable in each currency, GBP's share (3333) beats USD's (1892): the C video
    // at 10:00 on 9 Mar moves to 16:00, before its deadline → 100.00 GBP delayed
    expect(provider(USD, 'google').whatIf).toMatchObject({
      startsAt: '2030-03-09T10:00:00.000Z',
      deliverablesHit: 1,
      totals: [{ currency: 'GBP', delayed: { amount: '100.00' }, lost: { amount: '0.00' } }],
    });

    expect(data.exposure.advice).toEqual([
      '50.0 % of your GBP sponsored income in the 30 days from Fri 1 Mar 2030 (150.00 GBP) depends on Meta; 1 deal allows no alternate platform outside Meta',
      'Your GBP income is concentrated (HHI 3 889): add deliverables on platforms outside Meta',
      '78.4 % of your USD sponsored income in the 30 days from Fri 1 Mar 2030 (2 900.00 USD) depends on Meta; 1 deal allows no alternate platform outside Meta',
      'Your USD income is concentrated (HHI 6 508): add deliverables on platforms outside Meta',
      'A 6-hour Meta outage at the busiest hour (Tue 5 Mar 16:00 UTC) would cost 1 030.00 USD lost and 1 170.00 USD delayed; 500.00 USD can move to alternate platforms',
    ]);
    // each sentence's code, written by the same rule (HHI ≥ 2 500: concentrated)
    expect(data.exposure.adviceCodes).toEqual([
      'PROVIDER_SHARE',
      'CONCENTRATED',
      'PROVIDER_SHARE',
      'CONCENTRATED',
      'WHAT_IF',
    ]);
  });

  it("shows a brand only its deals' exposure, as delivery risk", async () => {
    const acmeView = await shaped(await t.gqlOk(EXPOSURE, MARCH, acme.token));
    // Acme: deals A and B (D is a draft); no GBP (deal C is Globex's), no Noor
    expect(acmeView.exposure.currencies.map((c: any) => [c.currency, c.total.amount])).toEqual([
      ['USD', '3700.00'],
    ]);
    const [usd] = acmeView.exposure.currencies;
    expect(usd.concentrationIndex).toBe(6508);
    expect(provider(usd, 'meta').whatIf).toMatchObject({
      deliverablesHit: 3,
      totals: [
        {
          currency: 'USD',
          lost: { amount: '1030.00' },
          delayed: { amount: '1170.00' },
          platformIncomeLost: null, // brands never see platform income
        },
      ],
    });
    expect(acmeView.exposure.advice).toEqual([
      "78.4 % of your campaigns' deliverables by fee in the 30 days from Fri 1 Mar 2030 (2 900.00 USD) depend on Meta; 1 deal allows no alternate platform outside Meta",
      "Your campaigns' delivery is concentrated (HHI 6 508): ask creators for deliverables or alternate platforms outside Meta",
      "A 6-hour Meta outage at the busiest hour (Tue 5 Mar 16:00 UTC) would hit 3 of your campaigns' deliverables: 1 030.00 USD lost and 1 170.00 USD delayed; 500.00 USD can move to alternate platforms",
    ]);

    // Globex: Maya's deal C (GBP) and Noor's deal N (USD), nothing of Acme's
    const globexView = byCurrency(await shaped(await t.gqlOk(EXPOSURE, MARCH, globex.token)));
    expect(Object.keys(globexView)).toEqual(['GBP', 'USD']);
    expect(globexView.GBP.total.amount).toBe('300.00');
    expect(globexView.USD).toMatchObject({
      total: { amount: '999.00' },
      deliverableCount: 1,
      concentrationIndex: 10_000, // everything on Meta
      byProvider: [{ provider: { slug: 'meta' }, shareBps: 10_000 }],
    });
    // Meta: one deliverable in each currency, USD's share (10 000) wins; only Noor's post is hit:
    // 4 h late → 2.5 % of 999.00 = 24.975 → 24.98 lost, 974.02 delayed
    expect(provider(globexView.USD, 'meta').whatIf).toMatchObject({
      startsAt: '2030-03-05T16:00:00.000Z',
      deliverablesHit: 1,
      totals: [{ currency: 'USD', lost: { amount: '24.98' }, delayed: { amount: '974.02' } }],
    });
  });

  it("never shows another creator's deliverables, and shows an admin everyone's", async () => {
    const noorView = byCurrency(await shaped(await t.gqlOk(EXPOSURE, MARCH, noor.token)));
    expect(Object.keys(noorView)).toEqual(['USD']);
    expect(noorView.USD).toMatchObject({ total: { amount: '999.00' }, deliverableCount: 1 });
    expect(provider(noorView.USD, 'meta').whatIf.deliverablesHit).toBe(1);

    const adminView = await shaped(await t.gqlOk(EXPOSURE, MARCH, admin.token));
    const all = byCurrency(adminView);
    expect(all.USD.total.amount).toBe('4699.00'); // Maya's 3700.00 + Noor's 999.00
    expect(all.GBP.total.amount).toBe('300.00');
    expect(provider(all.USD, 'meta').whatIf.deliverablesHit).toBe(4);
    expect(adminView.exposure.advice[0]).toMatch(
      /^50\.0 % of the GBP sponsored income scheduled in the 30 days from Fri 1 Mar 2030/,
    );
  });

  it('answers an empty window with no currencies and says so', async () => {
    const data = shaped(
      await t.gqlOk(
        EXPOSURE,
        { from: '2031-01-01T00:00:00Z', to: '2031-01-08T00:00:00Z' },
        maya.token,
      ),
    );
    expect(data.exposure).toMatchObject({
      currencies: [],
      advice: ['No sponsored deliverables are scheduled in the 7 days from Wed 1 Jan 2031'],
      adviceCodes: ['NOTHING_SCHEDULED'],
    });
  });

  it('pages platform and provider shares and refuses a page over 100', async () => {
    const page = (after?: string) =>
      t.gqlOk(
        `query($from: DateTime!, $to: DateTime!, $after: String) { exposure(from: $from, to: $to) {
          currencies { currency byPlatform(first: 2, after: $after) { totalCount
            pageInfo { hasNextPage endCursor } nodes { platform { slug } shareBps } } } } }`,
        { ...MARCH, after },
        maya.token,
      );
    const usd = (data: any) => data.exposure.currencies.find((c: any) => c.currency === 'USD');
    const first = usd(await page()).byPlatform;
    expect(first.totalCount).toBe(4);
    expect(first.nodes.map((n: any) => n.platform.slug)).toEqual(['instagram', 'facebook']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = usd(await page(first.pageInfo.endCursor)).byPlatform;
    expect(second.nodes.map((n: any) => n.platform.slug)).toEqual(['youtube', 'email']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    for (const list of ['byPlatform', 'byProvider']) {
      expectError(
        await t.gql(
          `query($from: DateTime!, $to: DateTime!) { exposure(from: $from, to: $to) {
            currencies { ${list}(first: 101) { totalCount } } } }`,
          MARCH,
          maya.token,
        ),
        'BAD_USER_INPUT',
        ['first'],
      );
    }
  });

  it('refuses bad windows with BAD_USER_INPUT naming `to`', async () => {
    const ask = (from: string, to: string) =>
      t.gql(
        `query($from: DateTime!, $to: DateTime!) { exposure(from: $from, to: $to) { startsAt } }`,
        { from, to },
        maya.token,
      );
    expectError(await ask(MARCH.from, MARCH.from), 'BAD_USER_INPUT', ['to']);
    expectError(await ask(MARCH.to, MARCH.from), 'BAD_USER_INPUT', ['to']);
    const tooLong = await ask('2030-01-01T00:00:00Z', '2031-01-02T00:00:01Z'); // 366 days + 1 s
    expectError(tooLong, 'BAD_USER_INPUT', ['to']);
    expect(tooLong.errors![0].extensions?.reason).toBe('WINDOW_TOO_LONG');
    // exactly 366 days is allowed
    expect((await ask('2030-01-01T00:00:00Z', '2031-01-02T00:00:00Z')).errors).toBeUndefined();
    expectError(await ask('2030-03-01', MARCH.to), 'BAD_USER_INPUT');
    const anonymous = await t.gql(
      `query($from: DateTime!, $to: DateTime!) { exposure(from: $from, to: $to) { startsAt } }`,
      MARCH,
    );
    expectError(anonymous, 'UNAUTHENTICATED');
  });

  it('sends the same number of SQL statements however many deliverables there are', async () => {
    const count = () =>
      t.countQueries(() =>
        t.gqlOk(EXPOSURE, { from: '2030-06-01T00:00:00Z', to: '2030-07-01T00:00:00Z' }, noor.token),
      );
    const june = (day: number, platformSlug: string) => ({
      platformSlug,
      kind: 'POST',
      title: `June ${day} on ${platformSlug}`,
      scheduledAt: `2030-06-${String(day).padStart(2, '0')}T12:00:00Z`,
      dueAt: `2030-06-${String(day).padStart(2, '0')}T12:00:00Z`,
    });
    await createDeal(t, noor.token, {
      title: 'June, small',
      currency: 'USD',
      totalFee: '200.00',
      deliverables: [june(1, 'instagram'), june(2, 'youtube')],
    });
    const few = await count();
    await createDeal(t, noor.token, {
      title: 'June, large',
      currency: 'USD',
      totalFee: '5000.00',
      deliverables: Array.from({ length: 28 }, (_, i) =>
        june(i + 1, i % 2 ? 'facebook' : 'youtube'),
      ),
    });
    const many = await count();
    expect(many).toBe(few);
    // Without what-ifs or advice nothing is simulated: the exposure itself is a handful of statements
    const bare = await t.countQueries(() =>
      t.gqlOk(
        `query { exposure(from: "2030-06-01T00:00:00Z", to: "2030-07-01T00:00:00Z") { currencies { total { amount } } } }`,
        {},
        noor.token,
      ),
    );
    expect(bare).toBeLessThan(few);
    expect(bare).toBeLessThanOrEqual(6);
  });
});
