import { PlatformsService } from '../../src/platforms/platforms.service';
import { AppError } from '../../src/common/errors/app-error';
import { expectError, expectUserError } from '../support/errors';
import { signUpAdmin, signUpBrand, signUpCreator } from '../support/factories';
import { TestApp, type GraphqlResponse } from '../support/test-app';

const PLATFORMS = `query Platforms($first: Int, $after: String, $search: String) {
  platforms(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id slug name kind dependsOn { slug } dependents { slug } } }
  }
}`;
const CREATE = `mutation Create($input: CreatePlatformInput!) {
  createPlatform(input: $input) {
    userErrors { field code message }
    platform { id slug name kind dependsOn { slug } dependents { slug } }
  }
}`;
const ADD = `mutation Add($input: PlatformDependencyInput!) {
  addPlatformDependency(input: $input) {
    userErrors { field code message }
    platform { slug dependsOn { slug } }
  }
}`;
const REMOVE = `mutation Remove($input: PlatformDependencyInput!) {
  removePlatformDependency(input: $input) {
    userErrors { field code message }
    platform { slug dependsOn { slug } }
  }
}`;
/** The variables of ADD and REMOVE: both slugs go in the one `input`. */
const edge = (platformSlug: string, providerSlug: string) => ({
  input: { platformSlug, providerSlug },
});

const SEEDED = [
  'bytedance',
  'email',
  'facebook',
  'google',
  'instagram',
  'linkedin',
  'messenger',
  'meta',
  'snapchat',
  'threads',
  'tiktok',
  'twitch',
  'website',
  'whatsapp',
  'x',
  'youtube',
];

type Node = {
  id: string;
  slug: string;
  dependsOn: Array<{ slug: string }>;
  dependents: Array<{ slug: string }>;
};
const slugs = (list: Array<{ slug: string }>) => list.map((item) => item.slug);

describe('platform catalog and dependency graph', () => {
  let t: TestApp;
  let admin: string;
  let creator: string;
  let brand: string;

  const counts = async () => {
    const [row] = await t.sql(
      `SELECT (SELECT count(*)::int FROM platforms) AS platforms, (SELECT count(*)::int FROM platform_dependencies) AS edges`,
    );
    return row as { platforms: number; edges: number };
  };
  const all = async (): Promise<Map<string, Node>> => {
    const data = await t.gqlOk(PLATFORMS, { first: 100 }, admin);
    return new Map(data.platforms.edges.map((edge: { node: Node }) => [edge.node.slug, edge.node]));
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const first = await signUpAdmin(t);
    expect(first.isAdmin).toBe(true);
    admin = first.token;
    creator = (await signUpCreator(t, { displayName: 'Cara' })).token;
    brand = (await signUpBrand(t, 'Acme')).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the seeded catalog by slug with direct providers and dependents', async () => {
    const data = await t.gqlOk(PLATFORMS, { first: 100 }, creator);
    expect(data.platforms.totalCount).toBe(16);
    expect(data.platforms.pageInfo.hasNextPage).toBe(false);
    expect(data.platforms.edges.map((edge: { node: Node }) => edge.node.slug)).toEqual(SEEDED);

    const bySlug = await all();
    expect(slugs(bySlug.get('meta')!.dependents)).toEqual([
      'facebook',
      'instagram',
      'messenger',
      'threads',
      'whatsapp',
    ]);
    expect(bySlug.get('meta')!.dependsOn).toEqual([]);
    for (const product of ['facebook', 'instagram', 'whatsapp', 'messenger', 'threads']) {
      expect(slugs(bySlug.get(product)!.dependsOn)).toEqual(['meta']);
      expect(bySlug.get(product)!.dependents).toEqual([]);
    }
    expect(slugs(bySlug.get('youtube')!.dependsOn)).toEqual(['google']);
    expect(slugs(bySlug.get('google')!.dependents)).toEqual(['youtube']);
    expect(slugs(bySlug.get('tiktok')!.dependsOn)).toEqual(['bytedance']);
    expect(slugs(bySlug.get('bytedance')!.dependents)).toEqual(['tiktok']);
    expect(bySlug.get('x')).toMatchObject({ dependsOn: [], dependents: [] });
  });

  it('pages with cursors and searches slugs and names case-insensitively', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: any = await t.gqlOk(PLATFORMS, { first: 5, after }, brand);
      expect(data.platforms.totalCount).toBe(16);
      seen.push(...data.platforms.edges.map((edge: { node: Node }) => edge.node.slug));
      after = data.platforms.pageInfo.endCursor;
      if (!data.platforms.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(SEEDED);

    const infra = await t.gqlOk(PLATFORMS, { search: 'INFRA' }, creator);
    expect(infra.platforms.edges.map((edge: { node: Node }) => edge.node.slug)).toEqual([
      'bytedance',
      'google',
      'meta',
    ]);
    expect(infra.platforms.totalCount).toBe(3);
    const tok = await t.gqlOk(PLATFORMS, { search: 'tok' }, creator);
    expect(tok.platforms.edges.map((edge: { node: Node }) => edge.node.slug)).toEqual(['tiktok']);
    // Wildcards are matched literally.
    const wildcard = await t.gqlOk(PLATFORMS, { search: '%' }, creator);
    expect(wildcard.platforms).toMatchObject({ totalCount: 0, edges: [] });

    expectError(await t.gql(PLATFORMS, { first: 101 }, creator), 'BAD_USER_INPUT', ['first']);
    expectError(await t.gql(PLATFORMS, { after: 'garbage' }, creator), 'BAD_USER_INPUT', ['after']);
    const forged = Buffer.from(JSON.stringify(['meta', 'not-a-uuid'])).toString('base64url');
    expectError(await t.gql(PLATFORMS, { after: forged }, creator), 'BAD_USER_INPUT', ['after']);
    expectError(await t.gql(PLATFORMS, { first: 5 }), 'UNAUTHENTICATED');
  });

  it('sends the same number of SQL statements for 2 and for 20 platforms with nested fields', async () => {
    let small: any;
    let large: any;
    const two = await t.countQueries(async () => {
      small = await t.gqlOk(PLATFORMS, { first: 2 }, admin);
    });
    const twenty = await t.countQueries(async () => {
      large = await t.gqlOk(PLATFORMS, { first: 20 }, admin);
    });
    expect(small.platforms.edges).toHaveLength(2);
    expect(large.platforms.edges.length).toBeGreaterThan(10);
    expect(twenty).toBe(two);
  });

  it('creates a platform with its providers in one go', async () => {
    const created = await t.gqlOk(
      CREATE,
      {
        input: {
          slug: 'youtube-music',
          name: 'YouTube Music',
          kind: 'VIDEO',
          dependsOn: ['google', 'youtube', 'google'],
        },
      },
      admin,
    );
    expect(created.createPlatform.platform).toMatchObject({
      slug: 'youtube-music',
      name: 'YouTube Music',
      kind: 'VIDEO',
      dependents: [],
    });
    expect(slugs(created.createPlatform.platform.dependsOn)).toEqual(['google', 'youtube']);
    const bySlug = await all();
    expect(slugs(bySlug.get('youtube')!.dependents)).toEqual(['youtube-music']);
    expect(slugs(bySlug.get('google')!.dependents)).toEqual(['youtube', 'youtube-music']);
    const rows = await t.sql(
      `SELECT q.slug FROM platform_dependencies d JOIN platforms p ON p.id = d.platform_id
         JOIN platforms q ON q.id = d.provider_id WHERE p.slug = 'youtube-music' ORDER BY q.slug`,
    );
    expect(rows.map((row) => row.slug)).toEqual(['google', 'youtube']);

    const bare = await t.gqlOk(
      CREATE,
      { input: { slug: 'bluesky', name: 'Bluesky', kind: 'SOCIAL' } },
      admin,
    );
    expect(bare.createPlatform.platform).toMatchObject({
      slug: 'bluesky',
      dependsOn: [],
      dependents: [],
    });
  });

  it('refuses bad platforms and writes nothing', async () => {
    const before = await counts();
    const duplicate = await t.gql(
      CREATE,
      { input: { slug: 'instagram', name: 'Again', kind: 'SOCIAL' } },
      admin,
    );
    expect(expectUserError(duplicate, 'createPlatform', 'SLUG_TAKEN', 'input.slug')).toEqual([
      {
        field: ['input', 'slug'],
        code: 'SLUG_TAKEN',
        message: 'A platform with slug "instagram" already exists',
      },
    ]);

    const unknown = await t.gql(
      CREATE,
      {
        input: {
          slug: 'mastodon',
          name: 'Mastodon',
          kind: 'SOCIAL',
          dependsOn: ['google', 'tiktokk'],
        },
      },
      admin,
    );
    expect(
      expectUserError(unknown, 'createPlatform', 'UNKNOWN_PLATFORM', 'input.dependsOn'),
    ).toEqual([
      {
        field: ['input', 'dependsOn'],
        code: 'UNKNOWN_PLATFORM',
        message: 'Unknown platform "tiktokk"',
      },
    ]);

    const self = await t.gql(
      CREATE,
      { input: { slug: 'loop', name: 'Loop', kind: 'WEB', dependsOn: ['loop'] } },
      admin,
    );
    expect(
      expectUserError(self, 'createPlatform', 'DEPENDENCY_CYCLE', 'input.dependsOn'),
    ).toHaveLength(1);

    for (const slug of ['Bad Slug', '-leading', 'UPPER', '', 'a'.repeat(64), 'under_score']) {
      expect(
        expectUserError(
          await t.gql(CREATE, { input: { slug, name: 'Bad', kind: 'WEB' } }, admin),
          'createPlatform',
          'VALIDATION_FAILED',
          'input.slug',
        ),
      ).toHaveLength(1);
    }
    expect(
      expectUserError(
        await t.gql(CREATE, { input: { slug: 'blank', name: '   ', kind: 'WEB' } }, admin),
        'createPlatform',
        'BLANK_VALUE',
        'input.name',
      ),
    ).toHaveLength(1);
    // Every problem class-validator finds, at once: one user error per field.
    const both = await t.gql(
      CREATE,
      { input: { slug: 'Bad Slug', name: 'n'.repeat(201), kind: 'WEB' } },
      admin,
    );
    expect(
      expectUserError(both, 'createPlatform', 'VALIDATION_FAILED')
        .map((error) => [error.field?.join('.'), error.code])
        .sort(),
    ).toEqual([
      ['input.name', 'VALIDATION_FAILED'],
      ['input.slug', 'VALIDATION_FAILED'],
    ]);
    // An unknown enum value in the variables: refused by GraphQL itself, top-level.
    const odd = await t.gql(
      CREATE,
      { input: { slug: 'odd', name: 'Odd', kind: 'PODCAST' } },
      admin,
    );
    expectError(odd, 'BAD_USER_INPUT');
    expect(odd.data ?? null).toBeNull();
    expect(odd.errors![0].message).toContain('input.kind');

    expect(await counts()).toEqual(before);
    expect(
      await t.sql(`SELECT 1 FROM platforms WHERE slug IN ('mastodon', 'loop', 'blank', 'odd')`),
    ).toEqual([]);
  });

  it('adds and removes dependencies', async () => {
    const added = await t.gqlOk(ADD, edge('bluesky', 'website'), admin);
    expect(added.addPlatformDependency).toEqual({
      userErrors: [],
      platform: { slug: 'bluesky', dependsOn: [{ slug: 'website' }] },
    });
    expect(slugs((await all()).get('website')!.dependents)).toEqual(['bluesky']);

    const removed = await t.gqlOk(REMOVE, edge('bluesky', 'website'), admin);
    expect(removed.removePlatformDependency).toEqual({
      userErrors: [],
      platform: { slug: 'bluesky', dependsOn: [] },
    });
    expect((await all()).get('website')!.dependents).toEqual([]);
    expectError(await t.gql(REMOVE, edge('bluesky', 'website'), admin), 'NOT_FOUND');
  });

  it('refuses self-dependencies, cycles, duplicates and unknown slugs, writing nothing', async () => {
    const before = await counts();

    const cycleOf = (response: GraphqlResponse) => {
      const [error, ...others] = expectUserError(
        response,
        'addPlatformDependency',
        'DEPENDENCY_CYCLE',
        'input.providerSlug',
      );
      expect(others).toEqual([]);
      return error.message;
    };
    const self = await t.gql(ADD, edge('x', 'x'), admin);
    expect(cycleOf(self)).toBe('A platform cannot depend on itself (x → x)');

    // Direct: instagram → meta exists, so meta → instagram closes a two-step cycle.
    const direct = await t.gql(ADD, edge('meta', 'instagram'), admin);
    expect(cycleOf(direct)).toBe(
      '"meta" cannot depend on "instagram": that would create a dependency cycle meta → instagram → meta',
    );

    // Longer: youtube-music → youtube → google, so google → youtube-music closes a three-step cycle.
    const longer = await t.gql(ADD, edge('google', 'youtube-music'), admin);
    expect(cycleOf(longer)).toContain('google → youtube-music → google');

    // A chain a → b → c → d: d → a must name the whole path.
    for (const slug of ['chain-a', 'chain-b', 'chain-c', 'chain-d']) {
      await t.gqlOk(CREATE, { input: { slug, name: slug, kind: 'WEB' } }, admin);
    }
    await t.gqlOk(ADD, edge('chain-a', 'chain-b'), admin);
    await t.gqlOk(ADD, edge('chain-b', 'chain-c'), admin);
    await t.gqlOk(ADD, edge('chain-c', 'chain-d'), admin);
    const afterChain = await counts();
    const chain = await t.gql(ADD, edge('chain-d', 'chain-a'), admin);
    expect(cycleOf(chain)).toMatch(/cycle chain-d → chain-a → chain-b → chain-c → chain-d$/);
    // A shortcut that is not a cycle is fine.
    await t.gqlOk(ADD, edge('chain-a', 'chain-d'), admin);

    const duplicate = await t.gql(ADD, edge('instagram', 'meta'), admin);
    expect(expectUserError(duplicate, 'addPlatformDependency', 'DUPLICATE_DEPENDENCY')).toEqual([
      {
        field: null,
        code: 'DUPLICATE_DEPENDENCY',
        message: '"instagram" already depends on "meta"',
      },
    ]);

    const unknown = await t.gql(ADD, edge('instagram', 'metaa'), admin);
    expect(
      expectUserError(unknown, 'addPlatformDependency', 'UNKNOWN_PLATFORM', 'input.providerSlug'),
    ).toEqual([
      {
        field: ['input', 'providerSlug'],
        code: 'UNKNOWN_PLATFORM',
        message: 'Unknown platform "metaa"',
      },
    ]);
    expect(
      expectUserError(
        await t.gql(ADD, edge('instagramm', 'meta'), admin),
        'addPlatformDependency',
        'UNKNOWN_PLATFORM',
        'input.platformSlug',
      ),
    ).toHaveLength(1);
    expect(
      expectUserError(
        await t.gql(REMOVE, edge('instagramm', 'meta'), admin),
        'removePlatformDependency',
        'UNKNOWN_PLATFORM',
        'input.platformSlug',
      ),
    ).toHaveLength(1);
    // Both unknown: both named at once.
    for (const [mutation, query] of [
      ['addPlatformDependency', ADD],
      ['removePlatformDependency', REMOVE],
    ]) {
      const neither = await t.gql(query, edge('instagramm', 'metaa'), admin);
      expect(
        expectUserError(neither, mutation, 'UNKNOWN_PLATFORM').map((error) => error.field),
      ).toEqual([
        ['input', 'platformSlug'],
        ['input', 'providerSlug'],
      ]);
    }

    const after = await counts();
    expect(after.platforms).toBe(before.platforms + 4);
    expect(after.edges).toBe(afterChain.edges + 1);
    expect(afterChain.edges).toBe(before.edges + 3);
    const reverse = await t.sql(
      `SELECT 1 FROM platform_dependencies d JOIN platforms p ON p.id = d.platform_id JOIN platforms q ON q.id = d.provider_id
        WHERE (p.slug = 'meta' AND q.slug = 'instagram') OR p.slug = q.slug OR (p.slug = 'chain-d' AND q.slug = 'chain-a')`,
    );
    expect(reverse).toEqual([]);
  });

  it('lets only one of two concurrent opposite edges in', async () => {
    await t.gqlOk(CREATE, { input: { slug: 'race-a', name: 'Race A', kind: 'WEB' } }, admin);
    await t.gqlOk(CREATE, { input: { slug: 'race-b', name: 'Race B', kind: 'WEB' } }, admin);
    const results = await Promise.all([
      t.gql(ADD, edge('race-a', 'race-b'), admin),
      t.gql(ADD, edge('race-b', 'race-a'), admin),
    ]);
    for (const result of results) expect(result.errors ?? []).toEqual([]);
    const failures = results.filter(
      (result) => result.data!.addPlatformDependency.userErrors.length > 0,
    );
    expect(failures).toHaveLength(1);
    expectUserError(failures[0], 'addPlatformDependency', 'DEPENDENCY_CYCLE', 'input.providerSlug');
    const edges = await t.sql(
      `SELECT count(*)::int AS n FROM platform_dependencies d JOIN platforms p ON p.id = d.platform_id
        WHERE p.slug IN ('race-a', 'race-b')`,
    );
    expect(edges[0].n).toBe(1);
  });

  it('refuses catalog changes to creators and brands with FORBIDDEN, writing nothing', async () => {
    const before = await counts();
    for (const token of [creator, brand]) {
      const create = await t.gql(
        CREATE,
        { input: { slug: 'sneaky', name: 'Sneaky', kind: 'WEB', dependsOn: ['meta'] } },
        token,
      );
      expectError(create, 'FORBIDDEN');
      expect(create.data?.createPlatform ?? null).toBeNull();
      expectError(await t.gql(ADD, edge('x', 'website'), token), 'FORBIDDEN');
      expectError(await t.gql(REMOVE, edge('instagram', 'meta'), token), 'FORBIDDEN');
    }
    expectError(
      await t.gql(CREATE, { input: { slug: 'anon', name: 'Anon', kind: 'WEB' } }),
      'UNAUTHENTICATED',
    );
    expect(await counts()).toEqual(before);
    const kept = await t.sql(
      `SELECT 1 FROM platform_dependencies d JOIN platforms p ON p.id = d.platform_id JOIN platforms q ON q.id = d.provider_id
        WHERE p.slug = 'instagram' AND q.slug = 'meta'`,
    );
    expect(kept).toHaveLength(1);
  });

  describe('PlatformsService (for other modules)', () => {
    let service: PlatformsService;
    let ids: Map<string, string>;

    beforeAll(async () => {
      service = t.app.get(PlatformsService);
      ids = new Map(
        (await t.sql(`SELECT slug, id FROM platforms`)).map((row) => [row.slug, row.id]),
      );
    });

    it('resolves slugs and names the field of an unknown one', async () => {
      const resolved = await service.resolveSlugs(
        ['tiktok', 'instagram', 'tiktok'],
        'input.platforms',
      );
      expect([...resolved.keys()].sort()).toEqual(['instagram', 'tiktok']);
      expect(resolved.get('tiktok')!.id).toBe(ids.get('tiktok'));
      expect((await service.resolveSlugs([], 'input.platforms')).size).toBe(0);

      const error = await service
        .resolveSlugs(['tiktok', 'tiktokk'], 'input.deliverables.0.platform')
        .catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'Unknown platform "tiktokk"',
        details: { fields: ['input.deliverables.0.platform'], reason: 'UNKNOWN_PLATFORM' },
      });
    });

    it('expands platforms to everything depending on them, transitively', async () => {
      const slugOf = new Map([...ids].map(([slug, id]) => [id, slug]));
      const affected = async (slugsIn: string[]) =>
        (await service.affectedPlatformIds(slugsIn.map((slug) => ids.get(slug)!))).map((id) =>
          slugOf.get(id),
        );

      expect(await affected(['meta'])).toEqual([
        'meta',
        'facebook',
        'instagram',
        'messenger',
        'threads',
        'whatsapp',
      ]);
      // google → youtube → youtube-music: direct first, then by distance, no duplicates.
      expect(await affected(['google'])).toEqual(['google', 'youtube', 'youtube-music']);
      expect(await affected(['youtube', 'google'])).toEqual(['google', 'youtube', 'youtube-music']);
      expect(await affected(['chain-d'])).toEqual(['chain-d', 'chain-a', 'chain-c', 'chain-b']);
      expect(await affected(['x'])).toEqual(['x']);
      expect(await service.affectedPlatformIds([])).toEqual([]);
      expect(
        await service.affectedPlatformIds(['not-a-uuid', '00000000-0000-4000-8000-000000000000']),
      ).toEqual([]);
    });
  });
});
