import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { FixedClock } from '../../src/infrastructure/clock';
import { expectError, expectUserError } from '../support/errors';
import {
  createDeal,
  signUpAdmin,
  signUpBrand,
  signUpCreator,
  type Account,
} from '../support/factories';
import { TestApp } from '../support/test-app';

const MINT = `mutation($brandId: ID, $alarm: Int) {
  createCalendarFeed(input: { brandId: $brandId, alarmMinutesBefore: $alarm }) {
    userErrors { field code message }
    url calendarFeed { id scope alarmMinutesBefore createdAt lastUsedAt revokedAt brand { id name } }
  }
}`;
const FEEDS = `query { calendarFeeds { id scope alarmMinutesBefore createdAt lastUsedAt revokedAt brand { name } } }`;
const REVOKE = `mutation($id: ID!) { revokeCalendarFeed(input: { id: $id }) { calendarFeed { id revokedAt } } }`;
const UPDATE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { deliverable { id version } } }`;
const RISK = `query($id: ID!) { deliverable(id: $id) { risk { level suggestedSlotAt explanation suggestedPlatform { slug } } } }`;
const RECORD_OUTAGE = `mutation($input: RecordOutageInput!) { recordOutage(input: $input) { outage { id } } }`;
const INVITE = `mutation($input: CreateBrandInvitationInput!) { createBrandInvitation(input: $input) { code } }`;
const ACCEPT = `mutation($code: String!) { acceptBrandInvitation(input: { code: $code }) { brand { id } } }`;
const POSTED = `mutation($input: MarkDeliverablePostedInput!) { markDeliverablePosted(input: $input) { deliverable { id } } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } } }`;

const PUBLIC_URL = 'https://ledger.example';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The app's "now", and two days after it: deliverables in the feed's window, clear of "now".
const NOW = '2031-06-01T12:00:00.000Z';
const T0 = Date.parse(NOW) + 2 * DAY;
const at = (offsetHours: number) => new Date(T0 + offsetHours * HOUR).toISOString();

interface Feed {
  status: number;
  text: string;
  contentType: string | undefined;
  events: Map<string, ICAL.Event>;
  calendar: ICAL.Component | null;
}

const slotUid = (id: string) => `deliverable-${id}-slot@deal-ledger`;
const deadlineUid = (id: string) => `deliverable-${id}-deadline@deal-ledger`;
/** `payment-<receivable id>-<due date, basic ISO 8601>@deal-ledger`. */
const paymentUid = (id: string, dueAt: string) =>
  `payment-${id}-${dueAt.replace(/[-:]|\.000/g, '')}@deal-ledger`;
const iso = (time: ICAL.Time) => time.toJSDate().toISOString();

describe('calendar feeds', () => {
  let t: TestApp;
  let admin: Account;
  let maya: Account;
  let noor: Account;
  let acme: Account & { brandId: string | null };
  let globex: Account & { brandId: string | null };
  let reel: { id: string; title: string };
  let live: { id: string };
  let globexPost: { id: string };
  let oldPost: { id: string };
  let noorStory: { id: string };
  let mayaUrl: string;
  let mayaFeedId: string;

  const mint = async (token: string, variables: Record<string, unknown> = {}) =>
    (await t.gqlOk(MINT, variables, token)).createCalendarFeed;
  const fetchFeed = async (url: string): Promise<Feed> => {
    const response = await t.http().get(new URL(url).pathname);
    if (response.status !== 200) {
      return {
        status: response.status,
        text: response.text,
        contentType: response.headers['content-type'],
        events: new Map(),
        calendar: null,
      };
    }
    const calendar = new ICAL.Component(ICAL.parse(response.text));
    const events = new Map(
      calendar.getAllSubcomponents('vevent').map((component) => {
        const event = new ICAL.Event(component);
        return [event.uid, event] as const;
      }),
    );
    return {
      status: response.status,
      text: response.text,
      contentType: response.headers['content-type'],
      events,
      calendar,
    };
  };

  beforeAll(async () => {
    t = await TestApp.start({ PUBLIC_URL }, { clock: new FixedClock(NOW) });
    admin = await signUpAdmin(t);
    maya = await signUpCreator(t, { displayName: 'Maya Lens' });
    noor = await signUpCreator(t, { displayName: 'Noor' });
    acme = await signUpBrand(t, 'Acme');
    globex = await signUpBrand(t, 'Globex');

    const acmeDeal = await createDeal(t, maya.token, {
      title: 'Spring launch',
      brandId: acme.brandId,
      brandName: undefined,
      totalFee: '1600.00',
      deliverables: [
        {
          platformSlug: 'instagram',
          kind: 'REEL',
          title: 'Launch reel; part 1, "big" \\ teaser',
          timing: 'FLEXIBLE',
          scheduledAt: at(0),
          dueAt: at(2),
          fee: '1200.00',
        },
        {
          platformSlug: 'facebook',
          kind: 'LIVE',
          title: 'Launch live',
          timing: 'FIXED',
          durationMinutes: 30,
          scheduledAt: at(0),
          dueAt: at(0.5),
          fee: '400.00',
        },
      ],
    });
    reel = acmeDeal.deliverables.find((d: { kind: string }) => d.kind === 'REEL');
    live = acmeDeal.deliverables.find((d: { kind: string }) => d.kind === 'LIVE');
    const globexDeal = await createDeal(t, maya.token, {
      title: 'Globex summer',
      brandId: globex.brandId,
      brandName: undefined,
      currency: 'GBP',
      totalFee: '500.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Globex review',
          scheduledAt: at(24),
          dueAt: at(48),
        },
      ],
    });
    globexPost = globexDeal.deliverables[0];
    // Long past the feed's 90-day window (slot and deadline both).
    const oldDeal = await createDeal(t, maya.token, {
      title: 'Last year',
      brandId: acme.brandId,
      brandName: undefined,
      totalFee: '100.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Old video',
          scheduledAt: new Date(Date.parse(NOW) - 200 * DAY).toISOString(),
          dueAt: new Date(Date.parse(NOW) - 199 * DAY).toISOString(),
        },
      ],
    });
    oldPost = oldDeal.deliverables[0];
    const noorDeal = await createDeal(t, noor.token, {
      title: 'Noor x Acme',
      brandId: acme.brandId,
      brandName: undefined,
      totalFee: '300.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'SHORT',
          title: 'Noor short',
          scheduledAt: at(5),
          dueAt: at(6),
        },
      ],
    });
    noorStory = noorDeal.deliverables[0];

    const minted = await mint(maya.token);
    mayaUrl = minted.url;
    mayaFeedId = minted.calendarFeed.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('mints a secret URL under PUBLIC_URL once, stores only its hash and lists the feed without it', async () => {
    expect(mayaUrl).toMatch(/^https:\/\/ledger\.example\/calendar\/dl_cal_[A-Za-z0-9_-]{43}\.ics$/);
    const secret = new URL(mayaUrl).pathname.slice('/calendar/'.length, -'.ics'.length);
    const rows = await t.sql(`SELECT * FROM calendar_feeds WHERE id = $1`, [mayaFeedId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(secret);

    const feeds = (await t.gqlOk(FEEDS, {}, maya.token)).calendarFeeds;
    expect(feeds).toEqual([
      expect.objectContaining({
        id: mayaFeedId,
        scope: 'CREATOR',
        alarmMinutesBefore: 1440,
        revokedAt: null,
        brand: null,
      }),
    ]);
    expect(JSON.stringify(feeds)).not.toContain(secret);
    // Nobody else sees it.
    expect((await t.gqlOk(FEEDS, {}, noor.token)).calendarFeeds).toEqual([]);
  });

  it("serves the creator's deliverables as a slot and a deadline event each, in UTC, with an alarm", async () => {
    const feed = await fetchFeed(mayaUrl);
    expect(feed.status).toBe(200);
    expect(feed.contentType).toBe('text/calendar; charset=utf-8');
    expect(feed.calendar!.getFirstPropertyValue('x-wr-calname')).toBe('Deal Ledger: Maya Lens');
    const uids = [...feed.events.keys()].filter((uid) => uid.startsWith('deliverable-'));
    expect(uids.sort()).toEqual(
      [reel.id, live.id, globexPost.id].flatMap((id) => [slotUid(id), deadlineUid(id)]).sort(),
    );
    // And when each is to be paid: planned, so a forecast from the slot (net 30 days).
    expect([...feed.events.keys()].filter((uid) => uid.startsWith('payment-')).sort()).toEqual(
      [
        paymentUid(reel.id, at(30 * 24)),
        paymentUid(live.id, at(30 * 24)),
        paymentUid(globexPost.id, at(31 * 24)),
      ].sort(),
    );
    const reelPayment = feed.events.get(paymentUid(reel.id, at(30 * 24)))!;
    expect(reelPayment.summary).toBe('Payment due: 1200.00 USD from Acme — Spring launch');
    expect(reelPayment.description).toContain(
      'Status: NOT_DUE (not posted yet: the due date is a forecast)',
    );
    // Not Noor's deliverable (another creator), not the one outside the window.
    expect(feed.text).not.toContain(noorStory.id);
    expect(feed.text).not.toContain(oldPost.id);

    const slot = feed.events.get(slotUid(live.id))!;
    expect(iso(slot.startDate)).toBe(at(0));
    expect(iso(slot.endDate)).toBe(at(0.5));
    expect(slot.summary).toBe('Launch live (LIVE on facebook)');
    const deadline = feed.events.get(deadlineUid(reel.id))!;
    expect(iso(deadline.startDate)).toBe(at(2));
    // The title went through iCalendar escaping and back.
    expect(deadline.summary).toBe(`Due: ${reel.title}`);
    expect(deadline.description).toContain('Deal: Spring launch (Acme)');
    expect(deadline.description).toContain('Fee: 1200.00 USD');
    expect(feed.events.get(slotUid(globexPost.id))!.description).toContain('Fee: 500.00 GBP');

    // Every instant is UTC ("Z"), none floating or zoned.
    const stamps = feed.text.match(/^(DTSTART|DTEND|DTSTAMP)[:;].*$/gm)!;
    expect(stamps.length).toBeGreaterThanOrEqual(12);
    for (const line of stamps) expect(line).toMatch(/^(DTSTART|DTEND|DTSTAMP):\d{8}T\d{6}Z\r?$/);

    // A display alarm 24 h (the default) before each deadline, none on slots.
    for (const id of [reel.id, live.id, globexPost.id]) {
      const alarms = feed.events.get(deadlineUid(id))!.component.getAllSubcomponents('valarm');
      expect(alarms).toHaveLength(1);
      expect(alarms[0].getFirstPropertyValue('action')).toBe('DISPLAY');
      expect((alarms[0].getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(
        -24 * 3600,
      );
      expect(feed.events.get(slotUid(id))!.component.getAllSubcomponents('valarm')).toHaveLength(0);
    }
    const [row] = await t.sql(`SELECT last_used_at FROM calendar_feeds WHERE id = $1`, [
      mayaFeedId,
    ]);
    expect(new Date(row.last_used_at).toISOString()).toBe(NOW); // the fetch, by the app's clock
    const listed = (await t.gqlOk(FEEDS, {}, maya.token)).calendarFeeds[0];
    expect(listed.lastUsedAt).toBe(NOW);
  });

  it('bumps SEQUENCE when a deliverable moves, not when its title changes', async () => {
    const sequences = async () => {
      const feed = await fetchFeed(mayaUrl);
      return {
        slot: feed.events.get(slotUid(globexPost.id))!.sequence,
        deadline: feed.events.get(deadlineUid(globexPost.id))!.sequence,
        summary: feed.events.get(slotUid(globexPost.id))!.summary,
        start: iso(feed.events.get(slotUid(globexPost.id))!.startDate),
      };
    };
    expect(await sequences()).toMatchObject({ slot: 0, deadline: 0 });

    await t.gqlOk(
      UPDATE,
      { input: { id: globexPost.id, title: 'Globex review (cut 2)' } },
      maya.token,
    );
    expect(await sequences()).toMatchObject({
      slot: 0,
      deadline: 0,
      summary: 'Globex review (cut 2) (VIDEO on youtube)',
    });

    await t.gqlOk(UPDATE, { input: { id: globexPost.id, scheduledAt: at(26) } }, maya.token);
    expect(await sequences()).toEqual({
      slot: 1,
      deadline: 0,
      summary: 'Globex review (cut 2) (VIDEO on youtube)',
      start: at(26),
    });

    await t.gqlOk(
      UPDATE,
      { input: { id: globexPost.id, scheduledAt: at(27), dueAt: at(50) } },
      maya.token,
    );
    expect(await sequences()).toMatchObject({ slot: 2, deadline: 1, start: at(27) });
  });

  it('shows an outage that hits the deliverables as an event, and their risk as the API gives it', async () => {
    const outageId = (
      await t.gqlOk(
        RECORD_OUTAGE,
        {
          input: {
            title: 'Meta outage',
            platformSlugs: ['meta'],
            startsAt: at(-1),
            endsAt: at(1 + 1 / 3),
            severity: 'FULL',
          },
        },
        admin.token,
      )
    ).recordOutage.outage.id;
    const feed = await fetchFeed(mayaUrl);
    const outage = feed.events.get(`outage-${outageId}@deal-ledger`)!;
    expect(outage).toBeDefined();
    expect(iso(outage.startDate)).toBe(at(-1));
    expect(iso(outage.endDate)).toBe(at(1 + 1 / 3));
    expect(outage.summary).toBe('Outage: Meta outage');
    expect(outage.description).toContain('Platforms: meta');
    expect(outage.description).toContain('Launch live');
    expect(outage.description).toContain(reel.title);
    expect(outage.description).not.toContain('Globex');

    // The reel (flexible) waits for Instagram to return; the fixed-time live is lost.
    const reelRisk = (await t.gqlOk(RISK, { id: reel.id }, maya.token)).deliverable.risk;
    const liveRisk = (await t.gqlOk(RISK, { id: live.id }, maya.token)).deliverable.risk;
    expect(reelRisk.level).toBe('DELAYED');
    expect(liveRisk.level).toBe('LOST');
    const reelText = feed.events.get(slotUid(reel.id))!.description;
    expect(reelText).toContain('Risk: DELAYED');
    expect(reelText).toContain('Delayed: 1200.00 USD; lost: 0.00 USD');
    expect(reelText).toContain(
      `Suggested slot: ${new Date(reelRisk.suggestedSlotAt).toISOString().replace('.000Z', 'Z')} on ${reelRisk.suggestedPlatform.slug}`,
    );
    expect(reelText).toContain(reelRisk.explanation);
    expect(feed.events.get(slotUid(reel.id))!.summary).toMatch(/^\[DELAYED\] /);
    const liveText = feed.events.get(deadlineUid(live.id))!.description;
    expect(liveText).toContain('Risk: LOST');
    expect(liveText).toContain('Delayed: 0.00 USD; lost: 400.00 USD');
    expect(feed.events.get(slotUid(globexPost.id))!.description).toContain('Risk: ON_TRACK');
  });

  it("gives a brand member the deliverables on the brand's deals only, with the same risk", async () => {
    const minted = await mint(acme.token, { alarm: 90 });
    expect(minted.calendarFeed).toMatchObject({
      scope: 'BRAND',
      alarmMinutesBefore: 90,
      brand: { id: acme.brandId, name: 'Acme' },
    });
    const feed = await fetchFeed(minted.url);
    expect(feed.status).toBe(200);
    expect(feed.calendar!.getFirstPropertyValue('x-wr-calname')).toBe('Deal Ledger: Acme');
    const uids = [...feed.events.keys()].filter((uid) => uid.startsWith('deliverable-'));
    expect(uids.sort()).toEqual(
      [reel.id, live.id, noorStory.id].flatMap((id) => [slotUid(id), deadlineUid(id)]).sort(),
    );
    expect(feed.text).not.toContain(globexPost.id);
    expect(feed.text).not.toContain('Globex');
    expect(feed.events.get(slotUid(noorStory.id))!.description).toContain(
      'Deal: Noor x Acme (Noor)',
    );
    expect(feed.events.get(slotUid(live.id))!.description).toContain('Risk: LOST');
    const trigger = feed.events
      .get(deadlineUid(reel.id))!
      .component.getFirstSubcomponent('valarm')!
      .getFirstPropertyValue('trigger') as ICAL.Duration;
    expect(trigger.toSeconds()).toBe(-90 * 60);

    // The member leaves the brand (no mutation for it yet): the feed stops.
    await t.sql(`DELETE FROM brand_members WHERE user_id = $1`, [acme.userId]);
    expect((await fetchFeed(minted.url)).status).toBe(404);
    await t.sql(`INSERT INTO brand_members (brand_id, user_id) VALUES ($1, $2)`, [
      acme.brandId,
      acme.userId,
    ]);
    expect((await fetchFeed(minted.url)).status).toBe(200);
  });

  it('asks a member of several brands to pick one, and refuses brands that are not theirs', async () => {
    const member = await signUpBrand(t);
    for (const brand of [acme, globex]) {
      const { code } = (await t.gqlOk(INVITE, { input: { brandId: brand.brandId } }, brand.token))
        .createBrandInvitation;
      await t.gqlOk(ACCEPT, { code }, member.token);
    }
    expectUserError(
      await t.gql(MINT, {}, member.token),
      'createCalendarFeed',
      'BRAND_REQUIRED',
      'input.brandId',
    );
    const picked = await mint(member.token, { brandId: globex.brandId });
    expect(picked.calendarFeed.brand.name).toBe('Globex');
    const feed = await fetchFeed(picked.url);
    expect([...feed.events.keys()].filter((uid) => uid.startsWith('deliverable-')).sort()).toEqual(
      [slotUid(globexPost.id), deadlineUid(globexPost.id)].sort(),
    );

    expectError(await t.gql(MINT, { brandId: globex.brandId }, acme.token), 'NOT_FOUND');
    expectError(await t.gql(MINT, { brandId: 'not-a-uuid' }, acme.token), 'NOT_FOUND');
    expectUserError(
      await t.gql(MINT, { brandId: acme.brandId }, maya.token),
      'createCalendarFeed',
      'NOT_FOR_ROLE',
      'input.brandId',
    );
    expectUserError(
      await t.gql(MINT, { alarm: -5 }, maya.token),
      'createCalendarFeed',
      'VALIDATION_FAILED',
      'input.alarmMinutesBefore',
    );
    const brandless = await signUpBrand(t);
    expectError(await t.gql(MINT, {}, brandless.token), 'FORBIDDEN');
    expectError(await t.gql(MINT, {}), 'UNAUTHENTICATED');
  });

  it('answers the same 404 for revoked, unknown and malformed secrets; another tenant cannot revoke', async () => {
    const second = await mint(maya.token);
    expectError(await t.gql(REVOKE, { id: second.calendarFeed.id }, noor.token), 'NOT_FOUND');
    expectError(await t.gql(REVOKE, { id: second.calendarFeed.id }, acme.token), 'NOT_FOUND');
    expect((await fetchFeed(second.url)).status).toBe(200);

    const revoked = (await t.gqlOk(REVOKE, { id: second.calendarFeed.id }, maya.token))
      .revokeCalendarFeed.calendarFeed;
    expect(revoked.revokedAt).not.toBeNull();
    // Revoking again changes nothing.
    expect(
      (await t.gqlOk(REVOKE, { id: second.calendarFeed.id }, maya.token)).revokeCalendarFeed
        .calendarFeed,
    ).toEqual(revoked);
    const gone = await fetchFeed(second.url);
    const unknown = await fetchFeed(`${PUBLIC_URL}/calendar/dl_cal_${'A'.repeat(43)}.ics`);
    const malformed = await fetchFeed(`${PUBLIC_URL}/calendar/whatever.ics`);
    for (const answer of [gone, unknown, malformed]) {
      expect(answer.status).toBe(404);
      expect(answer.contentType).toContain('application/json');
      expect(answer.text).toBe(gone.text);
    }
    // The other feed still works, and the list shows the revocation.
    expect((await fetchFeed(mayaUrl)).status).toBe(200);
    const feeds = (await t.gqlOk(FEEDS, {}, maya.token)).calendarFeeds;
    expect(feeds.map((feed: { id: string }) => feed.id)).toEqual([
      second.calendarFeed.id,
      mayaFeedId,
    ]);
    expect(feeds[0].revokedAt).toBe(revoked.revokedAt);
    expect(feeds[1].revokedAt).toBeNull();
    expectError(await t.gql(REVOKE, { id: 'nope' }, maya.token), 'NOT_FOUND');
  });

  it('fetches a feed in the same number of queries however many deliverables it holds', async () => {
    const measure = async () => {
      // Keep the once-a-minute last_used_at touch out of the count.
      await t.sql(`UPDATE calendar_feeds SET last_used_at = $2 WHERE id = $1`, [mayaFeedId, NOW]);
      let feed: Feed | undefined;
      const queries = await t.countQueries(async () => {
        feed = await fetchFeed(mayaUrl);
      });
      return { queries, events: feed!.events.size };
    };
    const before = await measure();
    await createDeal(t, maya.token, {
      title: 'More posts',
      brandId: acme.brandId,
      brandName: undefined,
      totalFee: '300.00',
      deliverables: [1, 2, 3].map((n) => ({
        platformSlug: n === 1 ? 'instagram' : 'tiktok',
        kind: 'POST',
        title: `Post ${n}`,
        scheduledAt: at(n / 2),
        dueAt: at(10 + n),
      })),
    });
    const after = await measure();
    // Three more deliverables: six more events, and three payments due.
    expect(after.events).toBe(before.events + 9);
    expect(after.queries).toBe(before.queries);
    expect(after.queries).toBeLessThanOrEqual(12);
  });

  it('shows what a posted deliverable is owed on its due date, to the creator and to the brand', async () => {
    // Slot 41 days ago, posted on time 40 days ago, net 30 days: due 10 days before NOW.
    const day = (offset: number) => new Date(Date.parse(NOW) + offset * DAY).toISOString();
    const deal = await createDeal(t, maya.token, {
      title: 'Winter review',
      brandId: acme.brandId,
      brandName: undefined,
      totalFee: '950.00',
      deliverables: [
        {
          platformSlug: 'youtube',
          kind: 'VIDEO',
          title: 'Winter video',
          scheduledAt: day(-41),
          dueAt: day(-39),
          fee: '950.00',
        },
      ],
    });
    const video = deal.deliverables[0].id;
    await t.gqlOk(POSTED, { input: { id: video, postedAt: day(-40) } }, maya.token);
    await t.gqlOk(
      PAY,
      {
        input: {
          dealId: deal.id,
          amount: { amount: '250.00', currency: 'USD' },
          receivedAt: day(-1),
          note: 'private: chased twice',
        },
      },
      maya.token,
    );
    const uid = paymentUid(video, day(-10));

    const mine = await fetchFeed(mayaUrl);
    const event = mine.events.get(uid)!;
    expect(event).toBeDefined();
    expect(iso(event.startDate)).toBe(day(-10));
    expect(iso(event.endDate)).toBe(new Date(Date.parse(day(-10)) + 15 * 60_000).toISOString());
    expect(event.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    // 950.00 owed − 250.00 paid = 700.00 open, 10 days after it fell due
    expect(event.summary).toBe('[OVERDUE] Payment due: 700.00 USD from Acme — Winter review');
    expect(event.description.split('\n')).toEqual([
      'Deal: Winter review (Acme)',
      'For: Winter video',
      `Due: ${day(-10).replace('.000', '')}`,
      'Owed: 950.00 USD; paid: 250.00 USD; open: 700.00 USD',
      'Status: PARTIALLY_PAID (10 days overdue)',
    ]);
    expect(mine.text).not.toContain('chased');

    // The brand's feed shows what it owes, to whom; another creator's (an administrator's too:
    // their own feed is their own deals) and another brand's feeds nothing.
    const acmeFeed = await fetchFeed((await mint(acme.token)).url);
    expect(acmeFeed.events.get(uid)!.summary).toBe(
      '[OVERDUE] Payment due: 700.00 USD to Maya Lens — Winter review',
    );
    const noorFeed = await fetchFeed((await mint(noor.token)).url);
    const globexFeed = await fetchFeed((await mint(globex.token)).url);
    const adminFeed = await fetchFeed((await mint(admin.token)).url);
    for (const other of [noorFeed, globexFeed, adminFeed]) {
      expect(other.status).toBe(200);
      expect(other.text).not.toContain(video);
      expect(other.text).not.toContain('Winter review');
    }
    expect([...noorFeed.events.keys()]).toContain(paymentUid(noorStory.id, at(5 + 30 * 24)));

    // Paid in full: nothing is open, the event leaves the feed.
    await t.gqlOk(
      PAY,
      {
        input: {
          dealId: deal.id,
          amount: { amount: '700.00', currency: 'USD' },
          receivedAt: day(-1),
        },
      },
      maya.token,
    );
    expect((await fetchFeed(mayaUrl)).events.has(uid)).toBe(false);
  });
});
