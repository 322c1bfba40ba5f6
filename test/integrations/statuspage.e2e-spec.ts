import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expectError, expectUserError } from '../support/errors';
import { signUpAdmin, signUpBrand, signUpCreator } from '../support/factories';
import { TestApp } from '../support/test-app';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '../fixtures/statuspage', name), 'utf8');

const IMPORT = `mutation Import($feed: String!, $document: String!) {
  importStatuspageIncidents(input: { feed: $feed, document: $document }) {
    userErrors { field code message }
    statuspageImport {
    feed source incidentCount
    created { incidentId platformSlug changedFields
      outage { id title startsAt endsAt ongoing severity degradationBps source externalId version platforms { slug } } }
    updated { incidentId platformSlug changedFields outage { id startsAt endsAt ongoing version } }
    unchanged { incidentId platformSlug outage { id version } }
    skipped { incidentId incidentName platformSlug reason message }
    unmappedComponents
    }
  }
}`;
const SET = `mutation Set($feed: String!, $component: String!, $platformSlug: String!) {
  setStatuspageComponentMapping(
    input: { feed: $feed, component: $component, platformSlug: $platformSlug }
  ) {
    userErrors { field code message }
    statuspageFeed { name components { component platform { slug } } }
  }
}`;
const REMOVE = `mutation Remove($feed: String!, $component: String!) {
  removeStatuspageComponentMapping(input: { feed: $feed, component: $component }) {
    userErrors { field code message }
    statuspageFeed { name components { component } }
  }
}`;
const CONFIGURE = `mutation Configure($feed: String!, $bps: Int) {
  configureStatuspageFeed(input: { feed: $feed, partialDegradationBps: $bps }) {
    userErrors { field code message }
    statuspageFeed { name partialDegradationBps effectivePartialDegradationBps }
  }
}`;
const FEEDS = `query {
  statuspageFeeds {
    name partialDegradationBps effectivePartialDegradationBps pollUrl lastImportedAt
    components { component platform { slug name dependents { slug } } }
  }
}`;

const META_MAPPINGS: Array<[string, string]> = [
  ['Facebook', 'facebook'],
  ['Instagram', 'instagram'],
  ['WhatsApp', 'whatsapp'],
  ['Messenger', 'messenger'],
  ['Meta Platform', 'meta'],
];

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Statuspage import', () => {
  let t: TestApp;
  let admin: string;
  let creator: string;
  let brand: string;
  // The loopback status page the poller reads.
  let server: Server;
  let served = '{"incidents": []}';
  let requests = 0;

  const importDocument = (document: string, token = admin, feed = 'meta') =>
    t.gql(IMPORT, { feed, document }, token);
  const importOk = async (document: string) => {
    const response = await importDocument(document);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    const payload = response.data!.importStatuspageIncidents;
    if (payload.userErrors.length > 0) throw new Error(JSON.stringify(payload.userErrors));
    return payload.statuspageImport;
  };
  const snapshot = () =>
    Promise.all([
      t.sql(
        `SELECT id, title, starts_at, ends_at, severity, degradation_bps, source, external_id, version, updated_at
           FROM outages ORDER BY id`,
      ),
      t.sql(`SELECT outage_id, platform_id FROM outage_platforms ORDER BY outage_id, platform_id`),
      t.sql(`SELECT count(*)::int AS n FROM audit_entries`),
      outageEvents(),
    ]);
  // The webhook outbox rows the imports wrote (in their own transaction).
  const outageEvents = () =>
    t.sql<{ type: string; outage_id: string; external_id: string }>(
      `SELECT type, outage_id, data->'outage'->>'externalId' AS external_id FROM webhook_events
        WHERE type LIKE 'outage.%' AND parent_id IS NULL ORDER BY seq`,
    );
  const pairs = (list: Array<{ incidentId: string; platformSlug: string | null }>) =>
    list.map((entry) => `${entry.incidentId}:${entry.platformSlug}`).sort();

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      if (request.url !== '/api/v2/summary.json') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await TestApp.start({
      STATUSPAGE_FEEDS: `polled=http://127.0.0.1:${port}/api/v2/summary.json`,
      STATUSPAGE_POLL_SECONDS: '1',
    });
    admin = (await signUpAdmin(t)).token;
    creator = (await signUpCreator(t)).token;
    brand = (await signUpBrand(t, 'Acme')).token;
  });
  afterAll(async () => {
    // Closing the app stops the poller (and waits for a poll in flight) before the database closes.
    await t?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  describe('feeds and mappings', () => {
    it('maps components to platforms; the list query does not grow with the mappings', async () => {
      for (const [component, platformSlug] of META_MAPPINGS.slice(0, 2)) {
        await t.gqlOk(SET, { feed: 'meta', component, platformSlug }, admin);
      }
      const before = await t.countQueries(() => t.gqlOk(FEEDS, {}, admin));
      for (const [component, platformSlug] of META_MAPPINGS.slice(2)) {
        await t.gqlOk(SET, { feed: 'meta', component, platformSlug }, admin);
      }
      // Changing a mapping's platform, and its spelling, replaces it (names match case-insensitively).
      await t.gqlOk(
        SET,
        { feed: 'meta', component: ' messenger ', platformSlug: 'facebook' },
        admin,
      );
      const set = await t.gqlOk(
        SET,
        { feed: 'meta', component: 'Messenger', platformSlug: 'messenger' },
        admin,
      );
      expect(set.setStatuspageComponentMapping.statuspageFeed.components).toEqual([
        { component: 'Facebook', platform: { slug: 'facebook' } },
        { component: 'Instagram', platform: { slug: 'instagram' } },
        { component: 'Messenger', platform: { slug: 'messenger' } },
        { component: 'Meta Platform', platform: { slug: 'meta' } },
        { component: 'WhatsApp', platform: { slug: 'whatsapp' } },
      ]);
      let feeds: any;
      const after = await t.countQueries(async () => (feeds = await t.gqlOk(FEEDS, {}, admin)));
      expect(after).toBe(before);
      expect(feeds.statuspageFeeds).toEqual([
        expect.objectContaining({
          name: 'meta',
          partialDegradationBps: null,
          effectivePartialDegradationBps: 5000, // STATUSPAGE_PARTIAL_DEGRADATION_BPS default
          pollUrl: null,
          lastImportedAt: null,
        }),
      ]);
      const metaRow = feeds.statuspageFeeds[0].components.find(
        (row: any) => row.component === 'Meta Platform',
      );
      expect(metaRow.platform.dependents.map((p: any) => p.slug)).toContain('instagram');
    });

    it('configures, removes, and refuses bad names, unknown platforms and missing mappings', async () => {
      const configured = await t.gqlOk(CONFIGURE, { feed: 'meta', bps: 2500 }, admin);
      expect(configured.configureStatuspageFeed.statuspageFeed).toEqual({
        name: 'meta',
        partialDegradationBps: 2500,
        effectivePartialDegradationBps: 2500,
      });
      const reset = await t.gqlOk(CONFIGURE, { feed: 'meta', bps: null }, admin);
      expect(reset.configureStatuspageFeed.statuspageFeed.effectivePartialDegradationBps).toBe(
        5000,
      );

      await t.gqlOk(SET, { feed: 'meta', component: 'Threads', platformSlug: 'threads' }, admin);
      const removed = await t.gqlOk(REMOVE, { feed: 'meta', component: 'THREADS' }, admin);
      expect(
        removed.removeStatuspageComponentMapping.statuspageFeed.components.map(
          (c: any) => c.component,
        ),
      ).toEqual(['Facebook', 'Instagram', 'Messenger', 'Meta Platform', 'WhatsApp']);
      expectError(await t.gql(REMOVE, { feed: 'meta', component: 'Threads' }, admin), 'NOT_FOUND');
      expectError(await t.gql(REMOVE, { feed: 'nope', component: 'Threads' }, admin), 'NOT_FOUND');
      const feedsBefore = await t.gqlOk(FEEDS, {}, admin);
      expect(
        expectUserError(
          await t.gql(SET, { feed: 'Meta Status!', component: 'X', platformSlug: 'x' }, admin),
          'setStatuspageComponentMapping',
          'INVALID_FEED_NAME',
          'input.feed',
        ),
      ).toHaveLength(1);
      expect(
        expectUserError(
          await t.gql(SET, { feed: 'meta', component: 'Orkut', platformSlug: 'orkut' }, admin),
          'setStatuspageComponentMapping',
          'UNKNOWN_PLATFORM',
          'input.platformSlug',
        ),
      ).toHaveLength(1);
      expect(
        expectUserError(
          await t.gql(CONFIGURE, { feed: 'meta', bps: 10_000 }, admin),
          'configureStatuspageFeed',
          'DEGRADATION_OUT_OF_RANGE',
          'input.partialDegradationBps',
        ),
      ).toHaveLength(1);
      // Every problem of one input at once.
      const several = await t.gql(
        SET,
        { feed: 'Meta Status!', component: '   ', platformSlug: 'orkut' },
        admin,
      );
      expect(
        expectUserError(several, 'setStatuspageComponentMapping', 'INVALID_FEED_NAME')
          .map((error) => [error.field?.join('.'), error.code])
          .sort(),
      ).toEqual([
        ['input.component', 'INVALID_COMPONENT_NAME'],
        ['input.feed', 'INVALID_FEED_NAME'],
        ['input.platformSlug', 'UNKNOWN_PLATFORM'],
      ]);
      expect(await t.gqlOk(FEEDS, {}, admin)).toEqual(feedsBefore);
    });

    it('is for administrators only', async () => {
      for (const token of [creator, brand]) {
        expectError(await t.gql(FEEDS, {}, token), 'FORBIDDEN');
        expectError(
          await t.gql(SET, { feed: 'meta', component: 'X', platformSlug: 'x' }, token),
          'FORBIDDEN',
        );
        expectError(
          await t.gql(REMOVE, { feed: 'meta', component: 'Facebook' }, token),
          'FORBIDDEN',
        );
        expectError(await t.gql(CONFIGURE, { feed: 'meta', bps: 1 }, token), 'FORBIDDEN');
      }
    });
  });

  describe('importing', () => {
    it('refuses non-administrators, and writes nothing', async () => {
      const before = await snapshot();
      for (const token of [creator, brand]) {
        expectError(await importDocument(fixture('incidents.json'), token), 'FORBIDDEN');
      }
      expectError(await importDocument(fixture('incidents.json'), admin, 'unknown'), 'NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });

    it('creates one outage per incident and platform, in UTC, and reports skipped and unmapped', async () => {
      const result = await importOk(fixture('incidents.json'));
      expect(result).toMatchObject({ feed: 'meta', source: 'statuspage:meta', incidentCount: 6 });
      expect(pairs(result.created)).toEqual([
        'k8m2x4pq7rzt:instagram',
        'p0s5t2w8y6ua:facebook',
        'p0s5t2w8y6ua:instagram',
        'yxw5tlbpvd0x:facebook',
        'yxw5tlbpvd0x:instagram',
        'yxw5tlbpvd0x:messenger',
        'yxw5tlbpvd0x:whatsapp',
      ]);
      expect(result.updated).toEqual([]);
      expect(result.unchanged).toEqual([]);
      expect(result.skipped.map((s: any) => [s.incidentId, s.platformSlug, s.reason])).toEqual([
        ['c4tq0h2v8n1w', null, 'MAINTENANCE'],
        ['n3r7v9b1c5xe', null, 'NO_MAPPED_COMPONENTS'],
        ['h6j1k7l3m9qo', 'messenger', 'NO_IMPACT'],
      ]);
      expect(result.unmappedComponents).toEqual(['Ads Manager']);

      const outage = (externalId: string) =>
        result.created.find((c: any) => c.outage.externalId === externalId).outage;
      // 09:39 and 15:30 at −06:00
      expect(outage('yxw5tlbpvd0x:whatsapp')).toMatchObject({
        title: 'Facebook, Instagram, WhatsApp and Messenger unavailable',
        startsAt: '2021-10-04T15:39:00.000Z',
        endsAt: '2021-10-04T21:30:00.000Z',
        ongoing: false,
        severity: 'FULL',
        degradationBps: 10_000,
        source: 'statuspage:meta',
        version: 1,
        platforms: [{ slug: 'whatsapp' }],
      });
      expect(outage('k8m2x4pq7rzt:instagram')).toMatchObject({
        startsAt: '2025-06-02T12:50:00.000Z',
        endsAt: null,
        ongoing: true,
        severity: 'PARTIAL',
        degradationBps: 5000,
      });
      // Stored as instants: the database renders them in UTC.
      const [row] = await t.sql(
        `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS starts,
                to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ends
           FROM outages WHERE external_id = 'p0s5t2w8y6ua:facebook'`,
      );
      expect(row).toEqual({ starts: '2024-03-05 15:00', ends: '2024-03-05 17:20' }); // 07:00/09:20 −08:00
      const audit = await t.sql(
        `SELECT count(*)::int AS n FROM audit_entries WHERE operation = 'importStatuspageIncidents'`,
      );
      expect(audit[0].n).toBe(7);
      const events = await outageEvents();
      expect(events.map((e) => e.type)).toEqual(Array(7).fill('outage.recorded'));
      expect(events.map((e) => e.outage_id).sort()).toEqual(
        result.created.map((c: any) => c.outage.id).sort(),
      );
      expect(events.map((e) => e.external_id)).toContain('yxw5tlbpvd0x:whatsapp');
    });

    it('importing the same document again changes nothing', async () => {
      const before = await snapshot();
      const result = await importOk(fixture('incidents.json'));
      expect(result.created).toEqual([]);
      expect(result.updated).toEqual([]);
      expect(result.unchanged).toHaveLength(7);
      expect(result.unchanged.every((u: any) => u.outage.version === 1)).toBe(true);
      expect(await snapshot()).toEqual(before);
    });

    it('a later document with the incident resolved ends the existing outage', async () => {
      const [{ n: outagesBefore }] = await t.sql(`SELECT count(*)::int AS n FROM outages`);
      const eventsBefore = await outageEvents();
      const result = await importOk(fixture('incidents-resolved.json'));
      expect(result.created).toEqual([]);
      expect(result.unchanged).toHaveLength(6);
      expect(result.updated).toEqual([
        {
          incidentId: 'k8m2x4pq7rzt',
          platformSlug: 'instagram',
          changedFields: ['endsAt'],
          outage: {
            id: expect.any(String),
            startsAt: '2025-06-02T12:50:00.000Z',
            endsAt: '2025-06-02T16:20:00.000Z', // 11:20 −05:00
            ongoing: false,
            version: 2,
          },
        },
      ]);
      const [{ n: outagesAfter }] = await t.sql(`SELECT count(*)::int AS n FROM outages`);
      expect(outagesAfter).toBe(outagesBefore);
      expect((await outageEvents()).slice(eventsBefore.length)).toEqual([
        {
          type: 'outage.ended',
          outage_id: result.updated[0].outage.id,
          external_id: 'k8m2x4pq7rzt:instagram',
        },
      ]);
      // An older copy of the feed (still ongoing) does not reopen it.
      const again = await importOk(fixture('incidents.json'));
      expect(again.updated).toEqual([]);
      expect(again.unchanged).toHaveLength(7);
    });

    it('refuses a malformed document with the JSON path, and writes nothing', async () => {
      const document = JSON.parse(fixture('incidents-resolved.json'));
      document.incidents[0].name = 'Renamed: would be an update';
      document.incidents[2].started_at = '2025-04-11 08:00';
      const before = await snapshot();
      const response = await importDocument(JSON.stringify(document));
      // One user error per problem, on input.document, each message starting with its JSON path.
      expect(
        expectUserError(
          response,
          'importStatuspageIncidents',
          'MALFORMED_DOCUMENT',
          'input.document',
        ),
      ).toEqual([
        {
          field: ['input', 'document'],
          code: 'MALFORMED_DOCUMENT',
          message: expect.stringMatching(/^incidents\[2\]\.started_at: /),
        },
      ]);
      // Every problem of the document at once.
      document.incidents[1].created_at = '2031-02-30T10:00:00Z';
      const two = await importDocument(JSON.stringify(document));
      const problems = expectUserError(two, 'importStatuspageIncidents', 'MALFORMED_DOCUMENT');
      expect(problems.map((problem) => problem.field)).toEqual([
        ['input', 'document'],
        ['input', 'document'],
      ]);
      expect(problems.map((problem) => problem.message.split(': ')[0]).sort()).toEqual([
        'incidents[1].created_at',
        'incidents[2].started_at',
      ]);
      const unparsable = await importDocument('{"incidents": [ oops');
      expect(
        expectUserError(
          unparsable,
          'importStatuspageIncidents',
          'MALFORMED_DOCUMENT',
          'input.document',
        ),
      ).toHaveLength(1);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('polling', () => {
    it('imports from the configured feed URL and ends the outage when the page resolves it', async () => {
      const feeds = await t.gqlOk(CONFIGURE, { feed: 'polled', bps: null }, admin);
      expect(feeds.configureStatuspageFeed.statuspageFeed.name).toBe('polled');
      const listed = await t.gqlOk(FEEDS, {}, admin);
      expect(listed.statuspageFeeds.find((f: any) => f.name === 'polled').pollUrl).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json$/,
      );
      await t.gqlOk(
        SET,
        { feed: 'polled', component: 'Cloud API', platformSlug: 'whatsapp' },
        admin,
      );
      const requestsBefore = requests;
      served = fixture('summary.json');
      const outage = await waitFor(async () => {
        const rows = await t.sql(
          `SELECT starts_at, ends_at, severity, external_id FROM outages WHERE source = 'statuspage:polled'`,
        );
        return rows.length > 0 ? rows : undefined;
      });
      expect(requests).toBeGreaterThan(requestsBefore);
      expect(outage).toHaveLength(1);
      expect(outage[0]).toMatchObject({
        external_id: 'q7w3e9r1t5yb:whatsapp',
        severity: 'FULL',
        ends_at: null,
      });
      // 09:42 −04:00: the update where Cloud API left operational
      expect(new Date(outage[0].starts_at).toISOString()).toBe('2025-06-10T13:42:00.000Z');

      const resolved = JSON.parse(served);
      resolved.incidents[0].status = 'resolved';
      resolved.incidents[0].resolved_at = '2025-06-10T12:05:00.000-04:00';
      served = JSON.stringify(resolved);
      const ended = await waitFor(async () => {
        const [row] = await t.sql(
          `SELECT ends_at, version FROM outages WHERE source = 'statuspage:polled'`,
        );
        return row.ends_at ? row : undefined;
      });
      expect(new Date(ended.ends_at).toISOString()).toBe('2025-06-10T16:05:00.000Z');
      expect(ended.version).toBe(2);
      const [{ n }] = await t.sql(
        `SELECT count(*)::int AS n FROM outages WHERE source = 'statuspage:polled'`,
      );
      expect(n).toBe(1);
    });
  });
});
