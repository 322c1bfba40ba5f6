/**
 * A row of `calendar_feeds` (migration 1764748800000). Read and written with SQL by
 * CalendarService, like `app_secrets` and `audit_entries`, so the shared entity list is untouched.
 */
export class CalendarFeedEntity {
  id: string;
  userId: string;
  /** Set for a creator's feed (their deliverables); null for a brand's. */
  creatorId: string | null;
  /** Set for a brand's feed (the deliverables on its deals); null for a creator's. */
  brandId: string | null;
  /** SHA-256 of the secret in the URL, hex; the secret itself is shown once and never stored. */
  secretHash: string;
  alarmMinutesBefore: number;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CalendarFeedRow {
  id: string;
  user_id: string;
  creator_id: string | null;
  brand_id: string | null;
  secret_hash: string;
  alarm_minutes_before: number;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

export const CALENDAR_FEED_COLUMNS = `f.id, f.user_id, f.creator_id, f.brand_id, f.secret_hash,
  f.alarm_minutes_before, f.created_at, f.last_used_at, f.revoked_at`;

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export function calendarFeedFromRow(row: CalendarFeedRow): CalendarFeedEntity {
  return Object.assign(new CalendarFeedEntity(), {
    id: row.id,
    userId: row.user_id,
    creatorId: row.creator_id,
    brandId: row.brand_id,
    secretHash: row.secret_hash,
    alarmMinutesBefore: Number(row.alarm_minutes_before),
    createdAt: toDate(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : toDate(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : toDate(row.revoked_at),
  });
}
