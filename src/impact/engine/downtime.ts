import { addMinutes } from 'date-fns';
import { MS_PER_MINUTE } from '../../common/time/durations';
import { outageAffectsPlatform } from './platform-graph';
import type { Deliverable, Id, Outage, OutageWindow, PlatformEdge, TimeWindow } from './types';

/**
 * The one window an outage counts for, for deliverables, platform income and totals alike: the
 * RECORDED window [startsAt, endsAt) — even when endsAt (or startsAt) lies after asOf — or, for
 * an open-ended outage (`endsAt` null), [startsAt, asOf). Never inverted: an open-ended outage
 * starting after asOf is empty. Whether the answer may still move is {@link isProvisional}.
 */
export function effectiveWindow(outage: OutageWindow, asOf: Date): TimeWindow {
  const end = outage.endsAt ?? asOf;
  return { start: outage.startsAt, end: end < outage.startsAt ? outage.startsAt : end };
}

/** No recorded end (`endsAt` null): {@link effectiveWindow} cuts it at asOf. */
export function isOpenEnded(outage: OutageWindow): boolean {
  return outage.endsAt === null;
}

/**
 * The one rule for `provisional`: the outage was not over by asOf — open-ended, or recorded to
 * end after asOf (which includes one that has not started yet). Anything computed from it may
 * change when recomputed later. An outage ending exactly at asOf is final.
 */
export function isProvisional(outage: OutageWindow, asOf: Date): boolean {
  return outage.endsAt === null || outage.endsAt > asOf;
}

/**
 * A deliverable's slot: [scheduledAt, scheduledAt + durationMinutes). With duration 0 the slot is
 * the instant scheduledAt, returned as an empty window (start = end).
 */
export function slotOf(
  deliverable: Pick<Deliverable, 'scheduledAt' | 'durationMinutes'>,
): TimeWindow {
  return {
    start: deliverable.scheduledAt,
    end: addMinutes(deliverable.scheduledAt, Math.max(0, deliverable.durationMinutes)),
  };
}

/**
 * Half-open overlap of a slot with a window. An instant slot (start = end) overlaps when
 * window.start ≤ t < window.end; a slot with length when each starts before the other ends.
 * An empty window overlaps nothing, so touching windows never count.
 */
export function slotOverlapsWindow(slot: TimeWindow, window: TimeWindow): boolean {
  const s = slot.start.getTime();
  const e = slot.end.getTime();
  const ws = window.start.getTime();
  const we = window.end.getTime();
  if (ws >= we) return false;
  if (s >= e) return ws <= s && s < we;
  return s < we && ws < e;
}

/** Length of a window in minutes (fractional when it carries seconds); 0 for an empty window. */
export function windowMinutes(window: TimeWindow): number {
  return Math.max(0, window.end.getTime() - window.start.getTime()) / MS_PER_MINUTE;
}

/**
 * Rule 2 — is the deliverable hit by an outage? Its deal is ACTIVE, it is PLANNED, its platform is
 * in `affectedPlatformIds` (from `affectedPlatformIds()`), and its slot overlaps the outage
 * window ({@link effectiveWindow}: as recorded, an open-ended outage up to `asOf`). All windows half-open: a post exactly at
 * `startsAt` is hit, one exactly at `endsAt` is not.
 */
export function isHit(
  deliverable: Pick<
    Deliverable,
    'scheduledAt' | 'durationMinutes' | 'platformId' | 'status' | 'deal'
  >,
  outageWindow: OutageWindow,
  asOf: Date,
  affectedPlatformIds: ReadonlySet<Id> | readonly Id[],
): boolean {
  if (deliverable.deal.status !== 'ACTIVE' || deliverable.status !== 'PLANNED') return false;
  const affected =
    affectedPlatformIds instanceof Set
      ? affectedPlatformIds.has(deliverable.platformId)
      : (affectedPlatformIds as readonly Id[]).includes(deliverable.platformId);
  if (!affected) return false;
  return slotOverlapsWindow(slotOf(deliverable), effectiveWindow(outageWindow, asOf));
}

/** Merged downtime plus the outages that make it up. */
export interface DowntimeCluster {
  readonly window: TimeWindow;
  readonly outageIds: readonly Id[];
  /** One of the merged outages is {@link isProvisional}: the window may still change. */
  readonly provisional: boolean;
  /** The window's end is asOf because an open-ended outage was cut there. */
  readonly cutAtAsOf: boolean;
}

/**
 * The platform's whole FULL downtime around an instant: FULL outages that take `platformId` down
 * (directly or through the graph), each counted per {@link effectiveWindow}, merged when they
 * overlap or touch (one ends exactly when the next starts). Returns the merged window containing
 * `aroundInstant` (start ≤ t < end), or null when the platform is not under a FULL outage then.
 * PARTIAL outages never count as downtime.
 */
export function mergedDowntimeWindow(
  platformId: Id,
  aroundInstant: Date,
  outages: readonly Outage[],
  edges: readonly PlatformEdge[],
  asOf: Date,
): TimeWindow | null {
  return downtimeCluster(platformId, aroundInstant, outages, edges, asOf)?.window ?? null;
}

/** {@link mergedDowntimeWindow} with the outages behind it. */
export function downtimeCluster(
  platformId: Id,
  aroundInstant: Date,
  outages: readonly Outage[],
  edges: readonly PlatformEdge[],
  asOf: Date,
): DowntimeCluster | null {
  const windows = outages
    .filter((o) => o.severity === 'FULL' && outageAffectsPlatform(o.platformIds, platformId, edges))
    .map((outage) => {
      const w = effectiveWindow(outage, asOf);
      return { outage, start: w.start.getTime(), end: w.end.getTime() };
    })
    .filter((w) => w.start < w.end)
    .sort((a, b) => a.start - b.start);
  const t = aroundInstant.getTime();
  let i = 0;
  while (i < windows.length && windows[i].start <= t) {
    const start = windows[i].start;
    let end = windows[i].end;
    const members = [windows[i].outage];
    let j = i + 1;
    // `<=` merges touching windows: there is no free instant between them.
    while (j < windows.length && windows[j].start <= end) {
      end = Math.max(end, windows[j].end);
      members.push(windows[j].outage);
      j++;
    }
    if (t < end) {
      return {
        window: { start: new Date(start), end: new Date(end) },
        outageIds: members.map((o) => o.id),
        provisional: members.some((o) => isProvisional(o, asOf)),
        cutAtAsOf: end === asOf.getTime() && members.some(isOpenEnded),
      };
    }
    i = j;
  }
  return null;
}

/**
 * True when no FULL outage takes `platformId` down at any point of `slot` (see
 * {@link slotOverlapsWindow}); used to decide whether an alternate platform can take a post.
 */
export function isPlatformUpDuring(
  platformId: Id,
  slot: TimeWindow,
  outages: readonly Outage[],
  edges: readonly PlatformEdge[],
  asOf: Date,
): boolean {
  return !outages.some(
    (o) =>
      o.severity === 'FULL' &&
      outageAffectsPlatform(o.platformIds, platformId, edges) &&
      slotOverlapsWindow(slot, effectiveWindow(o, asOf)),
  );
}
