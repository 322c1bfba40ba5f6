import { FixedClock } from '../../src/infrastructure/clock';
import { expectError, expectUserError } from '../support/errors';
import { signUpAdmin, signUpBrand, signUpCreator } from '../support/factories';
import { TestApp } from '../support/test-app';

const FIELDS = `id title startsAt endsAt ongoing severity degradationBps source externalId version createdAt updatedAt
  platforms { slug }`;
const USER_ERRORS = `userErrors { field code message }`;
const RECORD = `mutation Record($input: RecordOutageInput!) { recordOutage(input: $input) { ${USER_ERRORS} outage { ${FIELDS} } } }`;
const UPDATE = `mutation Update($input: UpdateOutageInput!) { updateOutage(input: $input) { ${USER_ERRORS} outage { ${FIELDS} } } }`;
const END = `mutation End($input: EndOutageInput!) { endOutage(input: $input) { ${USER_ERRORS} outage { ${FIELDS} } } }`;
/** updateOutage's variables: the outage's id beside the changes, in one input. */
const update = ({ id, input }: { id: string; input: Record<string, unknown> }) => ({
  input: { id, ...input },
});
/** endOutage's variables. */
const end = (input: { id: string; endsAt?: string | null }) => ({ input });
const OUTAGE = `query One($id: ID!) { outage(id: $id) { ${FIELDS} } }`;
const OUTAGES = `query List($filter: OutagesFilter, $first: Int, $after: String) {
  outages(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title startsAt ongoing platforms { slug dependents { slug } } } }
  }
}`;

const HOUR = 3_600_000;
// The apps' "now": `ongoing` and endOutage's default end are judged by it.
const NOW = new Date('2031-06-01T12:00:00Z').getTime();
const at = (offsetHours: number) => new Date(NOW + offsetHours * HOUR).toISOString();
const titles = (data: any) =>
  data.outages.edges.map((edge: { node: { title: string } }) => edge.node.title);

describe('outages', () => {
  const clock = new FixedClock(new Date(NOW));
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let creator: string;
  let brand: string;

  const snapshot = () =>
    Promise.all([
      t.sql(
        `SELECT id, title, starts_at, ends_at, severity, degradation_bps, source, external_id, version FROM outages ORDER BY id`,
      ),
      t.sql(`SELECT outage_id, platform_id FROM outage_platforms ORDER BY outage_id, platform_id`),
    ]);
  const record = async (input: Record<string, unknown>) =>
    (await t.gqlOk(RECORD, { input: { severity: 'FULL', startsAt: at(-2), ...input } }, admin))
      .recordOutage.outage;

  beforeAll(async () => {
    t = await TestApp.start({}, { clock });
    const first = await signUpAdmin(t);
    admin = first.token;
    adminId = first.userId;
    creator = (await signUpCreator(t, { displayName: 'Cara' })).token;
    brand = (await signUpBrand(t, 'Acme')).token;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('recording', () => {
    it('records a full outage that is ongoing', async () => {
      const startsAt = at(-3);
      const outage = await record({ title: ' Meta is down ', platformSlugs: ['meta'], startsAt });
      expect(outage).toMatchObject({
        title: 'Meta is down',
        startsAt,
        endsAt: null,
        ongoing: true,
        severity: 'FULL',
        degradationBps: 10000,
        source: 'MANUAL',
        externalId: null,
        version: 1,
        platforms: [{ slug: 'meta' }],
      });
      const [row] = await t.sql(`SELECT created_by_user_id, starts_at FROM outages WHERE id = $1`, [
        outage.id,
      ]);
      expect(row.created_by_user_id).toBe(adminId);
      expect(new Date(row.starts_at).toISOString()).toBe(startsAt);
      // Any signed-in user can read it.
      expect((await t.gqlOk(OUTAGE, { id: outage.id }, brand)).outage).toEqual(outage);
    });

    it('records a partial outage of several platforms with a source and external id', async () => {
      const outage = await record({
        title: 'Feeds slow',
        platformSlugs: ['instagram', 'facebook', 'instagram'],
        startsAt: '2024-03-05T15:00:00+02:00',
        endsAt: '2024-03-05T16:30:00Z',
        severity: 'PARTIAL',
        degradationBps: 2500,
        source: 'STATUSPAGE',
        externalId: 'inc-1',
      });
      expect(outage).toMatchObject({
        startsAt: '2024-03-05T13:00:00.000Z',
        endsAt: '2024-03-05T16:30:00.000Z',
        ongoing: false,
        severity: 'PARTIAL',
        degradationBps: 2500,
        source: 'STATUSPAGE',
        externalId: 'inc-1',
        platforms: [{ slug: 'facebook' }, { slug: 'instagram' }],
      });
      // A FULL outage may spell out its 10000 bps; a future one is not ongoing yet.
      const future = await record({
        title: 'Planned',
        platformSlugs: ['x'],
        startsAt: at(24),
        degradationBps: 10000,
      });
      expect(future).toMatchObject({ ongoing: false, degradationBps: 10000 });
      // Explicit nulls mean "not given".
      const nulls = await record({
        title: 'Nulls',
        platformSlugs: ['linkedin'],
        endsAt: null,
        degradationBps: null,
        source: null,
        externalId: null,
      });
      expect(nulls).toMatchObject({
        endsAt: null,
        degradationBps: 10000,
        source: 'MANUAL',
        externalId: null,
      });
    });

    it('refuses bad outages with the field at fault and writes nothing', async () => {
      const before = await snapshot();
      const base = { title: 'Bad', platformSlugs: ['youtube'], startsAt: at(-1), severity: 'FULL' };
      const cases: Array<[Record<string, unknown>, string, string?]> = [
        [{ endsAt: base.startsAt }, 'input.endsAt', 'ENDS_BEFORE_START'],
        [{ endsAt: at(-5) }, 'input.endsAt', 'ENDS_BEFORE_START'],
        [{ platformSlugs: ['youtube', 'tiktokk'] }, 'input.platformSlugs', 'UNKNOWN_PLATFORM'],
        [{ platformSlugs: [] }, 'input.platformSlugs', 'VALIDATION_FAILED'],
        [{ severity: 'PARTIAL' }, 'input.degradationBps', 'DEGRADATION_REQUIRED'],
        [
          { severity: 'PARTIAL', degradationBps: 10000 },
          'input.degradationBps',
          'DEGRADATION_OUT_OF_RANGE',
        ],
        [
          { severity: 'FULL', degradationBps: 5000 },
          'input.degradationBps',
          'DEGRADATION_OUT_OF_RANGE',
        ],
        [{ severity: 'PARTIAL', degradationBps: 0 }, 'input.degradationBps', 'VALIDATION_FAILED'],
        [
          { severity: 'PARTIAL', degradationBps: 10001 },
          'input.degradationBps',
          'VALIDATION_FAILED',
        ],
        [{ title: '   ' }, 'input.title', 'BLANK_VALUE'],
        [{ source: ' ' }, 'input.source', 'BLANK_VALUE'],
        [{ externalId: '  ' }, 'input.externalId', 'BLANK_VALUE'],
        [{ title: '' }, 'input.title', 'VALIDATION_FAILED'],
      ];
      for (const [override, field, reason] of cases) {
        const response = await t.gql(RECORD, { input: { ...base, ...override } }, admin);
        const userErrors = expectUserError(response, 'recordOutage', reason!, field);
        // The one problem of each input, and only it.
        expect({ override, problems: userErrors.map((e) => [e.code, e.field?.join('.')]) }).toEqual(
          {
            override,
            problems: [[reason, field]],
          },
        );
      }
      // The DateTime scalar wants an offset.
      expectError(
        await t.gql(RECORD, { input: { ...base, startsAt: '2024-03-05T15:00:00' } }, admin),
        'BAD_USER_INPUT',
      );
      expectError(
        await t.gql(RECORD, { input: { ...base, severity: 'SOME' } }, admin),
        'BAD_USER_INPUT',
      );

      const duplicate = await t.gql(
        RECORD,
        {
          input: { ...base, source: 'STATUSPAGE', externalId: 'inc-1', platformSlugs: ['google'] },
        },
        admin,
      );
      expectUserError(duplicate, 'recordOutage', 'DUPLICATE_EXTERNAL_ID', 'input.externalId');

      expect(await snapshot()).toEqual(before);
      // The same external id from another source is a different outage.
      await record({ ...base, title: 'Other source', source: 'DOWNDETECTOR', externalId: 'inc-1' });
    });

    it('refuses writes to creators and brands with FORBIDDEN, writing nothing', async () => {
      const outage = await record({ title: 'Target', platformSlugs: ['twitch'] });
      const before = await snapshot();
      for (const token of [creator, brand]) {
        expectError(
          await t.gql(
            RECORD,
            { input: { title: 'Nope', platformSlugs: ['x'], startsAt: at(-1), severity: 'FULL' } },
            token,
          ),
          'FORBIDDEN',
        );
        expectError(
          await t.gql(UPDATE, update({ id: outage.id, input: { title: 'Hijacked' } }), token),
          'FORBIDDEN',
        );
        expectError(await t.gql(END, end({ id: outage.id }), token), 'FORBIDDEN');
      }
      expectError(await t.gql(OUTAGES, {}), 'UNAUTHENTICATED');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('updating and ending', () => {
    let outage: any;

    beforeAll(async () => {
      outage = await record({
        title: 'TikTok flaky',
        platformSlugs: ['tiktok'],
        severity: 'PARTIAL',
        degradationBps: 4000,
      });
    });

    it('changes the given fields, replaces platforms and bumps the version', async () => {
      const updated = (
        await t.gqlOk(
          UPDATE,
          update({
            id: outage.id,
            input: {
              title: 'ByteDance flaky',
              platformSlugs: ['bytedance', 'tiktok'],
              expectedVersion: 1,
            },
          }),
          admin,
        )
      ).updateOutage.outage;
      expect(updated).toMatchObject({
        id: outage.id,
        title: 'ByteDance flaky',
        severity: 'PARTIAL',
        degradationBps: 4000,
        version: 2,
        startsAt: outage.startsAt,
        platforms: [{ slug: 'bytedance' }, { slug: 'tiktok' }],
      });
      // No expectedVersion: still bumped. Switching to FULL sets 10000.
      const full = (
        await t.gqlOk(UPDATE, update({ id: outage.id, input: { severity: 'FULL' } }), admin)
      ).updateOutage.outage;
      expect(full).toMatchObject({ severity: 'FULL', degradationBps: 10000, version: 3 });
      const back = (
        await t.gqlOk(
          UPDATE,
          update({
            id: outage.id,
            input: { severity: 'PARTIAL', degradationBps: 9999, platformSlugs: ['tiktok'] },
          }),
          admin,
        )
      ).updateOutage.outage;
      expect(back).toMatchObject({
        severity: 'PARTIAL',
        degradationBps: 9999,
        version: 4,
        platforms: [{ slug: 'tiktok' }],
      });
      // null on a field an outage always has is refused, every such field named, nothing written.
      const before = await snapshot();
      const nulls = await t.gql(
        UPDATE,
        update({
          id: outage.id,
          input: {
            title: null,
            degradationBps: null,
            severity: null,
            platformSlugs: null,
            startsAt: null,
            expectedVersion: null,
          },
        }),
        admin,
      );
      const nullErrors = expectUserError(nulls, 'updateOutage', 'FIELD_NOT_NULLABLE');
      expect(await snapshot()).toEqual(before);
      const endNull = await t.gql(
        `mutation($id: ID!) { endOutage(input: { id: $id, expectedVersion: null }) { ${USER_ERRORS} outage { id } } }`,
        { id: outage.id },
        admin,
      );
      expectUserError(endNull, 'endOutage', 'FIELD_NOT_NULLABLE', 'input.expectedVersion');
      expect(await snapshot()).toEqual(before);
      // degradationBps: null follows the severity (PARTIAL keeps its degradation).
      const unchanged = (
        await t.gqlOk(UPDATE, update({ id: outage.id, input: { degradationBps: null } }), admin)
      ).updateOutage.outage;
      expect(unchanged).toMatchObject({
        title: 'ByteDance flaky',
        degradationBps: 9999,
        version: 5,
      });
      expect(unchanged.platforms).toEqual([{ slug: 'tiktok' }]);
      outage = unchanged;
      // Last, so the later tests keep their outage: every null field above is a user error of
      // its own.
      expect(nullErrors.map((error) => `${error.code} ${error.field?.join('.')}`).sort()).toEqual([
        'FIELD_NOT_NULLABLE input.expectedVersion',
        'FIELD_NOT_NULLABLE input.platformSlugs',
        'FIELD_NOT_NULLABLE input.severity',
        'FIELD_NOT_NULLABLE input.startsAt',
        'FIELD_NOT_NULLABLE input.title',
      ]);
    });

    it('refuses a stale version and bad changes, leaving the outage as it was', async () => {
      const before = await snapshot();
      const stale = await t.gql(
        UPDATE,
        update({ id: outage.id, input: { title: 'Stale', expectedVersion: 2 } }),
        admin,
      );
      const [staleError] = expectUserError(
        stale,
        'updateOutage',
        'STALE_VERSION',
        'input.expectedVersion',
      );
      // The current version is in the message.
      expect(staleError.message).toContain('version 5');

      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ endsAt: at(-10) }, 'input.endsAt', 'ENDS_BEFORE_START'],
        [{ startsAt: at(1), endsAt: at(1) }, 'input.endsAt', 'ENDS_BEFORE_START'],
        [
          { platformSlugs: ['tiktok', 'tiktokk'], title: 'Renamed' },
          'input.platformSlugs',
          'UNKNOWN_PLATFORM',
        ],
        [
          { severity: 'FULL', degradationBps: 3000 },
          'input.degradationBps',
          'DEGRADATION_OUT_OF_RANGE',
        ],
        [{ degradationBps: 10000 }, 'input.degradationBps', 'DEGRADATION_OUT_OF_RANGE'],
        [{ platformSlugs: [] }, 'input.platformSlugs', 'VALIDATION_FAILED'],
      ];
      for (const [input, field, reason] of cases) {
        const response = await t.gql(UPDATE, update({ id: outage.id, input }), admin);
        const userErrors = expectUserError(response, 'updateOutage', reason, field);
        expect({ input, problems: userErrors.map((e) => [e.code, e.field?.join('.')]) }).toEqual({
          input,
          problems: [[reason, field]],
        });
      }
      // Moving the start past a known end names both fields.
      const ended = await record({
        title: 'Ended',
        platformSlugs: ['email'],
        startsAt: at(-5),
        endsAt: at(-4),
      });
      const moved = await t.gql(
        UPDATE,
        update({ id: ended.id, input: { startsAt: at(-3) } }),
        admin,
      );
      const movedErrors = expectUserError(moved, 'updateOutage', 'ENDS_BEFORE_START');
      // A FULL outage turning PARTIAL needs a degradation.
      const full = await t.gql(
        UPDATE,
        update({ id: ended.id, input: { severity: 'PARTIAL' } }),
        admin,
      );
      expectUserError(full, 'updateOutage', 'DEGRADATION_REQUIRED', 'input.degradationBps');

      expectError(
        await t.gql(
          UPDATE,
          update({ id: '00000000-0000-4000-8000-000000000000', input: { title: 'x' } }),
          admin,
        ),
        'NOT_FOUND',
      );
      expectError(
        await t.gql(UPDATE, update({ id: 'not-a-uuid', input: { title: 'x' } }), admin),
        'NOT_FOUND',
      );

      const after = await snapshot();
      expect(after[0].filter((row) => row.id !== ended.id)).toEqual(before[0]);
      expect(after[1].filter((row) => row.outage_id !== ended.id)).toEqual(before[1]);
      // One problem, one user error, at the field the change named: the moved start.
      expect(movedErrors.map((error) => [error.code, error.field?.join('.')])).toEqual([
        ['ENDS_BEFORE_START', 'input.startsAt'],
      ]);
    });

    it('lets only one of two concurrent updates of the same version win', async () => {
      const results = await Promise.all(
        ['First', 'Second'].map((title) =>
          t.gql(
            UPDATE,
            update({ id: outage.id, input: { title, expectedVersion: outage.version } }),
            admin,
          ),
        ),
      );
      // The loser's refusal is a stale version (a user error), not a top-level error.
      expect(results.map((result) => result.errors ?? [])).toEqual([[], []]);
      const failures = results.filter((result) => result.data?.updateOutage.userErrors.length);
      expect(failures).toHaveLength(1);
      const [lost] = expectUserError(failures[0], 'updateOutage', 'STALE_VERSION');
      expect(lost.message).toContain(`version ${outage.version + 1}`);
      const [row] = await t.sql(`SELECT version FROM outages WHERE id = $1`, [outage.id]);
      expect(row.version).toBe(outage.version + 1);
      outage = (await t.gqlOk(OUTAGE, { id: outage.id }, admin)).outage;
    });

    it('ends an outage once', async () => {
      const ended = (await t.gqlOk(END, end({ id: outage.id }), admin)).endOutage.outage;
      expect(ended.ongoing).toBe(false);
      expect(ended.version).toBe(outage.version + 1);
      expect(ended.endsAt).toBe(at(0)); // now, by the app's clock

      const again = await t.gql(END, end({ id: outage.id }), admin);
      const [alreadyEnded] = expectUserError(again, 'endOutage', 'ALREADY_ENDED');
      expect(alreadyEnded.field).toBeNull();
      const [row] = await t.sql(`SELECT version, ends_at FROM outages WHERE id = $1`, [outage.id]);
      expect(row.version).toBe(ended.version);
      expect(new Date(row.ends_at).toISOString()).toBe(ended.endsAt);

      // An explicit end, which must come after the start.
      const other = await record({
        title: 'Snapchat',
        platformSlugs: ['snapchat'],
        startsAt: at(-6),
      });
      const tooEarly = await t.gql(END, end({ id: other.id, endsAt: at(-7) }), admin);
      expectUserError(tooEarly, 'endOutage', 'ENDS_BEFORE_START', 'input.endsAt');
      expect(
        (await t.sql(`SELECT ends_at FROM outages WHERE id = $1`, [other.id]))[0].ends_at,
      ).toBeNull();
      const explicit = (await t.gqlOk(END, end({ id: other.id, endsAt: at(-1) }), admin)).endOutage
        .outage;
      expect(explicit).toMatchObject({ endsAt: expect.any(String), ongoing: false, version: 2 });

      // endsAt: null reopens it; then it can be ended again.
      const reopened = (
        await t.gqlOk(UPDATE, update({ id: other.id, input: { endsAt: null } }), admin)
      ).updateOutage.outage;
      expect(reopened).toMatchObject({ endsAt: null, ongoing: true, version: 3 });
      expect(
        (await t.sql(`SELECT ends_at FROM outages WHERE id = $1`, [other.id]))[0].ends_at,
      ).toBeNull();
      const endedAgain = (await t.gqlOk(END, end({ id: other.id }), admin)).endOutage.outage;
      expect(endedAgain).toMatchObject({ ongoing: false, version: 4 });

      expectError(
        await t.gql(END, end({ id: '00000000-0000-4000-8000-000000000000' }), admin),
        'NOT_FOUND',
      );
      expectError(await t.gql(END, end({ id: 'nope' }), admin), 'NOT_FOUND');
    });

    it('is ongoing from startsAt until the clock reaches endsAt', async () => {
      const window = await record({
        title: 'Website down',
        platformSlugs: ['website'],
        startsAt: at(1),
        endsAt: at(3),
      });
      const ongoing = async () =>
        (await t.gqlOk(OUTAGE, { id: window.id }, creator)).outage.ongoing;
      const listedOngoing = async () =>
        titles(await t.gqlOk(OUTAGES, { filter: { ongoing: true }, first: 50 }, creator));
      try {
        expect(window.ongoing).toBe(false); // starts in an hour
        clock.set(at(1));
        expect(await ongoing()).toBe(true);
        expect(await listedOngoing()).toContain('Website down');
        clock.set(new Date(new Date(at(3)).getTime() - 1));
        expect(await ongoing()).toBe(true);
        clock.set(at(3)); // endsAt itself is no longer inside the window
        expect(await ongoing()).toBe(false);
        expect(await listedOngoing()).not.toContain('Website down');
      } finally {
        clock.set(new Date(NOW));
      }
    });

    it('reports unknown outages as null with NOT_FOUND at the field, siblings resolved', async () => {
      expectError(
        await t.gql(OUTAGE, { id: '00000000-0000-4000-8000-000000000000' }, creator),
        'NOT_FOUND',
      );
      expectError(await t.gql(OUTAGE, { id: 'definitely-not-a-uuid' }, creator), 'NOT_FOUND');
      const known = await record({ title: 'Sibling check', platformSlugs: ['instagram'] });
      const response = await t.gql(
        `query($missing: ID!, $known: ID!) { me { id } missing: outage(id: $missing) { id } known: outage(id: $known) { id } }`,
        { missing: '00000000-0000-4000-8000-000000000000', known: known.id },
        creator,
      );
      expect(response.status).toBe(200);
      expect(response.data).toEqual({
        me: { id: expect.any(String) },
        missing: null,
        known: { id: known.id },
      });
      expect(response.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
        ['NOT_FOUND', ['missing']],
      ]);
    });
  });

  describe('viewerCan… fields', () => {
    const CAN = `query($id: ID!) { outage(id: $id) { viewerCanUpdate viewerCanEnd } }`;
    const can = async (id: string, token: string) => (await t.gqlOk(CAN, { id }, token)).outage;

    it('lets administrators update and end an outage that has not ended, nobody else', async () => {
      const open = await record({ title: 'Can open', platformSlugs: ['instagram'] });
      const future = await record({
        title: 'Can end later',
        platformSlugs: ['instagram'],
        endsAt: at(5),
      });
      for (const outage of [open, future]) {
        expect(await can(outage.id, admin)).toEqual({ viewerCanUpdate: true, viewerCanEnd: true });
        for (const token of [creator, brand]) {
          expect(await can(outage.id, token)).toEqual({
            viewerCanUpdate: false,
            viewerCanEnd: false,
          });
        }
      }
    });

    it('answers viewerCanEnd false once the outage has ended, as endOutage refuses it', async () => {
      const ended = await record({
        title: 'Can ended',
        platformSlugs: ['instagram'],
        endsAt: at(-1),
      });
      expect(await can(ended.id, admin)).toEqual({ viewerCanUpdate: true, viewerCanEnd: false });
      // The end arrives with the clock: same outage, same rule.
      const future = await record({
        title: 'Can end soon',
        platformSlugs: ['instagram'],
        endsAt: at(1),
      });
      try {
        clock.set(new Date(at(1)));
        expect(await can(future.id, admin)).toEqual({ viewerCanUpdate: true, viewerCanEnd: false });
        expectUserError(
          await t.gql(END, end({ id: future.id }), admin),
          'endOutage',
          'ALREADY_ENDED',
        );
      } finally {
        clock.set(new Date(NOW));
      }
    });
  });

  describe('listing', () => {
    let u: TestApp;
    let token: string;
    const rec = async (input: Record<string, unknown>) =>
      (await u.gqlOk(RECORD, { input: { severity: 'FULL', ...input } }, token)).recordOutage.outage;
    const list = async (filter: Record<string, unknown> = {}, first = 50) =>
      await u.gqlOk(OUTAGES, { filter, first }, token);

    // A database of its own, so the expected lists are exact.
    beforeAll(async () => {
      u = await TestApp.start({}, { clock: new FixedClock(new Date(NOW)) });
      token = (await signUpBrand(u)).token;
      await rec({
        title: 'meta-jan',
        platformSlugs: ['meta'],
        startsAt: '2024-01-10T00:00:00Z',
        endsAt: '2024-01-10T06:00:00Z',
      });
      await rec({
        title: 'ig-feb',
        platformSlugs: ['instagram'],
        startsAt: '2024-02-01T00:00:00Z',
        endsAt: '2024-02-03T00:00:00Z',
        severity: 'PARTIAL',
        degradationBps: 5000,
        source: 'STATUSPAGE',
        externalId: 'x1',
      });
      await rec({
        title: 'yt-mar',
        platformSlugs: ['youtube', 'instagram'],
        startsAt: '2024-03-01T00:00:00Z',
        endsAt: '2024-03-01T01:00:00Z',
      });
      await rec({ title: 'tiktok-now', platformSlugs: ['tiktok'], startsAt: at(-1) });
      await rec({ title: 'x-future', platformSlugs: ['x'], startsAt: at(48) });
    });
    afterAll(async () => {
      await u.close();
    });

    it('lists newest first with platforms', async () => {
      const data = await list();
      expect(data.outages.totalCount).toBe(5);
      expect(titles(data)).toEqual(['x-future', 'tiktok-now', 'yt-mar', 'ig-feb', 'meta-jan']);
      expect(data.outages.edges[0].node.ongoing).toBe(false);
      expect(data.outages.edges[1].node.ongoing).toBe(true);
      expect(data.outages.edges[2].node.platforms.map((p: { slug: string }) => p.slug)).toEqual([
        'instagram',
        'youtube',
      ]);
      expect(
        data.outages.edges[4].node.platforms[0].dependents.map((p: { slug: string }) => p.slug),
      ).toEqual(['facebook', 'instagram', 'messenger', 'threads', 'whatsapp']);
    });

    it('filters by platform, window, ongoing, severity and source', async () => {
      // Direct only: the meta outage does not name instagram.
      expect(titles(await list({ platformSlug: 'instagram' }))).toEqual(['yt-mar', 'ig-feb']);
      expect(titles(await list({ platformSlug: 'meta' }))).toEqual(['meta-jan']);
      expect(titles(await list({ platformSlug: 'linkedin' }))).toEqual([]);

      // Overlap with [from, to): ig-feb ends at Feb 3 00:00 exactly, so a window from then misses it.
      expect(
        titles(await list({ from: '2024-02-02T00:00:00Z', to: '2024-03-01T00:30:00Z' })),
      ).toEqual(['yt-mar', 'ig-feb']);
      expect(
        titles(await list({ from: '2024-02-03T00:00:00Z', to: '2024-03-01T00:00:00Z' })),
      ).toEqual([]);
      expect(
        titles(await list({ from: '2024-01-10T05:00:00Z', to: '2024-01-11T00:00:00Z' })),
      ).toEqual(['meta-jan']);
      // Only a lower bound: everything not over by then, including the open-ended one.
      expect(titles(await list({ from: at(-0.5) }))).toEqual(['x-future', 'tiktok-now']);
      expect(titles(await list({ to: '2024-02-01T00:00:00Z' }))).toEqual(['meta-jan']);

      expect(titles(await list({ ongoing: true }))).toEqual(['tiktok-now']);
      expect(titles(await list({ ongoing: false }))).toEqual([
        'x-future',
        'yt-mar',
        'ig-feb',
        'meta-jan',
      ]);
      expect(titles(await list({ severity: 'PARTIAL' }))).toEqual(['ig-feb']);
      expect(titles(await list({ source: 'STATUSPAGE' }))).toEqual(['ig-feb']);
      expect(
        titles(await list({ source: 'MANUAL', severity: 'FULL', platformSlug: 'instagram' })),
      ).toEqual(['yt-mar']);
      const counted = await list({ severity: 'FULL' }, 1);
      expect(counted.outages.totalCount).toBe(4);
      expect(counted.outages.pageInfo.hasNextPage).toBe(true);

      const unknown = await u.gql(OUTAGES, { filter: { platformSlug: 'tiktokk' } }, token);
      expectError(unknown, 'BAD_USER_INPUT', ['filter.platformSlug']);
      expectError(
        await u.gql(
          OUTAGES,
          { filter: { from: '2024-03-01T00:00:00Z', to: '2024-02-01T00:00:00Z' } },
          token,
        ),
        'BAD_USER_INPUT',
        ['filter.to'],
      );
      expectError(await u.gql(OUTAGES, { filter: { severity: 'NONE' } }, token), 'BAD_USER_INPUT');
    });

    it('pages without skipping or repeating outages that start at the same instant', async () => {
      for (const title of ['same-1', 'same-2', 'same-3']) {
        await rec({ title, platformSlugs: ['linkedin'], startsAt: '2024-01-20T00:00:00Z' });
      }
      // Microseconds written behind the API's back must survive the cursor too.
      await u.sql(
        `UPDATE outages SET starts_at = '2024-01-20T00:00:00.000500Z' WHERE title = 'same-2'`,
      );
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const data: any = await u.gqlOk(OUTAGES, { first: 1, after }, token);
        expect(data.outages.totalCount).toBe(8);
        seen.push(...titles(data));
        after = data.outages.pageInfo.endCursor;
        if (!data.outages.pageInfo.hasNextPage) break;
      }
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
      expect(seen.slice(0, 4)).toEqual(['x-future', 'tiktok-now', 'yt-mar', 'ig-feb']);
      expect(seen[4]).toBe('same-2');
      expect(seen.slice(5, 7).sort()).toEqual(['same-1', 'same-3']);
      expect(seen[7]).toBe('meta-jan');

      expectError(await u.gql(OUTAGES, { after: 'nonsense' }, token), 'BAD_USER_INPUT', ['after']);
      const forged = Buffer.from(
        JSON.stringify(['yesterday', '00000000-0000-4000-8000-000000000000']),
      ).toString('base64url');
      expectError(await u.gql(OUTAGES, { after: forged }, token), 'BAD_USER_INPUT', ['after']);
    });

    it('sends the same number of SQL statements for 2 and for 20 outages', async () => {
      let small: any;
      let large: any;
      const two = await u.countQueries(async () => {
        small = await u.gqlOk(OUTAGES, { first: 2 }, token);
      });
      const twenty = await u.countQueries(async () => {
        large = await u.gqlOk(OUTAGES, { first: 20 }, token);
      });
      expect(small.outages.edges).toHaveLength(2);
      expect(large.outages.edges).toHaveLength(8);
      expect(twenty).toBe(two);
    });
  });
});
