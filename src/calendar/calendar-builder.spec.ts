import fc from 'fast-check';
import ICAL from 'ical.js';
import {
  buildCalendar,
  deadlineUid,
  formatLead,
  MARKER_MINUTES,
  outageUid,
  paymentSummary,
  paymentUid,
  riskLines,
  slotUid,
  type CalendarFeedData,
  type FeedDeliverable,
  type FeedOutage,
  type FeedPayment,
} from './calendar-builder';

const utc = (text: string) => new Date(text);
const NOW = utc('2030-03-01T12:00:00Z');

function deliverable(overrides: Partial<FeedDeliverable> = {}): FeedDeliverable {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    title: 'Launch reel',
    kind: 'REEL',
    timing: 'FLEXIBLE',
    status: 'PLANNED',
    platform: 'instagram',
    dealTitle: 'Spring launch',
    counterparty: 'Acme',
    currency: 'USD',
    fee: 80000n,
    scheduledAt: utc('2030-03-05T16:00:00Z'),
    durationMinutes: 30,
    dueAt: utc('2030-03-05T18:00:00Z'),
    slotSequence: 0,
    deadlineSequence: 0,
    risk: null,
    ...overrides,
  };
}

function outage(overrides: Partial<FeedOutage> = {}): FeedOutage {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    title: 'Meta outage',
    startsAt: utc('2030-03-05T15:00:00Z'),
    endsAt: utc('2030-03-05T17:20:00Z'),
    severity: 'FULL',
    degradationBps: 10_000,
    platforms: ['meta'],
    sequence: 0,
    hits: ['Launch reel'],
    ...overrides,
  };
}

function payment(overrides: Partial<FeedPayment> = {}): FeedPayment {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    kind: 'DELIVERABLE',
    title: 'Launch reel',
    dealTitle: 'Spring launch',
    counterparty: 'Acme',
    direction: 'IN',
    currency: 'USD',
    owed: 95000n,
    paid: 0n,
    open: 95000n,
    dueAt: utc('2030-04-04T16:00:00Z'),
    status: 'DUE',
    daysOverdue: 0,
    ...overrides,
  };
}

function feed(overrides: Partial<CalendarFeedData> = {}): CalendarFeedData {
  return {
    name: 'Deal Ledger: Maya',
    now: NOW,
    alarmMinutesBefore: 1440,
    deliverables: [deliverable()],
    outages: [],
    payments: [],
    ...overrides,
  };
}

/** Events by UID, read back with ical.js (an independent parser). */
function parse(text: string): Map<string, ICAL.Event> {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return new Map(
    calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      return [event.uid, event];
    }),
  );
}

const instant = (time: ICAL.Time) => time.toJSDate().toISOString();

describe('buildCalendar', () => {
  it('gives each deliverable a slot event and a deadline event with stable UIDs, in UTC', () => {
    const text = buildCalendar(feed());
    const events = parse(text);
    expect([...events.keys()]).toEqual([
      'deliverable-11111111-1111-4111-8111-111111111111-slot@deal-ledger',
      'deliverable-11111111-1111-4111-8111-111111111111-deadline@deal-ledger',
    ]);
    const slot = events.get(slotUid(deliverable().id))!;
    expect(instant(slot.startDate)).toBe('2030-03-05T16:00:00.000Z');
    // 16:00 + 30 min
    expect(instant(slot.endDate)).toBe('2030-03-05T16:30:00.000Z');
    expect(slot.summary).toBe('Launch reel (REEL on instagram)');
    const deadline = events.get(deadlineUid(deliverable().id))!;
    expect(instant(deadline.startDate)).toBe('2030-03-05T18:00:00.000Z');
    expect(instant(deadline.endDate)).toBe('2030-03-05T18:15:00.000Z');
    expect(deadline.summary).toBe('Due: Launch reel');
    expect(deadline.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    // Every date-time is written in UTC with Z; no time zone component.
    expect(text).toMatch(/^DTSTART:20300305T160000Z\r$/m);
    expect(text).toMatch(/^DTSTAMP:20300301T120000Z\r$/m);
    expect(text).not.toMatch(/TZID|VTIMEZONE/);
    expect(text).not.toMatch(/^DT(START|END):\d{8}T\d{6}\r$/m);
    // Every content line ends with CRLF, the last one included.
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('shows an instant post as a marker block of MARKER_MINUTES', () => {
    const events = parse(
      buildCalendar(feed({ deliverables: [deliverable({ durationMinutes: 0 })] })),
    );
    const slot = events.get(slotUid(deliverable().id))!;
    expect(slot.duration.toSeconds()).toBe(MARKER_MINUTES * 60);
    expect(slot.description).toContain('Slot: 2030-03-05T16:00:00Z (instant post)');
  });

  it('sets SEQUENCE per event from the data', () => {
    const events = parse(
      buildCalendar(
        feed({
          deliverables: [deliverable({ slotSequence: 3, deadlineSequence: 1 })],
          outages: [outage({ sequence: 2 })],
        }),
      ),
    );
    expect(events.get(slotUid(deliverable().id))!.sequence).toBe(3);
    expect(events.get(deadlineUid(deliverable().id))!.sequence).toBe(1);
    expect(events.get(outageUid(outage().id))!.sequence).toBe(2);
  });

  it('puts a display alarm before open deadlines only', () => {
    const open = deliverable();
    const posted = deliverable({ id: '33333333-3333-4333-8333-333333333333', status: 'POSTED' });
    const events = parse(
      buildCalendar(feed({ alarmMinutesBefore: 90, deliverables: [open, posted] })),
    );
    const alarms = events.get(deadlineUid(open.id))!.component.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(1);
    expect(alarms[0].getFirstPropertyValue('action')).toBe('DISPLAY');
    const trigger = alarms[0].getFirstPropertyValue('trigger') as ICAL.Duration;
    // 90 minutes before the start (the deadline)
    expect(trigger.toSeconds()).toBe(-90 * 60);
    expect(alarms[0].getFirstPropertyValue('description')).toBe('Due in 1 h 30 min: Launch reel');
    expect(events.get(slotUid(open.id))!.component.getAllSubcomponents('valarm')).toHaveLength(0);
    expect(
      events.get(deadlineUid(posted.id))!.component.getAllSubcomponents('valarm'),
    ).toHaveLength(0);
    expect(events.get(slotUid(posted.id))!.summary).toBe(
      '[POSTED] Launch reel (REEL on instagram)',
    );

    const none = parse(buildCalendar(feed({ alarmMinutesBefore: null })));
    expect(none.get(deadlineUid(open.id))!.component.getAllSubcomponents('valarm')).toHaveLength(0);
  });

  it('escapes titles so that any text reads back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).filter((s) => !/\r/.test(s)),
        (title) => {
          const events = parse(buildCalendar(feed({ deliverables: [deliverable({ title })] })));
          expect(events.get(deadlineUid(deliverable().id))!.summary).toBe(`Due: ${title}`);
          expect(events.size).toBe(2);
        },
      ),
      { numRuns: 200 },
    );
    const tricky = 'Reel; part 1, "BIG" \\ launch\nline two';
    const text = buildCalendar(feed({ deliverables: [deliverable({ title: tricky })] }));
    expect(text).toContain('SUMMARY:Due: Reel\\; part 1\\, "BIG" \\\\ launch\\nline two');
  });

  it('describes the deal, the fee and the risk in the deal currency', () => {
    const events = parse(
      buildCalendar(
        feed({
          deliverables: [
            deliverable({
              currency: 'JPY',
              fee: 150000n,
              risk: {
                level: 'DELAYED',
                delayed: 150000n,
                lost: 0n,
                suggestedSlot: utc('2030-03-05T17:20:00Z'),
                suggestedPlatform: 'instagram',
                provisional: false,
                explanation: 'Instagram was down 15:00–17:20 UTC.',
              },
            }),
          ],
        }),
      ),
    );
    const slot = events.get(slotUid(deliverable().id))!;
    expect(slot.summary).toBe('[DELAYED] Launch reel (REEL on instagram)');
    expect(slot.description.split('\n')).toEqual([
      'Deal: Spring launch (Acme)',
      'REEL on instagram, FLEXIBLE',
      'Slot: 2030-03-05T16:00:00Z for 30 min',
      'Deadline: 2030-03-05T18:00:00Z',
      // JPY has no minor unit
      'Fee: 150000 JPY',
      'Status: PLANNED',
      'Risk: DELAYED',
      'Delayed: 150000 JPY; lost: 0 JPY',
      'Suggested slot: 2030-03-05T17:20:00Z on instagram',
      'Instagram was down 15:00–17:20 UTC.',
    ]);
  });

  it('adds outages as events, up to now while they are ongoing', () => {
    const ended = outage();
    const ongoing = outage({
      id: '44444444-4444-4444-8444-444444444444',
      title: 'Threads slow',
      startsAt: utc('2030-03-01T10:00:00Z'),
      endsAt: null,
      severity: 'PARTIAL',
      degradationBps: 2500,
      platforms: ['threads'],
      hits: ['A', 'B'],
    });
    const events = parse(buildCalendar(feed({ outages: [ended, ongoing] })));
    const first = events.get(outageUid(ended.id))!;
    expect(instant(first.startDate)).toBe('2030-03-05T15:00:00.000Z');
    expect(instant(first.endDate)).toBe('2030-03-05T17:20:00.000Z');
    expect(first.summary).toBe('Outage: Meta outage');
    expect(first.description).toContain('Platforms: meta');
    expect(first.description).toContain('Hits: Launch reel');
    const second = events.get(outageUid(ongoing.id))!;
    expect(instant(second.endDate)).toBe(NOW.toISOString());
    expect(second.summary).toBe('Outage (ongoing): Threads slow');
    expect(second.description).toContain('Severity: PARTIAL (25 % degraded)');
    // An ongoing outage that starts later than now still shows as a marker.
    const future = parse(
      buildCalendar(feed({ outages: [{ ...ongoing, startsAt: utc('2030-03-02T00:00:00Z') }] })),
    ).get(outageUid(ongoing.id))!;
    expect(future.duration.toSeconds()).toBe(MARKER_MINUTES * 60);
  });

  it('gives the same text for the same data, whatever order it comes in', () => {
    const items = [0, 1, 2, 3, 4].map((n) =>
      deliverable({
        id: `0000000${n}-0000-4000-8000-000000000000`,
        title: `Post ${n}`,
        scheduledAt: utc(`2030-03-0${5 - (n % 3)}T1${n}:00:00Z`),
        dueAt: utc(`2030-03-0${6 + (n % 2)}T10:00:00Z`),
      }),
    );
    const reference = buildCalendar(feed({ deliverables: items }));
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: 5, maxLength: 5 }), (shuffled) => {
        expect(buildCalendar(feed({ deliverables: shuffled }))).toBe(reference);
      }),
      { numRuns: 50 },
    );
    // Events come sorted by start.
    const starts = [...parse(reference).values()].map((event) => instant(event.startDate));
    expect(starts).toEqual([...starts].sort());
  });
});

describe('payment-due events', () => {
  it('puts what is owed on its due date, as a free marker block with a UID per due date', () => {
    const due = payment();
    const text = buildCalendar(feed({ deliverables: [], payments: [due] }));
    const events = parse(text);
    const uid = 'payment-11111111-1111-4111-8111-111111111111-20300404T160000Z@deal-ledger';
    expect(paymentUid(due.id, due.dueAt)).toBe(uid);
    expect([...events.keys()]).toEqual([uid]);
    const event = events.get(uid)!;
    expect(instant(event.startDate)).toBe('2030-04-04T16:00:00.000Z');
    expect(event.duration.toSeconds()).toBe(MARKER_MINUTES * 60);
    expect(event.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    // 95 000 minor units of USD
    expect(event.summary).toBe('Payment due: 950.00 USD from Acme — Spring launch');
    expect(event.description.split('\n')).toEqual([
      'Deal: Spring launch (Acme)',
      'For: Launch reel',
      'Due: 2030-04-04T16:00:00Z',
      'Owed: 950.00 USD; paid: 0.00 USD; open: 950.00 USD',
      'Status: DUE',
    ]);
    expect(event.component.getAllSubcomponents('valarm')).toHaveLength(0);
    expect(text).toMatch(/^DTSTART:20300404T160000Z\r$/m);
    // A moved due date is another event: the old UID leaves the feed.
    expect(paymentUid(due.id, utc('2030-04-05T16:00:00Z'))).not.toBe(uid);
  });

  it('flags an overdue payment and says how late it is; a brand pays to the creator', () => {
    const late = payment({
      direction: 'OUT',
      counterparty: 'Maya',
      status: 'PARTIALLY_PAID',
      paid: 25000n,
      open: 70000n,
      daysOverdue: 3,
    });
    const event = parse(buildCalendar(feed({ deliverables: [], payments: [late] }))).get(
      paymentUid(late.id, late.dueAt),
    )!;
    // Open: 950.00 − 250.00 = 700.00
    expect(event.summary).toBe('[OVERDUE] Payment due: 700.00 USD to Maya — Spring launch');
    expect(event.description).toContain('Owed: 950.00 USD; paid: 250.00 USD; open: 700.00 USD');
    expect(event.description).toContain('Status: PARTIALLY_PAID (3 days overdue)');
    expect(
      paymentSummary({ ...late, daysOverdue: 1, status: 'OVERDUE', paid: 0n, open: 95000n }),
    ).toBe('[OVERDUE] Payment due: 950.00 USD to Maya — Spring launch');
  });

  it('names a deposit, and says a planned post only has a forecast due date', () => {
    const deposit = payment({
      id: 'deposit:22222222-2222-4222-8222-222222222222',
      kind: 'DEPOSIT',
      title: null,
      currency: 'JPY',
      owed: 30000n,
      open: 30000n,
    });
    const planned = payment({ status: 'NOT_DUE', dueAt: utc('2030-04-10T16:00:00Z') });
    const events = parse(buildCalendar(feed({ payments: [planned, deposit] })));
    const depositEvent = events.get(paymentUid(deposit.id, deposit.dueAt))!;
    // JPY has no minor unit
    expect(depositEvent.summary).toBe('Payment due: 30000 JPY from Acme — Spring launch');
    expect(depositEvent.description).toContain('For: the deposit');
    expect(events.get(paymentUid(planned.id, planned.dueAt))!.description).toContain(
      'Status: NOT_DUE (not posted yet: the due date is a forecast)',
    );
    // Alongside the deliverable's own two events, in start order.
    expect([...events.keys()]).toEqual([
      slotUid(deliverable().id),
      deadlineUid(deliverable().id),
      paymentUid(deposit.id, deposit.dueAt),
      paymentUid(planned.id, planned.dueAt),
    ]);
  });
});

describe('riskLines', () => {
  it('says ON_TRACK without a risk, and marks a provisional one', () => {
    expect(riskLines(null, 'USD')).toEqual(['Risk: ON_TRACK']);
    expect(
      riskLines(
        {
          level: 'LOST',
          delayed: 0n,
          lost: 123456n,
          suggestedSlot: null,
          suggestedPlatform: null,
          provisional: true,
          explanation: null,
        },
        'KWD',
      ),
    ).toEqual([
      'Risk: LOST (provisional: an outage behind it is not over)',
      // KWD has three decimals
      'Delayed: 0.000 KWD; lost: 123.456 KWD',
    ]);
  });
});

describe('formatLead', () => {
  it.each([
    [1440, '1 d'],
    [2880, '2 d'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [0, '0 min'],
    [1505, '1 d 1 h 5 min'],
    [1450, '1 d 10 min'],
  ])('%i minutes → %s', (minutes, text) => {
    expect(formatLead(minutes)).toBe(text);
  });
});
