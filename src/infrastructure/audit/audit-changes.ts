/**
 * Before → after of the fields a mutation changed, in the audit trail's stored form: money as
 * integer minor units (a string) with its currency, instants as ISO 8601 UTC, lists as JSON.
 * Pure: no framework, no database.
 */

export const AUDIT_ENTITY_TYPES = ['DEAL', 'DELIVERABLE', 'OUTAGE', 'PLATFORM_ACCOUNT'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface MoneyValue {
  minor: bigint;
  currency: string;
}

/** A field's value as a service has it. `undefined` means "not tracked in this snapshot". */
export type AuditValue =
  string | number | boolean | Date | MoneyValue | readonly string[] | null | undefined;

export type AuditSnapshot = Record<string, AuditValue>;

/** A value as stored in `audit_entries.changes` (jsonb). */
export type StoredAuditValue = string | { minor: string; currency: string } | null;

export interface AuditChange {
  field: string;
  before: StoredAuditValue;
  after: StoredAuditValue;
}

export function money(minor: bigint, currency: string): MoneyValue {
  return { minor, currency };
}

export function encodeAuditValue(value: AuditValue): StoredAuditValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (isStringList(value)) return value.length === 0 ? null : JSON.stringify(value);
  if (typeof value === 'object') return { minor: value.minor.toString(), currency: value.currency };
  return String(value);
}

function isStringList(value: AuditValue): value is readonly string[] {
  return Array.isArray(value);
}

/**
 * The fields whose stored form differs, in the order they first appear (after, then before).
 * A null `before` is a creation: every field of `after` that has a value. Fields missing from one
 * side (`undefined`) count as null there, so pass the same fields on both sides for an update.
 */
export function diffSnapshots(
  before: AuditSnapshot | null,
  after: AuditSnapshot | null,
): AuditChange[] {
  const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const from = encodeAuditValue(before?.[field]);
    const to = encodeAuditValue(after?.[field]);
    if (JSON.stringify(from) !== JSON.stringify(to))
      changes.push({ field, before: from, after: to });
  }
  return changes;
}
