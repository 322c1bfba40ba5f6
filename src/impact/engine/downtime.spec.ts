import {
  downtimeCluster,
  effectiveWindow,
  isHit,
  isOpenEnded,
  isProvisional,
  isPlatformUpDuring,
  mergedDowntimeWindow,
  slotOf,
  slotOverlapsWindow,
} from './downtime';
import { affectedPlatformIds } from './platform-graph';
import { EDGES, deliverable, outage, pid, utc } from './engine.fixtures';

const w = (start: string, end: string) => ({ start: utc(start), end: utc(end) });
const AS_OF = utc('2024-03-06T00:00:00Z');

describe('windows and slots', () => {
  it('an ongoing outage runs to asOf; one starting later is empty', () => {
    expect(
      effectiveWindow(
        { startsAt: utc('2024-03-05T15:00:00Z'), endsAt: null },
        utc('2024-03-05T16:00:00Z'),
      ),
    ).toEqual(w('2024-03-05T15:00:00Z', '2024-03-05T16:00:00Z'));
    expect(
      effectiveWindow(
        { startsAt: utc('2024-03-05T15:00:00Z'), endsAt: null },
        utc('2024-03-05T14:00:00Z'),
      ),
    ).toEqual(w('2024-03-05T15:00:00Z', '2024-03-05T15:00:00Z'));
    // a known end is kept even when it is after asOf (a scheduled maintenance)
    expect(
      effectiveWindow(
        { startsAt: utc('2024-03-05T15:00:00Z'), endsAt: utc('2024-03-07T00:00:00Z') },
        AS_OF,
      ).end,
    ).toEqual(utc('2024-03-07T00:00:00Z'));
  });

  it('provisional means "not over by asOf": open-ended, or recorded to end after asOf', () => {
    const asOf = utc('2024-03-05T18:00:00Z');
    const at = (startsAt: string, endsAt: string | null) => ({
      startsAt: utc(startsAt),
      endsAt: endsAt ? utc(endsAt) : null,
    });
    expect(isProvisional(at('2024-03-05T12:00:00Z', null), asOf)).toBe(true); // open-ended
    expect(isProvisional(at('2024-03-05T12:00:00Z', '2024-03-06T00:00:00Z'), asOf)).toBe(true); // ends 24:00 > 18:00
    expect(isProvisional(at('2024-03-05T19:00:00Z', '2024-03-05T20:00:00Z'), asOf)).toBe(true); // not started yet
    expect(isProvisional(at('2024-03-05T12:00:00Z', '2024-03-05T18:00:00Z'), asOf)).toBe(false); // ends exactly at asOf
    expect(isProvisional(at('2024-03-05T12:00:00Z', '2024-03-05T17:59:00Z'), asOf)).toBe(false);
    expect(isOpenEnded(at('2024-03-05T12:00:00Z', null))).toBe(true);
    expect(isOpenEnded(at('2024-03-05T12:00:00Z', '2024-03-06T00:00:00Z'))).toBe(false);
  });

  it('a merged downtime is provisional when any member is; cut at asOf only when open-ended', () => {
    const asOf = utc('2024-03-05T18:00:00Z');
    const first = outage({
      startsAt: utc('2024-03-05T12:00:00Z'),
      endsAt: utc('2024-03-05T15:00:00Z'),
    });
    const recorded = outage({
      startsAt: utc('2024-03-05T15:00:00Z'),
      endsAt: utc('2024-03-06T00:00:00Z'),
    });
    const around = utc('2024-03-05T13:00:00Z');
    expect(downtimeCluster(pid('instagram'), around, [first, recorded], EDGES, asOf)).toEqual({
      window: w('2024-03-05T12:00:00Z', '2024-03-06T00:00:00Z'),
      outageIds: [first.id, recorded.id],
      provisional: true,
      cutAtAsOf: false,
    });
    const open = { ...recorded, endsAt: null };
    expect(downtimeCluster(pid('instagram'), around, [first, open], EDGES, asOf)).toMatchObject({
      window: w('2024-03-05T12:00:00Z', '2024-03-05T18:00:00Z'),
      provisional: true,
      cutAtAsOf: true,
    });
    expect(downtimeCluster(pid('instagram'), around, [first], EDGES, asOf)).toMatchObject({
      provisional: false,
      cutAtAsOf: false,
    });
  });

  it('a slot is [scheduledAt, +duration); duration 0 is an instant', () => {
    expect(slotOf({ scheduledAt: utc('2024-03-05T14:30:00Z'), durationMinutes: 60 })).toEqual(
      w('2024-03-05T14:30:00Z', '2024-03-05T15:30:00Z'),
    );
    expect(slotOf({ scheduledAt: utc('2024-03-05T14:30:00Z'), durationMinutes: 0 })).toEqual(
      w('2024-03-05T14:30:00Z', '2024-03-05T14:30:00Z'),
    );
  });

  it.each([
    // instant slots: start ≤ t < end
    ['15:00', '15:00', true],
    ['17:20', '17:20', false],
    ['14:59', '14:59', false],
    // slots with length: each starts before the other ends
    ['14:30', '15:00', false], // touches the start
    ['17:20', '17:50', false], // touches the end
    ['14:30', '15:01', true],
    ['17:19', '17:50', true],
    ['14:00', '18:00', true],
  ])('slot %s–%s overlaps 15:00–17:20: %s', (start, end, expected) => {
    const slot = w(`2024-03-05T${start}:00Z`, `2024-03-05T${end}:00Z`);
    expect(slotOverlapsWindow(slot, w('2024-03-05T15:00:00Z', '2024-03-05T17:20:00Z'))).toBe(
      expected,
    );
  });

  it('an empty window overlaps nothing', () => {
    const empty = w('2024-03-05T15:00:00Z', '2024-03-05T15:00:00Z');
    expect(slotOverlapsWindow(empty, empty)).toBe(false);
    expect(slotOverlapsWindow(w('2024-03-05T14:00:00Z', '2024-03-05T16:00:00Z'), empty)).toBe(
      false,
    );
  });
});

describe('isHit', () => {
  const o = outage();
  const affected = new Set(affectedPlatformIds(o.platformIds, EDGES));

  it('needs an ACTIVE deal, a PLANNED post, an affected platform and an overlapping slot', () => {
    expect(isHit(deliverable(), o, AS_OF, affected)).toBe(true);
    expect(isHit(deliverable(), o, AS_OF, [...affected])).toBe(true); // array form
    expect(isHit(deliverable({ deal: { status: 'DRAFT' } }), o, AS_OF, affected)).toBe(false);
    expect(isHit(deliverable({ status: 'POSTED' }), o, AS_OF, affected)).toBe(false);
    expect(isHit(deliverable({ slug: 'youtube' }), o, AS_OF, affected)).toBe(false);
    expect(
      isHit(deliverable({ scheduledAt: utc('2024-03-05T17:20:00Z') }), o, AS_OF, affected),
    ).toBe(false);
  });

  it('an ongoing outage hits only up to asOf', () => {
    const ongoing = outage({ endsAt: null });
    const at1610 = deliverable({ scheduledAt: utc('2024-03-05T16:10:00Z') });
    expect(isHit(at1610, ongoing, utc('2024-03-05T16:10:00Z'), affected)).toBe(false);
    expect(isHit(at1610, ongoing, utc('2024-03-05T16:10:00.001Z'), affected)).toBe(true);
  });
});

describe('mergedDowntimeWindow', () => {
  const metaDown = outage({
    startsAt: utc('2024-03-05T15:00:00Z'),
    endsAt: utc('2024-03-05T17:20:00Z'),
  });
  const instagramAfter = outage({
    slugs: ['instagram'],
    startsAt: utc('2024-03-05T17:20:00Z'),
    endsAt: utc('2024-03-05T18:00:00Z'),
  });
  const instagramBefore = outage({
    slugs: ['instagram'],
    startsAt: utc('2024-03-05T14:00:00Z'),
    endsAt: utc('2024-03-05T15:30:00Z'),
  });
  const instagramLater = outage({
    slugs: ['instagram'],
    startsAt: utc('2024-03-05T20:00:00Z'),
    endsAt: utc('2024-03-05T21:00:00Z'),
  });
  const all = [instagramLater, metaDown, instagramAfter, instagramBefore]; // order must not matter

  it('merges touching and overlapping FULL outages through the graph', () => {
    expect(
      mergedDowntimeWindow(pid('instagram'), utc('2024-03-05T16:00:00Z'), all, EDGES, AS_OF),
    ).toEqual(w('2024-03-05T14:00:00Z', '2024-03-05T18:00:00Z'));
    // any instant inside gives the same window; the end itself is free
    expect(
      mergedDowntimeWindow(pid('instagram'), utc('2024-03-05T14:00:00Z'), all, EDGES, AS_OF),
    ).toEqual(w('2024-03-05T14:00:00Z', '2024-03-05T18:00:00Z'));
    expect(
      mergedDowntimeWindow(pid('instagram'), utc('2024-03-05T18:00:00Z'), all, EDGES, AS_OF),
    ).toBeNull();
    expect(
      mergedDowntimeWindow(pid('instagram'), utc('2024-03-05T20:30:00Z'), all, EDGES, AS_OF),
    ).toEqual(w('2024-03-05T20:00:00Z', '2024-03-05T21:00:00Z'));
  });

  it('only counts outages that reach the platform', () => {
    // facebook sees meta only
    expect(
      mergedDowntimeWindow(pid('facebook'), utc('2024-03-05T16:00:00Z'), all, EDGES, AS_OF),
    ).toEqual(w('2024-03-05T15:00:00Z', '2024-03-05T17:20:00Z'));
    expect(
      mergedDowntimeWindow(pid('meta'), utc('2024-03-05T14:30:00Z'), all, EDGES, AS_OF),
    ).toBeNull();
  });

  it('ignores PARTIAL outages', () => {
    const partial = outage({
      severity: 'PARTIAL',
      degradationBps: 5000,
      startsAt: utc('2024-03-05T17:20:00Z'),
      endsAt: utc('2024-03-05T19:00:00Z'),
    });
    expect(
      mergedDowntimeWindow(
        pid('facebook'),
        utc('2024-03-05T16:00:00Z'),
        [metaDown, partial],
        EDGES,
        AS_OF,
      ),
    ).toEqual(w('2024-03-05T15:00:00Z', '2024-03-05T17:20:00Z'));
  });

  it('counts an ongoing outage up to asOf', () => {
    const ongoing = outage({
      slugs: ['instagram'],
      startsAt: utc('2024-03-05T17:00:00Z'),
      endsAt: null,
    });
    expect(
      mergedDowntimeWindow(
        pid('instagram'),
        utc('2024-03-05T16:00:00Z'),
        [metaDown, ongoing],
        EDGES,
        utc('2024-03-05T19:00:00Z'),
      ),
    ).toEqual(w('2024-03-05T15:00:00Z', '2024-03-05T19:00:00Z'));
  });

  it('isPlatformUpDuring answers for a slot', () => {
    expect(
      isPlatformUpDuring(
        pid('youtube'),
        w('2024-03-05T16:00:00Z', '2024-03-05T16:30:00Z'),
        all,
        EDGES,
        AS_OF,
      ),
    ).toBe(true);
    expect(
      isPlatformUpDuring(
        pid('threads'),
        w('2024-03-05T16:00:00Z', '2024-03-05T16:30:00Z'),
        all,
        EDGES,
        AS_OF,
      ),
    ).toBe(false);
    expect(
      isPlatformUpDuring(
        pid('threads'),
        w('2024-03-05T17:20:00Z', '2024-03-05T17:20:00Z'),
        all,
        EDGES,
        AS_OF,
      ),
    ).toBe(true);
  });
});
