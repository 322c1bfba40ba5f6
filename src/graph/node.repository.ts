import { visibleBrandInvitations } from '../brands/brand.repository';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { brandFromRow, BRAND_COLUMNS, isUnclaimedSql, type BrandRow } from '../brands/brand.rows';
import type { BrandEntity } from '../brands/brand.entity';
import type { BrandInvitation } from '../brands/brand.model';
import { visibleCalendarFeeds } from '../calendar/calendar-feed.repository';
import {
  CALENDAR_FEED_COLUMNS,
  calendarFeedFromRow,
  type CalendarFeedEntity,
  type CalendarFeedRow,
} from '../calendar/calendar-feed.entity';
import { joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import {
  maySeePlatformIncome,
  visiblePlatformAccounts,
} from '../platforms/platform-account.repository';
import { PlatformAccountEntity } from '../platforms/platform.entity';
import { visibleWebhooks } from '../webhooks/webhook.repository';

/** Every table whose rows are a GraphQL `Node`, with the name of their type. */
export const NODE_TABLES = [
  ['Deal', 'deals'],
  ['Deliverable', 'deliverables'],
  ['Outage', 'outages'],
  ['Platform', 'platforms'],
  ['Brand', 'brands'],
  ['Creator', 'creators'],
  ['User', 'users'],
  ['AccessToken', 'access_tokens'],
  ['PlatformAccount', 'platform_accounts'],
  ['Webhook', 'webhooks'],
  ['CalendarFeed', 'calendar_feeds'],
  ['AuditEntry', 'audit_entries'],
  ['WebhookDelivery', 'webhook_deliveries'],
  ['BrandInvitation', 'brand_invitations'],
  // Every outbox row, though only the feed's are Events: the Event loader applies the feed's rule.
  ['Event', 'webhook_events'],
] as const;

export type NodeTypeName = (typeof NODE_TABLES)[number][0];

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  brand_id: string | null;
  created_at: Date | string;
}

/**
 * The read model behind `node`/`nodes`: which table an id belongs to, and, for the types whose
 * rule spans features or whose feature offers no batched lookup, the records the caller may read.
 * Each rule is the owner's own fragment (`visibleDeals`, `visiblePlatformAccounts`,
 * `visibleWebhooks`, `visibleCalendarFeeds`), never re-typed here. Audit entries, webhook
 * deliveries and events are read by their features' loaders, under their rules.
 */
@Injectable()
export class NodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<R>(statement: Sql): Promise<R[]> {
    return this.dataSource.query<R[]>(statement.text, statement.values);
  }

  /** The type of each id that names a row (any tenant's): one statement for every table. */
  async typesOf(ids: readonly string[]): Promise<Map<string, NodeTypeName>> {
    if (ids.length === 0) return new Map();
    // Type names and table names are constants of this file, never caller text.
    const branches = NODE_TABLES.map(([type, table]) =>
      sqlText(
        `SELECT '${type}' AS type, t.id FROM ${table} t WHERE t.id IN (SELECT id FROM wanted)`,
      ),
    );
    const rows = await this.query<{ type: NodeTypeName; id: string }>(
      sql`WITH wanted(id) AS (SELECT unnest(${[...ids]}::uuid[])) ${joinSql(branches, ' UNION ALL ')}`,
    );
    return new Map(rows.map((row) => [row.id, row.type]));
  }

  /**
   * Creators the caller may read: themself, administrators every creator, anyone else the
   * creators of the deals they may see (which is how a brand member reaches a creator today).
   */
  async visibleCreatorIds(viewer: Viewer, ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.query<{ id: string }>(
      sql`SELECT c.id FROM creators c
           WHERE c.id = ANY(${[...ids]}::uuid[])
             AND (${viewer.isAdmin} OR c.id = ${viewer.creatorId}::uuid
                  OR EXISTS (SELECT 1 FROM deals d WHERE d.creator_id = c.id AND ${visibleDeals(viewer, 'd')}))`,
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Brands the caller may read: the directory's (claimed brands, and those the calling creator
   * named), the caller's own brands and the brand of any deal they may see.
   */
  async visibleBrands(viewer: Viewer, ids: readonly string[]): Promise<BrandEntity[]> {
    const named = viewer.creatorId
      ? sql`b.created_by_creator_id = ${viewer.creatorId}::uuid`
      : sqlText('FALSE');
    const rows = await this.query<BrandRow>(
      sql`SELECT ${sqlText(BRAND_COLUMNS('b'))} FROM brands b
           WHERE b.id = ANY(${[...ids]}::uuid[])
             AND (NOT ${sqlText(isUnclaimedSql('b'))} OR ${named}
                  OR b.id = ANY(${viewer.brandIds}::uuid[])
                  OR EXISTS (SELECT 1 FROM deals d WHERE d.brand_id = b.id AND ${visibleDeals(viewer, 'd')}))`,
    );
    return rows.map(brandFromRow);
  }

  /** Platform accounts by the platform-account rule (brands: none, not even whether one exists). */
  async visiblePlatformAccounts(
    viewer: Viewer,
    ids: readonly string[],
  ): Promise<PlatformAccountEntity[]> {
    if (!maySeePlatformIncome(viewer)) return [];
    const visible = visiblePlatformAccounts(viewer, 'a').named('visible');
    return this.dataSource
      .getRepository(PlatformAccountEntity)
      .createQueryBuilder('a')
      .where('a.id IN (:...ids)', { ids: [...ids] })
      .andWhere(visible.condition, visible.params)
      .getMany();
  }

  /** Webhook endpoints by the webhook rule (the caller's own and their brands'). */
  visibleWebhooks(viewer: Viewer, ids: readonly string[]): Promise<WebhookRow[]> {
    return this.query<WebhookRow>(
      sql`SELECT w.id, w.url, w.events, w.brand_id, w.created_at FROM webhooks w
           WHERE w.id = ANY(${[...ids]}::uuid[]) AND ${visibleWebhooks(viewer, 'w')}`,
    );
  }

  /** Calendar feeds by the calendar-feed rule (the minter's alone). */
  async visibleCalendarFeeds(
    viewer: Viewer,
    ids: readonly string[],
  ): Promise<CalendarFeedEntity[]> {
    const rows = await this.query<CalendarFeedRow>(
      sql`SELECT ${sqlText(CALENDAR_FEED_COLUMNS)} FROM calendar_feeds f
           WHERE f.id = ANY(${[...ids]}::uuid[]) AND ${visibleCalendarFeeds(viewer, 'f')}`,
    );
    return rows.map(calendarFeedFromRow);
  }

  /** Brand invitations by the invitation rule (its brand's members and its sender). */
  async visibleBrandInvitations(
    viewer: Viewer,
    ids: readonly string[],
  ): Promise<BrandInvitation[]> {
    const rows = await this.query<{
      id: string;
      brand_id: string;
      email: string | null;
      expires_at: Date | string;
      created_at: Date | string;
      accepted_at: Date | string | null;
    }>(
      sql`SELECT i.id, i.brand_id, i.email, i.expires_at, i.created_at, i.accepted_at
            FROM brand_invitations i
           WHERE i.id = ANY(${[...ids]}::uuid[]) AND ${visibleBrandInvitations(viewer, 'i')}`,
    );
    return rows.map((row) => ({
      id: row.id,
      brandId: row.brand_id,
      email: row.email,
      expiresAt: new Date(row.expires_at),
      createdAt: new Date(row.created_at),
      acceptedAt: row.accepted_at === null ? null : new Date(row.accepted_at),
    }));
  }
}
