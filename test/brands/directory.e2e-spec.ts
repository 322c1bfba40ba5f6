import { BrandsService } from '../../src/brands/brands.service';
import { AppError } from '../../src/common/errors/app-error';
import { expectError, expectUserError } from '../support/errors';
import { signUpAdmin, signUpBrand, signUpCreator, type Account } from '../support/factories';
import { TestApp } from '../support/test-app';

const ME = `query { me { id role creator { id displayName homeCurrency timeZone } brands { id name } } }`;
const BRANDS = `query Brands($search: String, $first: Int, $after: String) {
  brands(search: $search, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const UPDATE_PROFILE = `mutation Update($input: UpdateCreatorProfileInput!) {
  updateCreatorProfile(input: $input) {
    userErrors { field code message }
    creator { id displayName homeCurrency timeZone }
  }
}`;

describe('brand directory, memberships and creator profiles', () => {
  let t: TestApp;
  let admin: Account;
  let creator: Account;
  let creatorId: string;
  let otherCreator: Account;
  let otherCreatorId: string;
  let acme: Account;
  let loner: Account;

  async function creatorIdOf(account: Account): Promise<string> {
    const rows = await t.sql(`SELECT id FROM creators WHERE user_id = $1`, [account.userId]);
    return rows[0].id;
  }

  /** A brand a creator named on a deal: no members, created_by_creator_id set. */
  async function insertUnclaimedBrand(name: string, namedBy: string | null): Promise<string> {
    const rows = await t.sql(
      `INSERT INTO brands (name, created_by_creator_id) VALUES ($1, $2) RETURNING id`,
      [name, namedBy],
    );
    return rows[0].id;
  }

  async function insertClaimedBrand(name: string, member: Account): Promise<string> {
    const rows = await t.sql(`INSERT INTO brands (name) VALUES ($1) RETURNING id`, [name]);
    await t.sql(`INSERT INTO brand_members (brand_id, user_id) VALUES ($1, $2)`, [
      rows[0].id,
      member.userId,
    ]);
    return rows[0].id;
  }

  async function allPages(search: string | undefined, first: number, token: string) {
    const names: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard += 1) {
      const data: Record<string, any> = await t.gqlOk(BRANDS, { search, first, after }, token);
      totals.push(data.brands.totalCount);
      names.push(...data.brands.edges.map((edge: { node: { name: string } }) => edge.node.name));
      if (!data.brands.pageInfo.hasNextPage) return { names, totals };
      after = data.brands.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await signUpAdmin(t);
    creator = await signUpCreator(t, {
      displayName: 'Cleo',
      homeCurrency: 'EUR',
      timeZone: 'Europe/Paris',
    });
    creatorId = await creatorIdOf(creator);
    otherCreator = await signUpCreator(t, { displayName: 'Otto' });
    otherCreatorId = await creatorIdOf(otherCreator);
    // Surrounding spaces: the directory shows the name trimmed.
    acme = await signUpBrand(t, '  Acme Outdoor  ');
    loner = await signUpBrand(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('me', () => {
    it('shows a brand account the brand it signed up with, and no creator profile', async () => {
      const me = await t.gqlOk(ME, {}, acme.token);
      expect(me.me).toMatchObject({ role: 'BRAND', creator: null });
      expect(me.me.brands).toEqual([{ id: expect.any(String), name: 'Acme Outdoor' }]);
      const members = await t.sql(`SELECT brand_id FROM brand_members WHERE user_id = $1`, [
        acme.userId,
      ]);
      expect(members.map((row) => row.brand_id)).toEqual([me.me.brands[0].id]);
    });

    it('shows a brand account without a brand an empty list', async () => {
      const me = await t.gqlOk(ME, {}, loner.token);
      expect(me.me.brands).toEqual([]);
    });

    it('shows a creator their profile and no brands', async () => {
      const me = await t.gqlOk(ME, {}, creator.token);
      expect(me.me.creator).toEqual({
        id: creatorId,
        displayName: 'Cleo',
        homeCurrency: 'EUR',
        timeZone: 'Europe/Paris',
      });
      expect(me.me.brands).toEqual([]);
    });

    it('resolves creator and brands in one statement each, however they are nested', async () => {
      await t.gqlOk(ME, {}, acme.token); // warm: last_used_at is touched at most once a minute
      const plain = await t.countQueries(() => t.gqlOk(`query { me { id } }`, {}, acme.token));
      const full = await t.countQueries(() => t.gqlOk(ME, {}, acme.token));
      expect(full - plain).toBe(2);
    });
  });

  describe('updateCreatorProfile', () => {
    it('changes only the fields given', async () => {
      const updated = await t.gqlOk(
        UPDATE_PROFILE,
        { input: { displayName: '  Cleo B.  ', timeZone: 'America/New_York' } },
        creator.token,
      );
      expect(updated.updateCreatorProfile.creator).toEqual({
        id: creatorId,
        displayName: 'Cleo B.',
        homeCurrency: 'EUR',
        timeZone: 'America/New_York',
      });
      const again = await t.gqlOk(
        UPDATE_PROFILE,
        { input: { homeCurrency: 'GBP' } },
        creator.token,
      );
      expect(again.updateCreatorProfile.creator).toMatchObject({
        displayName: 'Cleo B.',
        homeCurrency: 'GBP',
      });
    });

    it('refuses unknown currencies and zones, blank names and brand accounts, changing nothing', async () => {
      const before = await t.sql(
        `SELECT display_name, home_currency, time_zone FROM creators WHERE id = $1`,
        [creatorId],
      );
      // Not a CurrencyCode: GraphQL refuses the variable before the resolver runs.
      const lowercase = await t.gql(
        UPDATE_PROFILE,
        { input: { homeCurrency: 'usd' } },
        creator.token,
      );
      expectError(lowercase, 'BAD_USER_INPUT');
      expect(lowercase.data?.updateCreatorProfile).toBeUndefined();
      expect(lowercase.errors![0].message).toContain('homeCurrency');
      expectUserError(
        await t.gql(UPDATE_PROFILE, { input: { timeZone: 'Mars/Olympus' } }, creator.token),
        'updateCreatorProfile',
        'UNKNOWN_TIME_ZONE',
        'input.timeZone',
      );
      expectUserError(
        await t.gql(UPDATE_PROFILE, { input: { displayName: '   ' } }, creator.token),
        'updateCreatorProfile',
        'DISPLAY_NAME_REQUIRED',
        'input.displayName',
      );
      // Every problem of one input at once.
      const both = await t.gql(
        UPDATE_PROFILE,
        { input: { displayName: '   ', timeZone: 'Mars/Olympus' } },
        creator.token,
      );
      expect(
        expectUserError(both, 'updateCreatorProfile', 'UNKNOWN_TIME_ZONE', 'input.timeZone')
          .map((error) => error.field?.join('.'))
          .sort(),
      ).toEqual(['input.displayName', 'input.timeZone']);
      expectError(
        await t.gql(UPDATE_PROFILE, { input: { displayName: 'Brand' } }, acme.token),
        'FORBIDDEN',
      );
      expectError(await t.gql(UPDATE_PROFILE, { input: {} }), 'UNAUTHENTICATED');
      const after = await t.sql(
        `SELECT display_name, home_currency, time_zone FROM creators WHERE id = $1`,
        [creatorId],
      );
      expect(after).toEqual(before);
    });
  });

  describe('brands(search)', () => {
    beforeAll(async () => {
      // Mixed case on purpose: the order is by name case-insensitively, whatever the collation.
      for (const name of ['zeta Gear', 'Beta gear', 'alpha Gear', 'Delta Gear', 'gamma gear']) {
        await insertClaimedBrand(name, loner);
      }
      await insertClaimedBrand('100% Natural', loner);
      await insertClaimedBrand('1000 Natural', loner);
      await insertClaimedBrand('Snake_Case Co', loner);
      await insertClaimedBrand('SnakeXCase Co', loner);
    });

    it('matches any part of the name case-insensitively, ordered by name, with id and name only', async () => {
      const data = await t.gqlOk(BRANDS, { search: 'GEAR' }, otherCreator.token);
      expect(data.brands.totalCount).toBe(5);
      expect(data.brands.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
        'alpha Gear',
        'Beta gear',
        'Delta Gear',
        'gamma gear',
        'zeta Gear',
      ]);
      expect(Object.keys(data.brands.edges[0].node).sort()).toEqual(['id', 'name']);
      expect(data.brands.pageInfo).toEqual({
        hasNextPage: false,
        endCursor: data.brands.edges[4].cursor,
      });
    });

    it('pages through the results with after, keeping the total', async () => {
      const { names, totals } = await allPages('gear', 2, acme.token);
      expect(names).toEqual(['alpha Gear', 'Beta gear', 'Delta Gear', 'gamma gear', 'zeta Gear']);
      expect(totals).toEqual([5, 5, 5]);
      const everything = await allPages(undefined, 3, acme.token);
      const single = await t.gqlOk(BRANDS, { first: 100 }, acme.token);
      expect(everything.names).toEqual(
        single.brands.edges.map((edge: { node: { name: string } }) => edge.node.name),
      );
      expect(new Set(everything.names).size).toBe(everything.names.length);
    });

    it('treats % and _ in the search as themselves', async () => {
      const percent = await t.gqlOk(BRANDS, { search: '0%' }, acme.token);
      expect(
        percent.brands.edges.map((edge: { node: { name: string } }) => edge.node.name),
      ).toEqual(['100% Natural']);
      const underscore = await t.gqlOk(BRANDS, { search: 'snake_' }, acme.token);
      expect(
        underscore.brands.edges.map((edge: { node: { name: string } }) => edge.node.name),
      ).toEqual(['Snake_Case Co']);
      const backslash = await t.gqlOk(BRANDS, { search: '\\' }, acme.token);
      expect(backslash.brands.totalCount).toBe(0);
    });

    it("lists a creator's own unclaimed brands to them only", async () => {
      await insertUnclaimedBrand('Private Label Gear', creatorId);
      const own = await t.gqlOk(BRANDS, { search: 'private label' }, creator.token);
      expect(own.brands.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
        'Private Label Gear',
      ]);
      for (const account of [otherCreator, acme, admin]) {
        const others = await t.gqlOk(BRANDS, { search: 'private label' }, account.token);
        expect(others.brands).toMatchObject({ totalCount: 0, edges: [] });
      }
    });

    it('refuses bad page sizes, forged cursors and anonymous callers', async () => {
      expectError(await t.gql(BRANDS, { first: 101 }, acme.token), 'BAD_USER_INPUT', ['first']);
      expectError(await t.gql(BRANDS, { first: 0 }, acme.token), 'BAD_USER_INPUT', ['first']);
      expectError(await t.gql(BRANDS, { after: 'not-a-cursor' }, acme.token), 'BAD_USER_INPUT', [
        'after',
      ]);
      const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
      expectError(await t.gql(BRANDS, { after: forged }, acme.token), 'BAD_USER_INPUT', ['after']);
      expectError(await t.gql(BRANDS, {}), 'UNAUTHENTICATED');
    });

    it('sends as many statements for 20 brands as for 2', async () => {
      await t.gqlOk(BRANDS, { first: 1 }, otherCreator.token); // warm the token's last_used_at
      const small = await t.countQueries(() => t.gqlOk(BRANDS, { first: 2 }, otherCreator.token));
      const large = await t.countQueries(async () => {
        const data = await t.gqlOk(BRANDS, { first: 20 }, otherCreator.token);
        expect(data.brands.edges.length).toBeGreaterThan(2);
      });
      expect(large).toBe(small);
    });
  });

  describe('BrandsService.findOrCreateForDeal', () => {
    let service: BrandsService;

    beforeAll(() => {
      service = t.app.get(BrandsService);
    });

    async function resolve(forCreator: string, ref: { brandId?: string; brandName?: string }) {
      return t.dataSource.transaction((manager) =>
        service.findOrCreateForDeal(manager, forCreator, ref, 'input'),
      );
    }

    async function refusal(
      forCreator: string,
      ref: { brandId?: string; brandName?: string },
    ): Promise<AppError> {
      const error = await resolve(forCreator, ref).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }

    it('reuses an unclaimed brand the creator named the same way, ignoring case, else creates one', async () => {
      const first = await resolve(creatorId, { brandName: ' Northwind ' });
      expect(first).toMatchObject({ name: 'Northwind', createdByCreatorId: creatorId });
      const again = await resolve(creatorId, { brandName: 'NORTHWIND' });
      expect(again.id).toBe(first.id);
      // Another creator naming the same brand gets a brand of their own.
      const theirs = await resolve(otherCreatorId, { brandName: 'northwind' });
      expect(theirs.id).not.toBe(first.id);
      expect(theirs.createdByCreatorId).toBe(otherCreatorId);
      const members = await t.sql(
        `SELECT count(*)::int AS n FROM brand_members WHERE brand_id = ANY($1::uuid[])`,
        [[first.id, theirs.id]],
      );
      expect(members[0].n).toBe(0);
    });

    it('refuses a claimed brand by name (any case, trimmed), naming its id: never a private namesake', async () => {
      const acmeId = (await t.gqlOk(ME, {}, acme.token)).me.brands[0].id;
      for (const brandName of ['Acme Outdoor', '  acme OUTDOOR ']) {
        const error = await refusal(creatorId, { brandName });
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.details).toMatchObject({
          reason: 'BRAND_HAS_ACCOUNT',
          fields: ['input.brandName'],
          brandId: acmeId,
        });
        expect(error.message).toContain(`pass brandId ${acmeId}`);
      }
      const namesakes = await t.sql(
        `SELECT count(*)::int AS n FROM brands WHERE lower(name) = 'acme outdoor'`,
      );
      expect(namesakes[0].n).toBe(1);
    });

    it('accepts claimed brands and own unclaimed brands by id, and nothing else', async () => {
      const acmeId = (await t.gqlOk(ME, {}, acme.token)).me.brands[0].id;
      expect((await resolve(otherCreatorId, { brandId: acmeId })).id).toBe(acmeId);
      const own = await insertUnclaimedBrand('Own Label', creatorId);
      expect((await resolve(creatorId, { brandId: own })).name).toBe('Own Label');

      for (const brandId of [own, '00000000-0000-4000-8000-000000000000', 'nope']) {
        const error = await refusal(otherCreatorId, { brandId });
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.details).toMatchObject({ reason: 'UNKNOWN_BRAND', fields: ['input.brandId'] });
      }
      expect((await refusal(creatorId, {})).details.reason).toBe('BRAND_REF_REQUIRED');
      expect(
        (await refusal(creatorId, { brandId: own, brandName: 'Own Label' })).details.reason,
      ).toBe('BRAND_REF_REQUIRED');
      expect((await refusal(creatorId, { brandName: '   ' })).details).toMatchObject({
        fields: ['input.brandName'],
      });
    });
  });
});
