import { expectError, expectUserError } from '../support/errors';
import { signUpBrand, signUpCreator } from '../support/factories';
import { TestApp } from '../support/test-app';

const UPSERT = `mutation Upsert($input: UpsertPlatformAccountInput!) {
  upsertPlatformAccount(input: $input) {
    userErrors { field code message }
    platformAccount {
      id handle followers createdAt updatedAt
      platform { slug name }
      dailyEarnings { amount currency minor }
    }
  }
}`;
const ACCOUNTS = `query Accounts($first: Int, $after: String) {
  platformAccounts(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id handle followers platform { slug dependsOn { slug } } dailyEarnings { amount currency minor } } }
  }
}`;

type Account = { id: string; handle: string; platform: { slug: string } };
const handles = (data: any) =>
  data.platformAccounts.edges.map((edge: { node: Account }) => edge.node.handle);

describe('platform accounts', () => {
  let t: TestApp;
  let admin: string;
  let ada: string;
  let bo: string;
  let brand: string;

  const accountCount = async () =>
    (await t.sql(`SELECT count(*)::int AS n FROM platform_accounts`))[0].n as number;
  const upsert = (token: string, input: Record<string, unknown>) =>
    t.gql(
      UPSERT,
      {
        input: {
          platformSlug: 'instagram',
          handle: '@someone',
          followers: 10,
          dailyEarnings: { amount: '1.00', currency: 'USD' },
          ...input,
        },
      },
      token,
    );

  beforeAll(async () => {
    t = await TestApp.start();
    // The administrator signs up as a brand user so that "sees everything" is not "sees its own".
    admin = (await signUpBrand(t)).token;
    ada = (await signUpCreator(t, { displayName: 'Ada' })).token;
    bo = (await signUpCreator(t, { displayName: 'Bo' })).token;
    brand = (await signUpBrand(t, 'Acme')).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates one account per creator and platform, and updates it in place', async () => {
    const created = await t.gqlOk(
      UPSERT,
      {
        input: {
          platformSlug: 'instagram',
          handle: ' @ada ',
          followers: 12000,
          dailyEarnings: { amount: '42.5', currency: 'USD' },
        },
      },
      ada,
    );
    const first = created.upsertPlatformAccount.platformAccount;
    expect(first).toMatchObject({
      handle: '@ada',
      followers: 12000,
      platform: { slug: 'instagram', name: 'Instagram' },
      dailyEarnings: { amount: '42.50', currency: 'USD', minor: '4250' },
    });

    const updated = await t.gqlOk(
      UPSERT,
      {
        input: {
          platformSlug: 'instagram',
          handle: '@ada.new',
          followers: 15000,
          dailyEarnings: { amount: '1500', currency: 'JPY' },
        },
      },
      ada,
    );
    expect(updated.upsertPlatformAccount.platformAccount).toMatchObject({
      id: first.id,
      handle: '@ada.new',
      followers: 15000,
      createdAt: first.createdAt,
      dailyEarnings: { amount: '1500', currency: 'JPY', minor: '1500' },
    });
    expect(
      new Date(updated.upsertPlatformAccount.platformAccount.updatedAt) >=
        new Date(first.updatedAt),
    ).toBe(true);

    const rows = await t.sql(
      `SELECT handle, followers, daily_earnings::text AS minor, currency FROM platform_accounts`,
    );
    expect(rows).toEqual([
      { handle: '@ada.new', followers: 15000, minor: '1500', currency: 'JPY' },
    ]);

    // Another creator's account on the same platform is a separate row and leaves Ada's alone.
    const bos = await t.gqlOk(
      UPSERT,
      {
        input: {
          platformSlug: 'instagram',
          handle: '@bo',
          followers: 3,
          dailyEarnings: { amount: '0', currency: 'EUR' },
        },
      },
      bo,
    );
    expect(bos.upsertPlatformAccount.platformAccount.id).not.toBe(first.id);
    expect(await t.sql(`SELECT handle FROM platform_accounts ORDER BY handle`)).toEqual([
      { handle: '@ada.new' },
      { handle: '@bo' },
    ]);
  });

  it('shows creators only their own accounts, admins all, and brands none', async () => {
    await t.gqlOk(
      UPSERT,
      {
        input: {
          platformSlug: 'youtube',
          handle: 'AdaTube',
          followers: 500,
          dailyEarnings: { amount: '7.25', currency: 'USD' },
        },
      },
      ada,
    );
    await t.gqlOk(
      UPSERT,
      {
        input: {
          platformSlug: 'tiktok',
          handle: '@ada.tok',
          followers: 80,
          dailyEarnings: { amount: '0.99', currency: 'USD' },
        },
      },
      ada,
    );

    const adas = await t.gqlOk(ACCOUNTS, {}, ada);
    expect(adas.platformAccounts.totalCount).toBe(3);
    expect(handles(adas)).toEqual(['@ada.new', '@ada.tok', 'AdaTube']); // instagram, tiktok, youtube
    expect(adas.platformAccounts.edges[2].node.platform.dependsOn).toEqual([{ slug: 'google' }]);

    const bos = await t.gqlOk(ACCOUNTS, {}, bo);
    expect(bos.platformAccounts.totalCount).toBe(1);
    expect(handles(bos)).toEqual(['@bo']);

    const brands = await t.gqlOk(ACCOUNTS, {}, brand);
    // Not visible to brands: null, not an empty page (which would mean none).
    expect(brands.platformAccounts).toBeNull();

    const admins = await t.gqlOk(ACCOUNTS, {}, admin);
    expect(admins.platformAccounts.totalCount).toBe(4);
    expect(handles(admins).sort()).toEqual(['@ada.new', '@ada.tok', '@bo', 'AdaTube']);

    expectError(await t.gql(ACCOUNTS, {}), 'UNAUTHENTICATED');
  });

  it('pages through accounts with cursors', async () => {
    const page1 = await t.gqlOk(ACCOUNTS, { first: 2 }, ada);
    expect(handles(page1)).toEqual(['@ada.new', '@ada.tok']);
    expect(page1.platformAccounts.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gqlOk(
      ACCOUNTS,
      { first: 2, after: page1.platformAccounts.pageInfo.endCursor },
      ada,
    );
    expect(handles(page2)).toEqual(['AdaTube']);
    expect(page2.platformAccounts.pageInfo.hasNextPage).toBe(false);
    expect(page2.platformAccounts.totalCount).toBe(3);

    // The admin sees two instagram accounts: the id breaks the tie without skipping or repeating.
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const data: any = await t.gqlOk(ACCOUNTS, { first: 1, after }, admin);
      seen.push(...handles(data));
      after = data.platformAccounts.pageInfo.endCursor;
      if (!data.platformAccounts.pageInfo.hasNextPage) break;
    }
    expect(seen.sort()).toEqual(['@ada.new', '@ada.tok', '@bo', 'AdaTube']);
  });

  it('sends the same number of SQL statements for 2 and for 20 accounts', async () => {
    for (const slug of ['x', 'snapchat', 'twitch', 'linkedin', 'facebook', 'threads']) {
      await t.gqlOk(
        UPSERT,
        {
          input: {
            platformSlug: slug,
            handle: `bo-${slug}`,
            followers: 1,
            dailyEarnings: { amount: '1', currency: 'USD' },
          },
        },
        bo,
      );
    }
    let small: any;
    let large: any;
    const two = await t.countQueries(async () => {
      small = await t.gqlOk(ACCOUNTS, { first: 2 }, admin);
    });
    const twenty = await t.countQueries(async () => {
      large = await t.gqlOk(ACCOUNTS, { first: 20 }, admin);
    });
    expect(small.platformAccounts.edges).toHaveLength(2);
    expect(large.platformAccounts.edges).toHaveLength(10);
    expect(twenty).toBe(two);
  });

  it('lets only creators write accounts', async () => {
    const before = await accountCount();
    const fromBrand = await upsert(brand, { handle: '@acme' });
    expectError(fromBrand, 'FORBIDDEN');
    // The admin here is a brand user: administrators run the service, they do not own accounts.
    expectError(await upsert(admin, { handle: '@admin' }), 'FORBIDDEN');
    expectError(await upsert('', { handle: '@anon' }), 'UNAUTHENTICATED');
    expect(await accountCount()).toBe(before);
  });

  it('refuses bad input with the field at fault and writes nothing', async () => {
    const before = await t.sql(`SELECT * FROM platform_accounts ORDER BY id`);
    const money = (amount: string, currency = 'USD') => ({ dailyEarnings: { amount, currency } });
    // Refusals of the input: user errors of the payload, the field at fault, no account.
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ platformSlug: 'tiktokk' }, 'input.platformSlug', 'UNKNOWN_PLATFORM'],
      [money('-1.00'), 'input.dailyEarnings.amount', 'INVALID_AMOUNT'],
      [money('1.001'), 'input.dailyEarnings.amount', 'INVALID_AMOUNT'],
      [money('10.5', 'JPY'), 'input.dailyEarnings.amount', 'INVALID_AMOUNT'],
      [money('99999999999999999999'), 'input.dailyEarnings.amount', 'INVALID_AMOUNT'],
      [{ handle: '   ' }, 'input.handle', 'BLANK_VALUE'],
      [{ handle: '' }, 'input.handle', 'VALIDATION_FAILED'],
      [{ followers: -1 }, 'input.followers', 'VALIDATION_FAILED'],
      [{ handle: 'h'.repeat(201) }, 'input.handle', 'VALIDATION_FAILED'],
    ];
    for (const [input, field, code] of cases) {
      const response = await upsert(ada, input);
      expect(expectUserError(response, 'upsertPlatformAccount', code, field)).toHaveLength(1);
    }
    const unknown = await upsert(ada, { platformSlug: 'tiktokk' });
    expect(unknown.data!.upsertPlatformAccount.userErrors[0].message).toBe(
      'Unknown platform "tiktokk"',
    );

    // Every problem of one input at once.
    const several = await upsert(ada, {
      platformSlug: 'tiktokk',
      handle: '   ',
      ...money('1.001'),
    });
    const listed = expectUserError(several, 'upsertPlatformAccount', 'UNKNOWN_PLATFORM');
    expect(listed.map((error) => [error.field?.join('.'), error.code]).sort()).toEqual([
      ['input.dailyEarnings.amount', 'INVALID_AMOUNT'],
      ['input.handle', 'BLANK_VALUE'],
      ['input.platformSlug', 'UNKNOWN_PLATFORM'],
    ]);

    // A currency that is no CurrencyCode, or an amount that is no Decimal, in the variables:
    // refused by GraphQL itself before anything runs, as a top-level error.
    for (const currency of ['XYZ', 'usd']) {
      const response = await upsert(ada, money('1.00', currency));
      expectError(response, 'BAD_USER_INPUT');
      expect(response.data ?? null).toBeNull();
      expect(response.errors![0].message).toContain('input.dailyEarnings.currency');
    }
    for (const amount of ['1e3', '']) {
      const response = await upsert(ada, money(amount));
      expectError(response, 'BAD_USER_INPUT');
      expect(response.data ?? null).toBeNull();
      expect(response.errors![0].extensions!.reason).toBe('AMOUNT_FORMAT');
    }
    expect(await t.sql(`SELECT * FROM platform_accounts ORDER BY id`)).toEqual(before);
  });
});
