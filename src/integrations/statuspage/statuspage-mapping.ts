/**
 * From Statuspage incidents to outages: which platforms an incident hits, over which window, how
 * badly, and what that changes against the outages already imported. Pure: no framework, no
 * database, no clock.
 */
import {
  MAINTENANCE_STATUSES,
  type ComponentStatus,
  type ComponentTransition,
  type StatuspageIncident,
} from './statuspage-document';

export type PlannedSeverity = 'FULL' | 'PARTIAL';

export const FULL_BPS = 10_000;
export const MAX_TITLE_LENGTH = 300;

export const SKIP_REASONS = [
  'MAINTENANCE',
  'NO_IMPACT',
  'NO_MAPPED_COMPONENTS',
  'EMPTY_WINDOW',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface FeedMapping {
  /** Component name, lower-cased and trimmed (see {@link componentKey}) → platform slug. */
  platforms: ReadonlyMap<string, string>;
  /** Degradation of a PARTIAL outage, 1–9 999 bps. */
  partialDegradationBps: number;
}

/** One outage per (incident, platform): windows can differ between platforms. */
export interface PlannedOutage {
  incidentId: string;
  incidentName: string;
  platformSlug: string;
  /** `<incident id>:<platform slug>`, unique within the feed's source. */
  externalId: string;
  title: string;
  startsAt: Date;
  /** Null while the platform is still down. */
  endsAt: Date | null;
  severity: PlannedSeverity;
  degradationBps: number;
}

export interface SkippedIncident {
  incidentId: string;
  incidentName: string;
  /** Null when the whole incident is skipped; else the one platform left out. */
  platformSlug: string | null;
  reason: SkipReason;
  message: string;
}

export interface IncidentPlan {
  outages: PlannedOutage[];
  skipped: SkippedIncident[];
  /** Component names of the incident that the feed does not map, as first written. */
  unmapped: string[];
}

/** How component names are compared: trimmed, case-insensitive. */
export function componentKey(name: string): string {
  return name.trim().toLowerCase();
}

const DOWN_RANK: Partial<Record<ComponentStatus, number>> = {
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};

function isDown(status: ComponentStatus): boolean {
  return DOWN_RANK[status] !== undefined;
}

export function externalIdFor(incidentId: string, platformSlug: string): string {
  return `${incidentId}:${platformSlug}`;
}

function titleOf(incident: StatuspageIncident): string {
  const title = incident.name || `Statuspage incident ${incident.id}`;
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

interface TimedTransition extends ComponentTransition {
  at: Date;
}

/**
 * The outages one incident implies for the feed's mapped platforms.
 *
 * - A scheduled maintenance (impact `maintenance` or a maintenance status) is skipped whole.
 * - Components come from `components[]` and from every update's `affected_components`; names
 *   the feed does not map are returned in `unmapped`, never guessed. No mapped component: skipped.
 * - A platform whose components appear in updates' `affected_components` gets the window those
 *   transitions show: from the first update where one of its components leaves `operational` to
 *   the update where all are back (else `resolved_at`, else open); a component whose first
 *   `old_status` is already down counts as down from the incident's start. The worst status seen
 *   decides: `major_outage` → FULL, `partial_outage`/`degraded_performance` → PARTIAL; only
 *   `under_maintenance` → skipped (MAINTENANCE); never down → skipped (NO_IMPACT).
 * - Any other mapped platform gets the incident's window (`started_at`, else `created_at`, to
 *   `resolved_at`) and its impact: critical/major → FULL, minor → PARTIAL, none → skipped.
 * - A window that does not end after it starts is skipped (EMPTY_WINDOW).
 * Updates are sorted by `display_at` first, so their order in the document does not matter.
 */
export function planIncident(incident: StatuspageIncident, mapping: FeedMapping): IncidentPlan {
  const skip = (reason: SkipReason, message: string, platformSlug: string | null = null) => ({
    incidentId: incident.id,
    incidentName: incident.name,
    platformSlug,
    reason,
    message,
  });
  if (
    incident.impact === 'maintenance' ||
    (MAINTENANCE_STATUSES as readonly string[]).includes(incident.status)
  ) {
    return {
      outages: [],
      skipped: [skip('MAINTENANCE', 'Scheduled maintenance, not an outage')],
      unmapped: [],
    };
  }

  const transitions: TimedTransition[] = incident.updates
    .flatMap((update) =>
      (update.affectedComponents ?? []).map((transition) => ({
        ...transition,
        at: update.displayAt,
      })),
    )
    .sort(compareTransitions);
  const names = [...incident.componentNames, ...transitions.map((transition) => transition.name)];
  const unmapped = new Map<string, string>();
  const platformSlugs = new Set<string>();
  for (const name of names) {
    const slug = mapping.platforms.get(componentKey(name));
    if (slug) platformSlugs.add(slug);
    else if (!unmapped.has(componentKey(name))) unmapped.set(componentKey(name), name);
  }
  const unmappedNames = [...unmapped.values()];
  if (platformSlugs.size === 0) {
    const message =
      names.length === 0
        ? 'The incident names no components'
        : `None of its components is mapped to a platform: ${unmappedNames.join(', ')}`;
    return {
      outages: [],
      skipped: [skip('NO_MAPPED_COMPONENTS', message)],
      unmapped: unmappedNames,
    };
  }

  const incidentStart = incident.startedAt ?? incident.createdAt;
  const outages: PlannedOutage[] = [];
  const skipped: SkippedIncident[] = [];
  for (const slug of [...platformSlugs].sort()) {
    const own = transitions.filter(
      (transition) => mapping.platforms.get(componentKey(transition.name)) === slug,
    );
    const window =
      own.length > 0
        ? windowFromTransitions(own, incidentStart, incident.resolvedAt)
        : windowFromImpact(incident, incidentStart);
    if (window.kind === 'skip') {
      skipped.push(skip(window.reason, window.message, slug));
      continue;
    }
    if (window.endsAt && window.endsAt <= window.startsAt) {
      skipped.push(
        skip(
          'EMPTY_WINDOW',
          `Ends (${window.endsAt.toISOString()}) no later than it starts (${window.startsAt.toISOString()})`,
          slug,
        ),
      );
      continue;
    }
    outages.push({
      incidentId: incident.id,
      incidentName: incident.name,
      platformSlug: slug,
      externalId: externalIdFor(incident.id, slug),
      title: titleOf(incident),
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      severity: window.severity,
      degradationBps: window.severity === 'FULL' ? FULL_BPS : mapping.partialDegradationBps,
    });
  }
  return { outages, skipped, unmapped: unmappedNames };
}

type Window =
  | { kind: 'window'; startsAt: Date; endsAt: Date | null; severity: PlannedSeverity }
  | { kind: 'skip'; reason: SkipReason; message: string };

function windowFromImpact(incident: StatuspageIncident, startsAt: Date): Window {
  switch (incident.impact) {
    case 'critical':
    case 'major':
      return { kind: 'window', startsAt, endsAt: incident.resolvedAt, severity: 'FULL' };
    case 'minor':
      return { kind: 'window', startsAt, endsAt: incident.resolvedAt, severity: 'PARTIAL' };
    case 'none':
      return { kind: 'skip', reason: 'NO_IMPACT', message: 'Impact none' };
    case 'maintenance':
      return { kind: 'skip', reason: 'MAINTENANCE', message: 'Scheduled maintenance' };
  }
}

/** Sorted: by time, then name, then status, so equal times still give one answer. */
function compareTransitions(a: TimedTransition, b: TimedTransition): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    compareText(componentKey(a.name), componentKey(b.name)) ||
    (DOWN_RANK[a.newStatus] ?? 0) - (DOWN_RANK[b.newStatus] ?? 0) ||
    compareText(a.newStatus, b.newStatus) ||
    compareText(a.oldStatus ?? '', b.oldStatus ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function windowFromTransitions(
  transitions: TimedTransition[],
  incidentStart: Date,
  resolvedAt: Date | null,
): Window {
  const state = new Map<string, ComponentStatus>();
  let worst = 0;
  let maintenance = false;
  const note = (status: ComponentStatus) => {
    worst = Math.max(worst, DOWN_RANK[status] ?? 0);
    if (status === 'under_maintenance') maintenance = true;
  };
  // Each component starts in the old_status of its first transition (operational if not given).
  for (const transition of transitions) {
    const key = componentKey(transition.name);
    if (!state.has(key)) {
      const initial = transition.oldStatus ?? 'operational';
      state.set(key, initial);
      note(initial);
    }
  }
  const anyDown = () => [...state.values()].some(isDown);
  let startsAt: Date | null = null;
  if (anyDown()) {
    startsAt = incidentStart <= transitions[0].at ? incidentStart : transitions[0].at;
  }
  let lastReturn: Date | null = null;
  for (const transition of transitions) {
    const wasDown = anyDown();
    state.set(componentKey(transition.name), transition.newStatus);
    note(transition.newStatus);
    const down = anyDown();
    if (!wasDown && down && startsAt === null) startsAt = transition.at;
    if (wasDown && !down) lastReturn = transition.at;
  }
  if (startsAt === null) {
    return maintenance
      ? {
          kind: 'skip',
          reason: 'MAINTENANCE',
          message: 'Its components were only under maintenance',
        }
      : { kind: 'skip', reason: 'NO_IMPACT', message: 'Its components stayed operational' };
  }
  const endsAt = anyDown() ? resolvedAt : lastReturn;
  return { kind: 'window', startsAt, endsAt, severity: worst >= 3 ? 'FULL' : 'PARTIAL' };
}

/** Plans every incident of a document; unmapped names once each, in order of appearance. */
export function planImport(incidents: StatuspageIncident[], mapping: FeedMapping): IncidentPlan {
  const outages: PlannedOutage[] = [];
  const skipped: SkippedIncident[] = [];
  const unmapped = new Map<string, string>();
  for (const incident of incidents) {
    const plan = planIncident(incident, mapping);
    outages.push(...plan.outages);
    skipped.push(...plan.skipped);
    for (const name of plan.unmapped) {
      if (!unmapped.has(componentKey(name))) unmapped.set(componentKey(name), name);
    }
  }
  return { outages, skipped, unmapped: [...unmapped.values()] };
}

/** The fields of a stored outage that an import compares and writes. */
export interface OutageFields {
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  severity: PlannedSeverity;
  degradationBps: number;
}

export interface ExistingOutage extends OutageFields {
  id: string;
  externalId: string;
  version: number;
}

export const COMPARED_FIELDS = [
  'title',
  'startsAt',
  'endsAt',
  'severity',
  'degradationBps',
] as const satisfies ReadonlyArray<keyof OutageFields>;

export type Decision =
  | { action: 'create'; planned: PlannedOutage; next: OutageFields }
  | { action: 'unchanged'; planned: PlannedOutage; existing: ExistingOutage }
  | {
      action: 'update';
      planned: PlannedOutage;
      existing: ExistingOutage;
      next: OutageFields;
      changedFields: Array<keyof OutageFields>;
      /** The update ends an outage that was open. */
      ends: boolean;
    };

function sameValue(a: OutageFields[keyof OutageFields], b: OutageFields[keyof OutageFields]) {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * What to do with a planned outage given the one already imported for the same (feed, incident,
 * platform), if any. The document wins on every compared field, except that an import never turns
 * an ended outage back into an open one (a stale copy of the feed, read by another instance a
 * moment earlier, must not undo a resolution): the existing end is kept then.
 */
export function decide(planned: PlannedOutage, existing: ExistingOutage | undefined): Decision {
  const next: OutageFields = {
    title: planned.title,
    startsAt: planned.startsAt,
    endsAt: planned.endsAt,
    severity: planned.severity,
    degradationBps: planned.degradationBps,
  };
  if (!existing) return { action: 'create', planned, next };
  if (next.endsAt === null && existing.endsAt !== null) {
    next.endsAt = existing.endsAt.getTime() > next.startsAt.getTime() ? existing.endsAt : null;
  }
  const changedFields = COMPARED_FIELDS.filter((field) => !sameValue(next[field], existing[field]));
  if (changedFields.length === 0) return { action: 'unchanged', planned, existing };
  return {
    action: 'update',
    planned,
    existing,
    next,
    changedFields,
    ends: existing.endsAt === null && next.endsAt !== null,
  };
}
