import { parseInstant } from '../../common/time/instant';
import { textProblem } from '../../common/validation/text';

/**
 * Reading an Atlassian Statuspage v2 document (`/api/v2/incidents.json` or `summary.json`, both
 * `{ page, incidents: [...] }`) into plain incidents. Pure: no framework, no database, no clock.
 * Only the fields the importer uses are checked; anything else in the document is ignored.
 */

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
/** Scheduled maintenances share the incident shape; they are read, then skipped. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type IncidentStatus =
  (typeof INCIDENT_STATUSES)[number] | (typeof MAINTENANCE_STATUSES)[number];

export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export interface ComponentTransition {
  name: string;
  /** Null when the feed leaves it out. */
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
}

export interface IncidentUpdate {
  displayAt: Date;
  /** Null when the update did not touch component statuses (the feed sends `null`). */
  affectedComponents: ComponentTransition[] | null;
}

export interface StatuspageIncident {
  /** Where the incident sits in the document, e.g. `incidents[2]`. */
  path: string;
  id: string;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  createdAt: Date;
  startedAt: Date | null;
  /** Null while the incident is ongoing. */
  resolvedAt: Date | null;
  componentNames: string[];
  updates: IncidentUpdate[];
}

export interface StatuspageDocument {
  pageName: string | null;
  incidents: StatuspageIncident[];
}

export interface DocumentProblem {
  /** JSON path of the offending value, e.g. `incidents[2].started_at`; `document` for the whole. */
  path: string;
  message: string;
}

export type ParseResult =
  { ok: true; document: StatuspageDocument } | { ok: false; problems: DocumentProblem[] };

/** Stop collecting after this many problems: one broken feed should not produce a huge answer. */
export const MAX_PROBLEMS = 20;

/**
 * The instant a Statuspage timestamp denotes, or null when it is not one the API accepts: the
 * same strict reading as the DateTime scalar (`parseInstant`: an explicit offset, a real date,
 * years 1970–2999).
 */
export function parseTimestamp(value: string): Date | null {
  try {
    return parseInstant(value);
  } catch {
    return null;
  }
}

class Reader {
  readonly problems: DocumentProblem[] = [];

  /**
   * Every string in the document, read or not, must be text PostgreSQL can store: a NUL
   * (`\u0000`) or a lone surrogate (`\ud800`) marks the document as malformed, at its path.
   */
  storableText(value: unknown, path: string, depth = 0): void {
    if (depth > 64) return; // far deeper than any Statuspage document; the shape check refuses it
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) this.problem(path, `${path} ${problem}`);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => this.storableText(item, `${path}[${index}]`, depth + 1));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        const problem = textProblem(key);
        if (problem) this.problem(at, `${at}: the name ${problem}`);
        else this.storableText(item, at, depth + 1);
      }
    }
  }

  problem(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
  }

  object(value: unknown, path: string): Record<string, unknown> | null {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    this.problem(path, `${path} must be an object`);
    return null;
  }

  /** An array; null or absent reads as empty when `optional`. */
  array(value: unknown, path: string, optional: boolean): unknown[] | null {
    if (Array.isArray(value)) return value as unknown[];
    if (optional && (value === null || value === undefined)) return [];
    this.problem(path, `${path} must be an array`);
    return null;
  }

  string(value: unknown, path: string): string | null {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.problem(path, `${path} must be a non-empty string`);
    return null;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | null {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    this.problem(
      path,
      `${path} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`,
    );
    return null;
  }

  /** A timestamp with an offset; `nullable` lets null or absent through as null. */
  timestamp(value: unknown, path: string, nullable: boolean): Date | null | undefined {
    if (nullable && (value === null || value === undefined)) return null;
    const date = typeof value === 'string' ? parseTimestamp(value) : null;
    if (date) return date;
    this.problem(
      path,
      `${path} must be an ISO 8601 timestamp with an offset (e.g. 2021-10-04T15:39:00Z), not ${JSON.stringify(value)}`,
    );
    return undefined;
  }
}

/**
 * Parses and checks a document. Every problem is reported with its JSON path (up to
 * {@link MAX_PROBLEMS}); the document is accepted only when there are none. Timestamps keep their
 * instant whatever their offset (`-06:00` and `Z` alike), names are trimmed, and an incident id
 * may appear only once.
 */
export function parseStatuspageDocument(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: 'document', message: `Not valid JSON: ${reason}` }] };
  }
  const reader = new Reader();
  const root = reader.object(raw, 'document');
  if (!root) return { ok: false, problems: reader.problems };
  reader.storableText(root, '');
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  const list = reader.array(root.incidents, 'incidents', false);
  if (!list) return { ok: false, problems: reader.problems };
  const page = typeof root.page === 'object' && root.page !== null ? root.page : {};
  const pageName = (page as { name?: unknown }).name;

  const incidents: StatuspageIncident[] = [];
  const seen = new Map<string, string>();
  list.forEach((item, index) => {
    const incident = readIncident(reader, item, `incidents[${index}]`);
    if (!incident) return;
    const earlier = seen.get(incident.id);
    if (earlier !== undefined) {
      reader.problem(`${incident.path}.id`, `${incident.path}.id repeats ${earlier}.id`);
      return;
    }
    seen.set(incident.id, incident.path);
    incidents.push(incident);
  });
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  return {
    ok: true,
    document: {
      pageName: typeof pageName === 'string' && pageName.trim() ? pageName.trim() : null,
      incidents,
    },
  };
}

function readIncident(reader: Reader, item: unknown, path: string): StatuspageIncident | null {
  const before = reader.problems.length;
  const raw = reader.object(item, path);
  if (!raw) return null;
  const id = reader.string(raw.id, `${path}.id`);
  const name = typeof raw.name === 'string' ? raw.name.trim() : null;
  if (name === null) reader.problem(`${path}.name`, `${path}.name must be a string`);
  const status = reader.oneOf(raw.status, `${path}.status`, [
    ...INCIDENT_STATUSES,
    ...MAINTENANCE_STATUSES,
  ]);
  const impact = reader.oneOf(raw.impact, `${path}.impact`, INCIDENT_IMPACTS);
  const createdAt = reader.timestamp(raw.created_at, `${path}.created_at`, false);
  const startedAt = reader.timestamp(raw.started_at, `${path}.started_at`, true);
  const resolvedAt = reader.timestamp(raw.resolved_at, `${path}.resolved_at`, true);

  const componentNames: string[] = [];
  const components = reader.array(raw.components, `${path}.components`, true) ?? [];
  components.forEach((component, index) => {
    const at = `${path}.components[${index}]`;
    const object = reader.object(component, at);
    const componentName = object && reader.string(object.name, `${at}.name`);
    if (componentName) componentNames.push(componentName);
  });

  const updates: IncidentUpdate[] = [];
  const rawUpdates = reader.array(raw.incident_updates, `${path}.incident_updates`, true) ?? [];
  rawUpdates.forEach((update, index) => {
    const read = readUpdate(reader, update, `${path}.incident_updates[${index}]`);
    if (read) updates.push(read);
  });

  if (reader.problems.length > before) return null;
  return {
    path,
    id: id!,
    name: name!,
    status: status!,
    impact: impact!,
    createdAt: createdAt!,
    startedAt: startedAt ?? null,
    resolvedAt: resolvedAt ?? null,
    componentNames,
    updates,
  };
}

function readUpdate(reader: Reader, item: unknown, path: string): IncidentUpdate | null {
  const raw = reader.object(item, path);
  if (!raw) return null;
  const displayAt = reader.timestamp(raw.display_at, `${path}.display_at`, false);
  let affectedComponents: ComponentTransition[] | null = null;
  if (raw.affected_components !== null && raw.affected_components !== undefined) {
    const list = reader.array(raw.affected_components, `${path}.affected_components`, false);
    affectedComponents = [];
    (list ?? []).forEach((entry, index) => {
      const at = `${path}.affected_components[${index}]`;
      const object = reader.object(entry, at);
      if (!object) return;
      const name = reader.string(object.name, `${at}.name`);
      const oldStatus =
        object.old_status === null || object.old_status === undefined
          ? null
          : reader.oneOf(object.old_status, `${at}.old_status`, COMPONENT_STATUSES);
      const newStatus = reader.oneOf(object.new_status, `${at}.new_status`, COMPONENT_STATUSES);
      if (name && newStatus) affectedComponents!.push({ name, oldStatus, newStatus });
    });
  }
  return displayAt ? { displayAt, affectedComponents } : null;
}
