import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import { returnedRows } from '../platforms/platform.rows';
import {
  CALENDAR_FEED_COLUMNS,
  calendarFeedFromRow,
  type CalendarFeedEntity,
  type CalendarFeedRow,
} from './calendar-feed.entity';

/**
 * The access rules for calendar feeds, written once.
 *
 * Managing feeds (listing, revoking): a feed is its minter's alone, whatever their role; an
 * administrator does not see anyone else's. `feedAlias` names the `calendar_feeds` row.
 */
export function visibleCalendarFeeds(viewer: Viewer, feedAlias: string): Sql {
  return sql`${identifier(feedAlias)}.user_id = ${viewer.userId}`;
}

/**
 * Reading a feed by its secret: the minter must still have the access the feed was minted for
 * (a creator's feed, still that creator; a brand's feed, still a member of that brand). A
 * member who left the brand gets the same 404 as an unknown secret.
 */
export function feedStillPermitted(owner: Viewer, feed: CalendarFeedEntity): boolean {
  if (feed.creatorId) return owner.role === 'CREATOR' && owner.creatorId === feed.creatorId;
  return owner.role === 'BRAND' && feed.brandId !== null && owner.brandIds.includes(feed.brandId);
}

/**
 * The deals a feed shows: what its owner may read now (the deal rule), narrowed to the feed's
 * creator or brand. `dealAlias` names the `deals` row.
 */
export function calendarFeedDeals(owner: Viewer, feed: CalendarFeedEntity, dealAlias: string): Sql {
  const deal = identifier(dealAlias);
  const scope = feed.creatorId
    ? sql`${deal}.creator_id = ${feed.creatorId}`
    : sql`${deal}.brand_id = ${feed.brandId}`;
  return sql`${scope}
          AND ${visibleDeals(owner, dealAlias)}`;
}

/** The most deliverables one feed carries (the earliest first). */
export const MAX_FEED_DELIVERABLES = 2000;

const FEED_COLUMNS = sqlText(CALENDAR_FEED_COLUMNS);

export interface FeedDeliverableRow {
  id: string;
  title: string;
  kind: string;
  timing: string;
  status: string;
  scheduled_at: Date | string;
  duration_minutes: number;
  due_at: Date | string;
  fee: string;
  deal_title: string;
  currency: string;
  platform_slug: string;
  brand_name: string;
  creator_name: string;
}

/** A deal a feed shows payments of: its title, both parties' names, the deliverables' titles. */
export interface FeedDealLabelRow {
  id: string;
  title: string;
  brand_name: string;
  creator_name: string;
  /** Deliverable id → title, for the deliverables asked for. */
  deliverable_titles: Record<string, string>;
}

export interface FeedOutageRow {
  id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string | null;
  severity: string;
  degradation_bps: number;
  version: number;
  platform_slugs: string[];
}

/** All SQL of calendar feeds and of what a feed shows; reads apply the rules above. */
@Injectable()
export class CalendarFeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    feed: Pick<
      CalendarFeedEntity,
      'userId' | 'creatorId' | 'brandId' | 'secretHash' | 'alarmMinutesBefore'
    >,
  ): Promise<CalendarFeedEntity> {
    const statement = sql`
      INSERT INTO calendar_feeds AS f (user_id, creator_id, brand_id, secret_hash, alarm_minutes_before)
      VALUES (${feed.userId}, ${feed.creatorId}, ${feed.brandId}, ${feed.secretHash}, ${feed.alarmMinutesBefore})
      RETURNING ${FEED_COLUMNS}`;
    const [row] = await manager.query<CalendarFeedRow[]>(statement.text, statement.values);
    return calendarFeedFromRow(row);
  }

  /** The caller's feeds, newest first, revoked ones included. */
  async listVisible(viewer: Viewer): Promise<CalendarFeedEntity[]> {
    const statement = sql`SELECT ${FEED_COLUMNS} FROM calendar_feeds f
        WHERE ${visibleCalendarFeeds(viewer, 'f')} ORDER BY f.created_at DESC, f.id DESC`;
    const rows = await this.dataSource.query<CalendarFeedRow[]>(statement.text, statement.values);
    return rows.map(calendarFeedFromRow);
  }

  /** Revokes one of the caller's feeds (again: a no-op); null when the caller has no such feed. */
  async revokeVisible(viewer: Viewer, id: string): Promise<CalendarFeedEntity | null> {
    const statement = sql`UPDATE calendar_feeds f SET revoked_at = COALESCE(f.revoked_at, now())
          WHERE f.id = ${id} AND ${visibleCalendarFeeds(viewer, 'f')}
          RETURNING ${FEED_COLUMNS}`;
    const [row] = returnedRows<CalendarFeedRow>(
      await this.dataSource.query(statement.text, statement.values),
    );
    return row ? calendarFeedFromRow(row) : null;
  }

  /** A live (not revoked) feed by the hash of its secret, with its owner's display name. */
  async liveBySecretHash(
    secretHash: string,
  ): Promise<{ feed: CalendarFeedEntity; ownerName: string | null } | null> {
    const statement = sql`SELECT ${FEED_COLUMNS}, COALESCE(c.display_name, b.name) AS name
         FROM calendar_feeds f
         LEFT JOIN creators c ON c.id = f.creator_id
         LEFT JOIN brands b ON b.id = f.brand_id
        WHERE f.secret_hash = ${secretHash} AND f.revoked_at IS NULL`;
    const [row] = await this.dataSource.query<Array<CalendarFeedRow & { name: string | null }>>(
      statement.text,
      statement.values,
    );
    return row ? { feed: calendarFeedFromRow(row), ownerName: row.name } : null;
  }

  async touch(feedId: string, at: Date): Promise<void> {
    const statement = sql`UPDATE calendar_feeds SET last_used_at = ${at} WHERE id = ${feedId}`;
    await this.dataSource.query(statement.text, statement.values);
  }

  /**
   * The feed's deliverables: the owner's visibility now (tenancy), narrowed to the feed's creator
   * or brand; not cancelled; ending (slot or deadline) on or after `from`.
   */
  deliverables(
    viewer: Viewer,
    feed: CalendarFeedEntity,
    from: Date,
  ): Promise<FeedDeliverableRow[]> {
    const statement = sql`SELECT d.id, d.title, d.kind, d.timing, d.status, d.scheduled_at, d.duration_minutes, d.due_at,
              d.fee::text AS fee, deal.title AS deal_title, deal.currency, p.slug AS platform_slug,
              b.name AS brand_name, c.display_name AS creator_name
         FROM deliverables d
         JOIN deals deal ON deal.id = d.deal_id
         JOIN platforms p ON p.id = d.platform_id
         JOIN brands b ON b.id = deal.brand_id
         JOIN creators c ON c.id = deal.creator_id
        WHERE ${calendarFeedDeals(viewer, feed, 'deal')}
          AND d.status <> 'CANCELLED' AND deal.status <> 'CANCELLED'
          AND GREATEST(d.due_at, d.scheduled_at + make_interval(mins => d.duration_minutes)) >= ${from}
        ORDER BY d.scheduled_at, d.id
        LIMIT ${MAX_FEED_DELIVERABLES}`;
    return this.dataSource.query<FeedDeliverableRow[]>(statement.text, statement.values);
  }

  /**
   * The names a feed's payment events show, for the deals among `dealIds` the feed shows (the
   * same rule as its deliverables: anything else is absent), in one statement.
   */
  dealLabels(
    viewer: Viewer,
    feed: CalendarFeedEntity,
    dealIds: string[],
    deliverableIds: string[],
  ): Promise<FeedDealLabelRow[]> {
    if (dealIds.length === 0) return Promise.resolve([]);
    const statement = sql`SELECT deal.id, deal.title, b.name AS brand_name, c.display_name AS creator_name,
              (SELECT COALESCE(json_object_agg(x.id, x.title), '{}')
                 FROM deliverables x
                WHERE x.deal_id = deal.id AND x.id = ANY(${deliverableIds}::uuid[])) AS deliverable_titles
         FROM deals deal
         JOIN brands b ON b.id = deal.brand_id
         JOIN creators c ON c.id = deal.creator_id
        WHERE deal.id = ANY(${dealIds}::uuid[])
          AND ${calendarFeedDeals(viewer, feed, 'deal')}`;
    return this.dataSource.query<FeedDealLabelRow[]>(statement.text, statement.values);
  }

  /**
   * SEQUENCE per deliverable, read from the audit trail (append-only, written in each change's own
   * transaction): how many changes moved the slot (scheduledAt, durationMinutes) and how many
   * moved the deadline (dueAt). The creation entry (every `before` null) does not count, and a
   * change of title, fee or status does not bump either. One query for the whole feed.
   */
  async sequences(ids: string[]): Promise<Map<string, { slot: number; deadline: number }>> {
    if (ids.length === 0) return new Map();
    const moved = (fields: string) =>
      `count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM jsonb_array_elements(e.changes) AS change
          WHERE change->>'field' IN (${fields}) AND jsonb_typeof(change->'before') <> 'null'))::int`;
    const statement = sql`SELECT e.entity_id, ${sqlText(moved(`'scheduledAt', 'durationMinutes'`))} AS slot,
              ${sqlText(moved(`'dueAt'`))} AS deadline
         FROM audit_entries e
        WHERE e.entity_type = 'DELIVERABLE' AND e.entity_id = ANY(${ids}::uuid[])
        GROUP BY e.entity_id`;
    const rows = await this.dataSource.query<
      Array<{ entity_id: string; slot: number; deadline: number }>
    >(statement.text, statement.values);
    return new Map(
      rows.map((row) => [
        row.entity_id,
        { slot: Number(row.slot), deadline: Number(row.deadline) },
      ]),
    );
  }

  outages(ids: string[]): Promise<FeedOutageRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const statement = sql`SELECT o.id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps, o.version,
              COALESCE((SELECT array_agg(p.slug ORDER BY p.slug)
                          FROM outage_platforms op JOIN platforms p ON p.id = op.platform_id
                         WHERE op.outage_id = o.id), '{}') AS platform_slugs
         FROM outages o
        WHERE o.id = ANY(${ids}::uuid[])
        ORDER BY o.starts_at, o.id`;
    return this.dataSource.query<FeedOutageRow[]>(statement.text, statement.values);
  }

  async platformSlugs(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const statement = sql`SELECT id, slug FROM platforms WHERE id = ANY(${ids}::uuid[])`;
    const rows = await this.dataSource.query<Array<{ id: string; slug: string }>>(
      statement.text,
      statement.values,
    );
    return new Map(rows.map((row) => [row.id, row.slug]));
  }
}
