import { Injectable } from '@nestjs/common';
import { subDays } from 'date-fns';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { hashSecret } from '../auth/secrets';
import type { Viewer } from '../auth/viewer';
import { sql, sqlText } from '../common/database/sql';
import { notFound } from '../common/errors/app-error';
import { isUuid } from '../common/validation/uuid';
import { AppConfig } from '../config/app-config';
import type { DeliverableRisk } from '../impact/engine';
import { ImpactService } from '../impact/impact.service';
import { returnedRows } from '../platforms/platform.rows';
import {
  buildCalendar,
  type FeedDeliverable,
  type FeedOutage,
  type FeedRisk,
} from './calendar-builder';
import {
  CALENDAR_FEED_COLUMNS,
  calendarFeedFromRow,
  type CalendarFeedEntity,
  type CalendarFeedRow,
} from './calendar-feed.entity';
import type { CalendarFeed } from './calendar-feed.model';
import {
  calendarFeedDeals,
  feedStillPermitted,
  visibleCalendarFeeds,
} from './calendar-feed.repository';
import { brandIdNotForCreators, brandRequired, noBrand } from './calendar.errors';
import type { CalendarFeedUrlArgs } from './dto/calendar-feed.args';
import { generateFeedSecret, isFeedSecret } from './feed-secret';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';

/** A feed holds at most this many deliverables (the earliest in its window first). */
export const MAX_FEED_DELIVERABLES = 2000;

const FEED_COLUMNS = sqlText(CALENDAR_FEED_COLUMNS);

// Touching last_used_at on every poll would turn each read into a write (as for access tokens).
const LAST_USED_RESOLUTION_MS = 60_000;

interface FeedDeliverableRow {
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

interface OutageRow {
  id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string | null;
  severity: string;
  degradation_bps: number;
  version: number;
  platform_slugs: string[];
}

export function toCalendarFeed(feed: CalendarFeedEntity): CalendarFeed {
  return {
    id: feed.id,
    scope: feed.creatorId ? 'CREATOR' : 'BRAND',
    brandId: feed.brandId,
    alarmMinutesBefore: feed.alarmMinutesBefore,
    createdAt: feed.createdAt,
    lastUsedAt: feed.lastUsedAt,
    revokedAt: feed.revokedAt,
  };
}

@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly impact: ImpactService,
  ) {}

  /** Mints a feed for the caller: a creator's own, or one of the caller's brands. */
  async mint(
    viewer: Viewer,
    args: CalendarFeedUrlArgs,
  ): Promise<{ url: string; feed: CalendarFeed }> {
    const owner = this.ownerOf(viewer, args.brandId ?? null);
    const secret = generateFeedSecret();
    const row = await this.dataSource.transaction(async (manager) => {
      // Idempotency-Key: taken in this transaction, so a retry cannot mint a second feed.
      await claimIdempotencyKey(manager);
      const statement = sql`
        INSERT INTO calendar_feeds AS f (user_id, creator_id, brand_id, secret_hash, alarm_minutes_before)
        VALUES (${viewer.userId}, ${owner.creatorId}, ${owner.brandId}, ${hashSecret(secret)},
                ${args.alarmMinutesBefore ?? this.config.CALENDAR_ALARM_MINUTES})
        RETURNING ${sqlText(CALENDAR_FEED_COLUMNS)}`;
      const [inserted] = await manager.query<CalendarFeedRow[]>(statement.text, statement.values);
      return inserted;
    });
    return {
      url: `${this.config.publicUrl}/calendar/${secret}.ics`,
      feed: toCalendarFeed(calendarFeedFromRow(row)),
    };
  }

  /** The caller's feeds, newest first, revoked ones included. */
  async list(viewer: Viewer): Promise<CalendarFeed[]> {
    const statement = sql`SELECT ${FEED_COLUMNS} FROM calendar_feeds f
        WHERE ${visibleCalendarFeeds(viewer, 'f')} ORDER BY f.created_at DESC, f.id DESC`;
    const rows = await this.dataSource.query<CalendarFeedRow[]>(statement.text, statement.values);
    return rows.map((row) => toCalendarFeed(calendarFeedFromRow(row)));
  }

  /** Revokes one of the caller's feeds (again: a no-op); anybody else's reads as NOT_FOUND. */
  async revoke(viewer: Viewer, id: string): Promise<CalendarFeed> {
    if (!isUuid(id)) throw notFound('Calendar feed', id);
    const statement = sql`UPDATE calendar_feeds f SET revoked_at = COALESCE(f.revoked_at, now())
          WHERE f.id = ${id} AND ${visibleCalendarFeeds(viewer, 'f')}
          RETURNING ${FEED_COLUMNS}`;
    const [row] = returnedRows<CalendarFeedRow>(
      await this.dataSource.query(statement.text, statement.values),
    );
    if (!row) throw notFound('Calendar feed', id);
    return toCalendarFeed(calendarFeedFromRow(row));
  }

  /**
   * The iCalendar text behind a secret, as its owner may see it now; null when the secret is
   * unknown or revoked, or the owner no longer has that access (left the brand).
   */
  async render(secret: string, now: Date): Promise<string | null> {
    if (!isFeedSecret(secret)) return null;
    const [row] = await this.dataSource.query<Array<CalendarFeedRow & { name: string | null }>>(
      `SELECT ${CALENDAR_FEED_COLUMNS}, COALESCE(c.display_name, b.name) AS name
         FROM calendar_feeds f
         LEFT JOIN creators c ON c.id = f.creator_id
         LEFT JOIN brands b ON b.id = f.brand_id
        WHERE f.secret_hash = $1 AND f.revoked_at IS NULL`,
      [hashSecret(secret)],
    );
    if (!row) return null;
    const feed = calendarFeedFromRow(row);
    const viewer = await this.auth.viewerForUser(feed.userId);
    if (!viewer || !feedStillPermitted(viewer, feed)) return null;
    await this.touch(feed, now);

    const deliverables = await this.deliverables(
      viewer,
      feed,
      subDays(now, this.config.CALENDAR_PAST_DAYS),
    );
    const ids = deliverables.map((deliverable) => deliverable.id);
    const [sequences, risks] = await Promise.all([
      this.sequences(ids),
      ids.length > 0
        ? this.impact.risks(ids, now)
        : Promise.resolve(new Map<string, DeliverableRisk>()),
    ]);
    const outageIds = [...new Set([...risks.values()].flatMap((risk) => risk.outageIds))];
    const suggestedIds = [
      ...new Set(
        [...risks.values()].flatMap((risk) =>
          risk.suggestedPlatformId ? [risk.suggestedPlatformId] : [],
        ),
      ),
    ];
    const [outages, platformSlugs] = await Promise.all([
      this.outages(outageIds),
      this.platformSlugs(suggestedIds),
    ]);

    const feedDeliverables = deliverables.map((deliverable): FeedDeliverable => {
      const risk = risks.get(deliverable.id);
      const sequence = sequences.get(deliverable.id);
      return {
        id: deliverable.id,
        title: deliverable.title,
        kind: deliverable.kind,
        timing: deliverable.timing,
        status: deliverable.status,
        platform: deliverable.platform_slug,
        dealTitle: deliverable.deal_title,
        counterparty: feed.creatorId ? deliverable.brand_name : deliverable.creator_name,
        currency: deliverable.currency.trim(),
        fee: BigInt(deliverable.fee),
        scheduledAt: new Date(deliverable.scheduled_at),
        durationMinutes: Number(deliverable.duration_minutes),
        dueAt: new Date(deliverable.due_at),
        slotSequence: sequence?.slot ?? 0,
        deadlineSequence: sequence?.deadline ?? 0,
        risk: risk ? feedRisk(risk, platformSlugs) : null,
      };
    });
    const feedOutages = outages.map((outage): FeedOutage => ({
      id: outage.id,
      title: outage.title,
      startsAt: new Date(outage.starts_at),
      endsAt: outage.ends_at === null ? null : new Date(outage.ends_at),
      severity: outage.severity,
      degradationBps: Number(outage.degradation_bps),
      platforms: outage.platform_slugs,
      // Outages change rarely and mostly in time (ending one, correcting it): every change counts.
      sequence: Number(outage.version) - 1,
      hits: feedDeliverables
        .filter((deliverable) => risks.get(deliverable.id)?.outageIds.includes(outage.id))
        .map((deliverable) => deliverable.title),
    }));
    return buildCalendar({
      name: `Deal Ledger: ${row.name ?? 'deliverables'}`,
      now,
      alarmMinutesBefore: feed.alarmMinutesBefore,
      deliverables: feedDeliverables,
      outages: feedOutages,
    });
  }

  private ownerOf(
    viewer: Viewer,
    brandId: string | null,
  ): { creatorId: string | null; brandId: string | null } {
    if (viewer.role === 'CREATOR') {
      if (brandId !== null) throw brandIdNotForCreators();
      // Every CREATOR user has a profile (sign-up creates both in one transaction).
      if (!viewer.creatorId) throw noBrand();
      return { creatorId: viewer.creatorId, brandId: null };
    }
    if (brandId !== null) {
      // A brand the caller is not a member of reads as missing, like any other tenant's record.
      if (!isUuid(brandId) || !viewer.brandIds.includes(brandId)) throw notFound('Brand', brandId);
      return { creatorId: null, brandId };
    }
    if (viewer.brandIds.length === 0) throw noBrand();
    if (viewer.brandIds.length > 1) throw brandRequired();
    return { creatorId: null, brandId: viewer.brandIds[0] };
  }

  private async touch(feed: CalendarFeedEntity, now: Date): Promise<void> {
    const lastUsed = feed.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - lastUsed > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.query(`UPDATE calendar_feeds SET last_used_at = $2 WHERE id = $1`, [
        feed.id,
        now,
      ]);
    }
  }

  /**
   * The feed's deliverables: the owner's visibility now (tenancy), narrowed to the feed's creator
   * or brand; not cancelled; ending (slot or deadline) on or after `from`.
   */
  private deliverables(
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
   * SEQUENCE per deliverable, read from the audit trail (append-only, written in each change's own
   * transaction): how many changes moved the slot (scheduledAt, durationMinutes) and how many
   * moved the deadline (dueAt). The creation entry (every `before` null) does not count, and a
   * change of title, fee or status does not bump either. One query for the whole feed.
   */
  private async sequences(ids: string[]): Promise<Map<string, { slot: number; deadline: number }>> {
    if (ids.length === 0) return new Map();
    const moved = (fields: string) =>
      `count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM jsonb_array_elements(e.changes) AS change
          WHERE change->>'field' IN (${fields}) AND jsonb_typeof(change->'before') <> 'null'))::int`;
    const rows = await this.dataSource.query<
      Array<{ entity_id: string; slot: number; deadline: number }>
    >(
      `SELECT e.entity_id, ${moved(`'scheduledAt', 'durationMinutes'`)} AS slot, ${moved(`'dueAt'`)} AS deadline
         FROM audit_entries e
        WHERE e.entity_type = 'DELIVERABLE' AND e.entity_id = ANY($1::uuid[])
        GROUP BY e.entity_id`,
      [ids],
    );
    return new Map(
      rows.map((row) => [
        row.entity_id,
        { slot: Number(row.slot), deadline: Number(row.deadline) },
      ]),
    );
  }

  private outages(ids: string[]): Promise<OutageRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query<OutageRow[]>(
      `SELECT o.id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps, o.version,
              COALESCE((SELECT array_agg(p.slug ORDER BY p.slug)
                          FROM outage_platforms op JOIN platforms p ON p.id = op.platform_id
                         WHERE op.outage_id = o.id), '{}') AS platform_slugs
         FROM outages o
        WHERE o.id = ANY($1::uuid[])
        ORDER BY o.starts_at, o.id`,
      [ids],
    );
  }

  private async platformSlugs(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; slug: string }>>(
      `SELECT id, slug FROM platforms WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.slug]));
  }
}

/**
 * The fields `Deliverable.risk` shows every viewer who can see the deliverable (level, suggested
 * slot and platform, provisional, explanation), plus the delayed and lost amounts that `Deal.impact`
 * shows the same viewers. Never platform income, which brands do not see.
 */
function feedRisk(risk: DeliverableRisk, platformSlugs: Map<string, string>): FeedRisk {
  return {
    level: risk.outcome,
    delayed: risk.assessment?.delayed ?? null,
    lost: risk.assessment?.lost ?? null,
    suggestedSlot: risk.suggestedSlot,
    suggestedPlatform: risk.suggestedPlatformId
      ? (platformSlugs.get(risk.suggestedPlatformId) ?? null)
      : null,
    provisional: risk.provisional,
    explanation: risk.explanation,
  };
}
