import { AuthService } from '../../src/auth/auth.service';
import type { Viewer } from '../../src/auth/viewer';
import { visibleAuditSubjects } from '../../src/audit/audit.repository';
import {
  calendarFeedDeals,
  feedStillPermitted,
  visibleCalendarFeeds,
} from '../../src/calendar/calendar-feed.repository';
import {
  calendarFeedFromRow,
  CALENDAR_FEED_COLUMNS,
} from '../../src/calendar/calendar-feed.entity';
import { sql, type Sql } from '../../src/common/database/sql';
import { visibleBrandInvitations } from '../../src/brands/brand.repository';
import { visibleDeals } from '../../src/deals/deal.repository';
import { visibleEvents } from '../../src/events/events.repository';
import {
  maySeePlatformIncome,
  visiblePlatformAccounts,
} from '../../src/platforms/platform-account.repository';
import {
  recipientHears,
  visibleWebhooks,
  webhookRecipients,
  type WebhookRecipient,
} from '../../src/webhooks/webhook.repository';
import { expectError } from '../support/errors';
import {
  createDeal,
  inviteBrandUser,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

/**
 * Every access rule, once, for every role: which records each rule yields, through the GraphQL
 * API and by running the rule's SQL fragment against the test database.
 *
 * Cast: an administrator, creators A and B, Acme (a brand A and B both work with: its owner and
 * an invited member), Globex (another brand A and B work with) and a brand user with no brand.
 * Deals: A×Acme, A×Globex, B×Acme, B×Globex.
 */
type Role = 'admin' | 'creatorA' | 'creatorB' | 'acmeMember' | 'globexMember' | 'noBrand';
const ROLES: Role[] = ['admin', 'creatorA', 'creatorB', 'acmeMember', 'globexMember', 'noBrand'];

const HOUR = 3_600_000;
// Whole hours, two days ahead: inside the calendar window, clear of "now".
const T0 = Math.ceil(Date.now() / HOUR) * HOUR + 48 * HOUR;
const at = (offsetHours: number) => new Date(T0 + offsetHours * HOUR).toISOString();

const DEAL_IDS = `query { deals(first: 100) { edges { node { id } } } }`;
const DELIVERABLE_DEALS = `query { deliverables(first: 100) { edges { node { deal { id } } } } }`;
const NESTED = `query($id: ID!) { deal(id: $id) {
  creator { deals { edges { node { id } } } }
  brand { deals { edges { node { id } } } }
} }`;
const ACCOUNTS = `query { platformAccounts(first: 100) { totalCount edges { node { id } } } }`;
const INCOME = `query($id: ID!) { outageImpact(outageId: $id) {
  platformIncome(first: 100) { totalCount nodes { accountId } }
  totals { platformIncomeLost { amount } }
} }`;
const WEBHOOKS = `query { webhooks { id } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 5) { totalCount } }`;
const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
const MINT = `mutation($input: CreateCalendarFeedInput!) { createCalendarFeed(input: $input) { url calendarFeed { id } } }`;
const FEEDS = `query { calendarFeeds { id } }`;
const AUDIT = `query($id: ID!) { auditTrail(entityId: $id, first: 100) { totalCount } }`;
const EVENTS = `query($after: String) { events(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } nodes { id } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;

describe('access rules: one rule per kind of record, every role', () => {
  let t: TestApp;
  const account = {} as Record<Role, Account>;
  const viewer = {} as Record<Role, Viewer>;
  let acmeOwner: Account & { brandId: string | null };
  let globexOwner: Account & { brandId: string | null };
  const deal = {} as Record<'AA' | 'AG' | 'BA' | 'BG', { id: string; deliverables: any[] }>;
  const accountOf = {} as Record<'A' | 'B', string>;
  let outageId: string;
  const hook = {} as Record<'admin' | 'A' | 'B' | 'acme' | 'globex', string>;
  const feed = {} as Record<'admin' | 'A' | 'B' | 'acmeOwner' | 'acmeMember' | 'globex', string>;
  const feedUrl = {} as Record<keyof typeof feed, string>;

  /** Runs `SELECT <column> FROM <from> WHERE <rule>` and returns the column, sorted. */
  const ids = async (select: Sql): Promise<string[]> => {
    const rows = await t.sql<{ id: string }>(select.text, select.values);
    return rows.map((row) => row.id).sort();
  };
  /** `fn` for every role, as a record (so one `toEqual` shows every role that differs). */
  const perRole = async <T>(fn: (role: Role) => Promise<T> | T): Promise<Record<Role, T>> => {
    const result = {} as Record<Role, T>;
    for (const role of ROLES) result[role] = await fn(role);
    return result;
  };
  const sorted = (values: string[]) => [...values].sort();
  const gqlIds = (edges: Array<{ node: { id: string } }>) => sorted(edges.map((e) => e.node.id));

  beforeAll(async () => {
    t = await TestApp.start();
    account.admin = await signUpAdmin(t);
    account.creatorA = await signUpCreator(t, { displayName: 'Ada' });
    account.creatorB = await signUpCreator(t, { displayName: 'Bo' });
    acmeOwner = await signUpBrand(t, 'Acme');
    globexOwner = await signUpBrand(t, 'Globex');
    account.acmeMember = await inviteBrandUser(t, acmeOwner.token, acmeOwner.brandId!);
    account.globexMember = globexOwner;
    account.noBrand = await signUpBrand(t);

    const seedDeal = (creator: Account, brandId: string | null, title: string) =>
      createDeal(t, creator.token, {
        title,
        brandId,
        brandName: undefined,
        deliverables: [
          {
            platformSlug: 'instagram',
            kind: 'REEL',
            title: `${title} reel`,
            scheduledAt: at(0),
            dueAt: at(2),
            fee: '1200.00',
          },
          {
            platformSlug: 'facebook',
            kind: 'STORY',
            title: `${title} story`,
            scheduledAt: at(1),
            dueAt: at(3),
            fee: '400.00',
          },
        ],
      });
    deal.AA = await seedDeal(account.creatorA, acmeOwner.brandId, 'A×Acme');
    deal.AG = await seedDeal(account.creatorA, globexOwner.brandId, 'A×Globex');
    deal.BA = await seedDeal(account.creatorB, acmeOwner.brandId, 'B×Acme');
    deal.BG = await seedDeal(account.creatorB, globexOwner.brandId, 'B×Globex');

    const upsertAccount = async (creator: Account, handle: string) =>
      (
        await t.gqlOk(
          `mutation($handle: String!) { upsertPlatformAccount(input: { platformSlug: "instagram", handle: $handle, followers: 10, dailyEarnings: { amount: "144.00", currency: USD } }) { platformAccount { id } } }`,
          { handle },
          creator.token,
        )
      ).upsertPlatformAccount.platformAccount.id as string;
    accountOf.A = await upsertAccount(account.creatorA, '@ada');
    accountOf.B = await upsertAccount(account.creatorB, '@bo');
    outageId = (
      await t.gqlOk(
        `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`,
        {
          input: {
            title: 'Meta down',
            platformSlugs: ['meta'],
            startsAt: at(-1),
            endsAt: at(4),
            severity: 'FULL',
          },
        },
        account.admin.token,
      )
    ).recordOutage.outage.id;

    const createHook = async (token: string, path: string, brandId?: string | null) =>
      (
        await t.gqlOk(
          CREATE_WEBHOOK,
          {
            input: {
              url: `https://hooks.example/${path}`,
              events: ['OUTAGE_RECORDED', 'DELIVERABLE_RISK_CHANGED'],
              brandId,
            },
          },
          token,
        )
      ).createWebhook.webhook.id as string;
    hook.admin = await createHook(account.admin.token, 'admin');
    hook.A = await createHook(account.creatorA.token, 'a');
    hook.B = await createHook(account.creatorB.token, 'b');
    // Registered by the owner: the invited member manages it too.
    hook.acme = await createHook(acmeOwner.token, 'acme', acmeOwner.brandId);
    hook.globex = await createHook(globexOwner.token, 'globex', globexOwner.brandId);

    const mint = async (key: keyof typeof feed, token: string, brandId?: string | null) => {
      const minted = (await t.gqlOk(MINT, { input: { brandId } }, token)).createCalendarFeed;
      feed[key] = minted.calendarFeed.id;
      feedUrl[key] = minted.url;
    };
    await mint('admin', account.admin.token);
    await mint('A', account.creatorA.token);
    await mint('B', account.creatorB.token);
    await mint('acmeOwner', acmeOwner.token);
    await mint('acmeMember', account.acmeMember.token);
    await mint('globex', globexOwner.token);

    const auth = t.app.get(AuthService);
    for (const role of ROLES) viewer[role] = (await auth.viewerForUser(account[role].userId))!;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('deals (visibleDeals)', () => {
    const expected = (): Record<Role, string[]> => ({
      admin: sorted([deal.AA.id, deal.AG.id, deal.BA.id, deal.BG.id]),
      creatorA: sorted([deal.AA.id, deal.AG.id]),
      creatorB: sorted([deal.BA.id, deal.BG.id]),
      acmeMember: sorted([deal.AA.id, deal.BA.id]),
      globexMember: sorted([deal.AG.id, deal.BG.id]),
      noBrand: [],
    });

    it('yields exactly these deals as SQL', async () => {
      const actual = await perRole((role) =>
        ids(sql`SELECT d.id FROM deals d WHERE ${visibleDeals(viewer[role], 'd')}`),
      );
      expect(actual).toEqual(expected());
    });

    it('yields the same deals and deliverables through the root fields', async () => {
      const roots = await perRole(async (role) => {
        const data = await t.gqlOk(DEAL_IDS, {}, account[role].token);
        return gqlIds(data.deals.edges);
      });
      expect(roots).toEqual(expected());
      const viaDeliverables = await perRole(async (role) => {
        const data = await t.gqlOk(DELIVERABLE_DEALS, {}, account[role].token);
        return sorted([
          ...new Set<string>(data.deliverables.edges.map((e: any) => e.node.deal.id)),
        ]);
      });
      expect(viaDeliverables).toEqual(expected());
    });

    it('yields the same deals through nested fields, and NOT_FOUND for the rest', async () => {
      // Each role reads every deal; where it may, the deal's creator's and brand's deals it lists
      // are its own visible deals narrowed to that creator or brand.
      const creatorOf = (id: string) => (id === deal.AA.id || id === deal.AG.id ? 'A' : 'B');
      const brandOf = (id: string) => (id === deal.AA.id || id === deal.BA.id ? 'acme' : 'globex');
      for (const role of ROLES) {
        const visible = expected()[role];
        for (const id of [deal.AA.id, deal.AG.id, deal.BA.id, deal.BG.id]) {
          const response = await t.gql(NESTED, { id }, account[role].token);
          if (!visible.includes(id)) {
            expectError(response, 'NOT_FOUND');
            continue;
          }
          const nested = response.data!.deal;
          expect({ role, id, creator: gqlIds(nested.creator.deals.edges) }).toEqual({
            role,
            id,
            creator: visible.filter((other) => creatorOf(other) === creatorOf(id)),
          });
          expect({ role, id, brand: gqlIds(nested.brand.deals.edges) }).toEqual({
            role,
            id,
            brand: visible.filter((other) => brandOf(other) === brandOf(id)),
          });
        }
      }
    });
  });

  describe('platform accounts and income (visiblePlatformAccounts, maySeePlatformIncome)', () => {
    const expected = (): Record<Role, string[]> => ({
      admin: sorted([accountOf.A, accountOf.B]),
      creatorA: [accountOf.A],
      creatorB: [accountOf.B],
      acmeMember: [],
      globexMember: [],
      noBrand: [],
    });

    it('yields exactly these accounts as SQL', async () => {
      const actual = await perRole((role) =>
        ids(
          sql`SELECT a.id FROM platform_accounts a WHERE ${visiblePlatformAccounts(viewer[role], 'a')}`,
        ),
      );
      expect(actual).toEqual(expected());
      expect(await perRole((role) => maySeePlatformIncome(viewer[role]))).toEqual({
        admin: true,
        creatorA: true,
        creatorB: true,
        acmeMember: false,
        globexMember: false,
        noBrand: false,
      });
    });

    it('yields the same accounts through platformAccounts', async () => {
      const actual = await perRole(async (role) => {
        const data = await t.gqlOk(ACCOUNTS, {}, account[role].token);
        if (data.platformAccounts === null) return null;
        expect(data.platformAccounts.totalCount).toBe(data.platformAccounts.edges.length);
        return gqlIds(data.platformAccounts.edges);
      });
      // Brand accounts may not see platform income: null (not visible), not an empty page.
      expect(actual).toEqual({
        ...expected(),
        acmeMember: null,
        globexMember: null,
        noBrand: null,
      });
    });

    it("yields the same accounts' income in an outage's impact, and no income figure for brands", async () => {
      const actual = await perRole(async (role) => {
        const data = await t.gqlOk(INCOME, { id: outageId }, account[role].token);
        const impact = data.outageImpact;
        return {
          accounts: sorted(impact.platformIncome.nodes.map((entry: any) => entry.accountId)),
          counted: impact.platformIncome.totalCount === impact.platformIncome.nodes.length,
          // Per currency row of the totals: whether it carries a platform income figure.
          income: impact.totals.map((row: any) => row.platformIncomeLost !== null),
        };
      });
      const accounts = expected();
      expect(actual).toEqual({
        admin: { accounts: accounts.admin, counted: true, income: [true] },
        creatorA: { accounts: accounts.creatorA, counted: true, income: [true] },
        creatorB: { accounts: accounts.creatorB, counted: true, income: [true] },
        // A brand member still sees the outage's totals, never a platform income figure.
        acmeMember: { accounts: [], counted: true, income: [false] },
        globexMember: { accounts: [], counted: true, income: [false] },
        noBrand: { accounts: [], counted: true, income: [] }, // no deal visible: no totals row at all
      });
    });
  });

  describe('webhooks (visibleWebhooks, webhookRecipients, recipientHears)', () => {
    const expected = (): Record<Role, string[]> => ({
      // An administrator manages their own endpoints only.
      admin: [hook.admin],
      creatorA: [hook.A],
      creatorB: [hook.B],
      acmeMember: [hook.acme],
      globexMember: [hook.globex],
      noBrand: [],
    });
    const allHooks = () => [hook.admin, hook.A, hook.B, hook.acme, hook.globex];

    it('yields exactly these endpoints as SQL', async () => {
      const actual = await perRole((role) =>
        ids(sql`SELECT w.id FROM webhooks w WHERE ${visibleWebhooks(viewer[role], 'w')}`),
      );
      expect(actual).toEqual(expected());
    });

    it('yields the same endpoints through webhooks, and their delivery logs only', async () => {
      const actual = await perRole(async (role) => {
        const data = await t.gqlOk(WEBHOOKS, {}, account[role].token);
        return sorted(data.webhooks.map((webhook: { id: string }) => webhook.id));
      });
      expect(actual).toEqual(expected());
      const logs = await perRole(async (role) => {
        const readable: string[] = [];
        for (const id of allHooks()) {
          const response = await t.gql(DELIVERIES, { id }, account[role].token);
          if (response.errors) expectError(response, 'NOT_FOUND');
          else readable.push(id);
        }
        return sorted(readable);
      });
      expect(logs).toEqual(expected());
    });

    it("sends a deliverable's events to its creator's and its brand's endpoints (admins' with outages)", async () => {
      const recipients = async (admins: boolean) => {
        const creatorIds = [viewer.creatorA.creatorId!];
        const statement = sql`SELECT w.id FROM webhooks w JOIN users u ON u.id = w.owner_user_id
          WHERE ${webhookRecipients('w', 'u', { creatorIds, brandIds: [acmeOwner.brandId!], admins })}`;
        return ids(statement);
      };
      expect(await recipients(false)).toEqual(sorted([hook.A, hook.acme]));
      expect(await recipients(true)).toEqual(sorted([hook.A, hook.acme, hook.admin]));

      // Per deliverable, on the endpoints the query returned for several deliverables.
      const rows = await t.sql<WebhookRecipient>(
        `SELECT w.id, w.creator_id, w.brand_id, (w.brand_id IS NULL AND u.is_admin) AS is_admin
           FROM webhooks w JOIN users u ON u.id = w.owner_user_id`,
      );
      const hearing = (deliverable: { creatorId: string; brandId: string }, admins: boolean) =>
        sorted(rows.filter((row) => recipientHears(row, deliverable, admins)).map((row) => row.id));
      const ofAA = { creatorId: viewer.creatorA.creatorId!, brandId: acmeOwner.brandId! };
      const ofBG = { creatorId: viewer.creatorB.creatorId!, brandId: globexOwner.brandId! };
      expect(hearing(ofAA, false)).toEqual(sorted([hook.A, hook.acme]));
      expect(hearing(ofAA, true)).toEqual(sorted([hook.A, hook.acme, hook.admin]));
      expect(hearing(ofBG, false)).toEqual(sorted([hook.B, hook.globex]));
    });
  });

  describe('calendar feeds (visibleCalendarFeeds, calendarFeedDeals, feedStillPermitted)', () => {
    const expected = (): Record<Role, string[]> => ({
      // A feed is its minter's alone: the Acme owner's is not the invited member's.
      admin: [feed.admin],
      creatorA: [feed.A],
      creatorB: [feed.B],
      acmeMember: [feed.acmeMember],
      globexMember: [feed.globex],
      noBrand: [],
    });

    it('yields exactly these feeds as SQL and through calendarFeeds', async () => {
      const asSql = await perRole((role) =>
        ids(
          sql`SELECT f.id FROM calendar_feeds f WHERE ${visibleCalendarFeeds(viewer[role], 'f')}`,
        ),
      );
      expect(asSql).toEqual(expected());
      const viaApi = await perRole(async (role) => {
        const data = await t.gqlOk(FEEDS, {}, account[role].token);
        return sorted(data.calendarFeeds.map((f: { id: string }) => f.id));
      });
      expect(viaApi).toEqual(expected());
      // A brand user with no brand cannot mint one.
      expectError(await t.gql(MINT, { input: {} }, account.noBrand.token), 'FORBIDDEN');
    });

    it("shows in each feed the deals its owner may read, narrowed to the feed's creator or brand", async () => {
      const feedDeals = async (key: keyof typeof feed) => {
        const [row] = await t.sql(
          `SELECT ${CALENDAR_FEED_COLUMNS} FROM calendar_feeds f WHERE f.id = $1`,
          [feed[key]],
        );
        const entity = calendarFeedFromRow(row);
        const owner = (await t.app.get(AuthService).viewerForUser(entity.userId))!;
        return ids(sql`SELECT d.id FROM deals d WHERE ${calendarFeedDeals(owner, entity, 'd')}`);
      };
      const served = async (key: keyof typeof feed) => {
        const response = await t.http().get(new URL(feedUrl[key]).pathname);
        expect(response.status).toBe(200);
        return [deal.AA, deal.AG, deal.BA, deal.BG]
          .filter((d) => d.deliverables.some((v: { id: string }) => response.text.includes(v.id)))
          .map((d) => d.id)
          .sort();
      };
      const expectedDeals = {
        admin: [] as string[], // the administrator's own creator profile has no deals
        A: sorted([deal.AA.id, deal.AG.id]),
        B: sorted([deal.BA.id, deal.BG.id]),
        acmeOwner: sorted([deal.AA.id, deal.BA.id]),
        acmeMember: sorted([deal.AA.id, deal.BA.id]),
        globex: sorted([deal.AG.id, deal.BG.id]),
      };
      for (const key of Object.keys(expectedDeals) as Array<keyof typeof feed>) {
        expect({ key, deals: await feedDeals(key) }).toEqual({ key, deals: expectedDeals[key] });
        expect({ key, deals: await served(key) }).toEqual({ key, deals: expectedDeals[key] });
      }
    });

    it('keeps a feed only while its minter still has the access it was minted for', async () => {
      const acmeFeed = { creatorId: null, brandId: acmeOwner.brandId } as any;
      const creatorAFeed = { creatorId: viewer.creatorA.creatorId, brandId: null } as any;
      expect(await perRole((role) => feedStillPermitted(viewer[role], acmeFeed))).toEqual({
        admin: false,
        creatorA: false,
        creatorB: false,
        acmeMember: true,
        globexMember: false,
        noBrand: false,
      });
      expect(await perRole((role) => feedStillPermitted(viewer[role], creatorAFeed))).toEqual({
        admin: false,
        creatorA: true,
        creatorB: false,
        acmeMember: false,
        globexMember: false,
        noBrand: false,
      });
    });
  });

  describe('change feed (visibleEvents)', () => {
    /** The feed's rows (real changes, not instructions or test sends), by what they are about. */
    const feedRows = () =>
      t.sql<{ id: string; deal_id: string | null; outage_id: string | null }>(
        `SELECT id, deal_id, outage_id FROM webhook_events
          WHERE reevaluate IS NULL AND type <> 'webhook.test'`,
      );
    /** Per role: the events of the deals the deal rule's expectations give it, and outages'. */
    const expected = async (): Promise<Record<Role, string[]>> => {
      const rows = await feedRows();
      const dealsOf: Record<Role, string[]> = {
        admin: [deal.AA.id, deal.AG.id, deal.BA.id, deal.BG.id],
        creatorA: [deal.AA.id, deal.AG.id],
        creatorB: [deal.BA.id, deal.BG.id],
        acmeMember: [deal.AA.id, deal.BA.id],
        globexMember: [deal.AG.id, deal.BG.id],
        noBrand: [],
      };
      return perRole((role) =>
        sorted(
          rows
            .filter((row) =>
              row.deal_id === null ? row.outage_id !== null : dealsOf[role].includes(row.deal_id),
            )
            .map((row) => row.id),
        ),
      );
    };

    it('has deal events for every deal and an outage event to tell apart', async () => {
      const rows = await feedRows();
      for (const key of ['AA', 'AG', 'BA', 'BG'] as const) {
        expect(rows.some((row) => row.deal_id === deal[key].id)).toBe(true);
      }
      expect(rows.some((row) => row.deal_id === null && row.outage_id === outageId)).toBe(true);
    });

    it('yields exactly these events as SQL', async () => {
      const actual = await perRole((role) =>
        ids(sql`SELECT e.id FROM webhook_events e
                 WHERE e.reevaluate IS NULL AND e.type <> 'webhook.test' AND ${visibleEvents(viewer[role], 'e')}`),
      );
      expect(actual).toEqual(await expected());
    });

    it('yields the same events through the events feed and through nodes', async () => {
      const viaFeed = await perRole(async (role) => {
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const data: any = await t.gqlOk(EVENTS, { after }, account[role].token);
          seen.push(...data.events.nodes.map((node: { id: string }) => node.id));
          after = data.events.pageInfo.hasNextPage ? data.events.pageInfo.endCursor : null;
        } while (after);
        return sorted(seen);
      });
      const want = await expected();
      expect(viaFeed).toEqual(want);
      const every = (await feedRows()).map((row) => row.id);
      const viaNodes = await perRole(async (role) => {
        const found: string[] = [];
        for (let start = 0; start < every.length; start += 100) {
          const data = await t.gqlOk(
            NODES,
            { ids: every.slice(start, start + 100) },
            account[role].token,
          );
          found.push(...data.nodes.filter(Boolean).map((node: { id: string }) => node.id));
        }
        return sorted(found);
      });
      expect(viaNodes).toEqual(want);
    });
  });

  describe('audit trail (visibleAuditSubjects)', () => {
    it("opens a record's trail to exactly those who may read the record", async () => {
      const subjects = () => ({
        dealAA: deal.AA.id,
        deliverableBG: deal.BG.deliverables[0].id,
        outage: outageId,
        accountA: accountOf.A,
        accountB: accountOf.B,
      });
      const readable = await perRole(async (role) => {
        const open: string[] = [];
        for (const [name, id] of Object.entries(subjects())) {
          const response = await t.gql(AUDIT, { id }, account[role].token);
          if (response.errors) expectError(response, 'NOT_FOUND');
          else {
            expect(response.data!.auditTrail.totalCount).toBeGreaterThan(0);
            open.push(name);
          }
        }
        return open.sort();
      });
      const expected: Record<Role, string[]> = {
        admin: ['accountA', 'accountB', 'dealAA', 'deliverableBG', 'outage'],
        creatorA: ['accountA', 'dealAA'],
        creatorB: ['accountB', 'deliverableBG'],
        acmeMember: ['dealAA'],
        globexMember: ['deliverableBG'],
        noBrand: [],
      };
      expect(readable).toEqual(expected);

      // The fragment alone, over every record of each kind the trail knows.
      const asSql = await perRole((role) =>
        ids(sql`SELECT s.id FROM (
            SELECT 'DEAL' AS type, d.id, d.id AS deal_id, NULL::uuid AS creator_id FROM deals d
            UNION ALL SELECT 'DELIVERABLE', v.id, v.deal_id, NULL::uuid FROM deliverables v
            UNION ALL SELECT 'OUTAGE', o.id, NULL::uuid, NULL::uuid FROM outages o
            UNION ALL SELECT 'PLATFORM_ACCOUNT', a.id, NULL::uuid, a.creator_id FROM platform_accounts a
          ) s LEFT JOIN deals d ON d.id = s.deal_id
          WHERE ${visibleAuditSubjects(viewer[role], 's', 'd')}`),
      );
      const everything = (...ofDeals: Array<keyof typeof deal>) =>
        ofDeals.flatMap((key) => [deal[key].id, ...deal[key].deliverables.map((v) => v.id)]);
      expect(asSql).toEqual({
        admin: sorted([...everything('AA', 'AG', 'BA', 'BG'), outageId, accountOf.A, accountOf.B]),
        creatorA: sorted([...everything('AA', 'AG'), accountOf.A]),
        creatorB: sorted([...everything('BA', 'BG'), accountOf.B]),
        acmeMember: sorted(everything('AA', 'BA')),
        globexMember: sorted(everything('AG', 'BG')),
        noBrand: [],
      });
    });
  });

  describe('brand invitations (visibleBrandInvitations)', () => {
    const INVITE = `mutation($input: CreateBrandInvitationInput!) {
      createBrandInvitation(input: $input) { invitation { id } } }`;
    const invitation = {} as Record<'acme' | 'globex' | 'indie', string>;
    let acmeJoin: string;

    // Seeded last (this block runs after the others), so the other rules' expected sets stay as
    // they are: it adds a deal and invitations.
    beforeAll(async () => {
      const invite = async (token: string, brandId: string) =>
        (await t.gqlOk(INVITE, { input: { brandId } }, token)).createBrandInvitation.invitation
          .id as string;
      invitation.acme = await invite(acmeOwner.token, acmeOwner.brandId!);
      invitation.globex = await invite(globexOwner.token, globexOwner.brandId!);
      // A creator may invite to a brand they named that no account has claimed yet.
      const indie = await createDeal(t, account.creatorA.token, {
        title: 'A×Indie',
        brandId: undefined,
        brandName: 'Indie Studio',
      });
      const [{ brand_id: indieId }] = await t.sql<{ brand_id: string }>(
        `SELECT brand_id FROM deals WHERE id = $1`,
        [indie.id],
      );
      invitation.indie = await invite(account.creatorA.token, indieId);
      // The invitation the member joined Acme with, sent by Acme's owner.
      [{ id: acmeJoin }] = await t.sql<{ id: string }>(
        `SELECT id FROM brand_invitations WHERE brand_id = $1 AND accepted_at IS NOT NULL`,
        [acmeOwner.brandId],
      );
    });

    // Its brand's members and its sender; nobody else, administrators included.
    const expected = (): Record<Role, string[]> => ({
      admin: [],
      creatorA: [invitation.indie],
      creatorB: [],
      acmeMember: sorted([acmeJoin, invitation.acme]),
      globexMember: [invitation.globex],
      noBrand: [],
    });

    it('yields exactly these invitations as SQL', async () => {
      const actual = await perRole((role) =>
        ids(
          sql`SELECT i.id FROM brand_invitations i WHERE ${visibleBrandInvitations(viewer[role], 'i')}`,
        ),
      );
      expect(actual).toEqual(expected());
    });

    it('yields the same invitations through nodes', async () => {
      const all = [acmeJoin, invitation.acme, invitation.globex, invitation.indie];
      const actual = await perRole(async (role) => {
        const data = await t.gqlOk(
          `query($ids: [ID!]!) { nodes(ids: $ids) { ... on BrandInvitation { id } } }`,
          { ids: all },
          account[role].token,
        );
        return sorted(
          (data.nodes as Array<{ id?: string } | null>).flatMap((node) =>
            node?.id ? [node.id] : [],
          ),
        );
      });
      expect(actual).toEqual(expected());
    });
  });
});
