import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { sql, sqlText, type Sql } from '../../common/database/sql';
import { toDate } from '../../common/database/to-date';
import type { PlatformEntity } from '../../platforms/platform.entity';
import {
  PLATFORM_COLUMNS,
  platformFromRow,
  returnedRows,
  type PlatformRow,
} from '../../platforms/platform.rows';

interface FeedRow {
  id: string;
  name: string;
  partial_degradation_bps: number | null;
  last_imported_at: Date | string | null;
}

/** A feed as stored; `partialDegradationBps` null means the server default. */
export interface StoredFeed {
  id: string;
  name: string;
  partialDegradationBps: number | null;
  lastImportedAt: Date | null;
}

export interface StoredFeedWithMappings extends StoredFeed {
  /** Component → platform, by component name (case-insensitive). */
  components: Array<{ component: string; platform: PlatformEntity }>;
}

function feedFromRow(row: FeedRow): StoredFeed {
  return {
    id: row.id,
    name: row.name,
    partialDegradationBps:
      row.partial_degradation_bps === null ? null : Number(row.partial_degradation_bps),
    lastImportedAt: row.last_imported_at === null ? null : toDate(row.last_imported_at),
  };
}

const FEED_COLUMNS = sqlText('id, name, partial_degradation_bps, last_imported_at');

/**
 * The SQL of Statuspage feeds and their component → platform mappings. Methods take the caller's
 * transaction as `manager` where a service writes several rows in one.
 */
@Injectable()
export class StatuspageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every feed (or those named), by name, with its mappings: two statements (one if none). */
  async listFeeds(names?: string[], manager?: EntityManager): Promise<StoredFeedWithMappings[]> {
    const feeds = await this.query<FeedRow>(
      sql`SELECT ${FEED_COLUMNS} FROM statuspage_feeds
           WHERE ${names ?? null}::text[] IS NULL OR name = ANY(${names ?? null}::text[])
           ORDER BY name`,
      manager,
    );
    if (feeds.length === 0) return [];
    const mappings = await this.query<PlatformRow & { feed_id: string; component_name: string }>(
      sql`SELECT m.feed_id, m.component_name, ${sqlText(PLATFORM_COLUMNS)}
            FROM statuspage_component_mappings m
            JOIN platforms p ON p.id = m.platform_id
           WHERE m.feed_id = ANY(${feeds.map((feed) => feed.id)}::uuid[])
           ORDER BY lower(m.component_name), m.component_name`,
      manager,
    );
    return feeds.map((feed) => ({
      ...feedFromRow(feed),
      components: mappings
        .filter((row) => row.feed_id === feed.id)
        .map((row) => ({ component: row.component_name, platform: platformFromRow(row) })),
    }));
  }

  async findFeed(name: string, manager?: EntityManager): Promise<StoredFeed | null> {
    const [row] = await this.query<FeedRow>(
      sql`SELECT ${FEED_COLUMNS} FROM statuspage_feeds WHERE name = ${name}`,
      manager,
    );
    return row ? feedFromRow(row) : null;
  }

  /** Creates the feed if new (else touches it); its id. */
  async upsertFeed(name: string, manager?: EntityManager): Promise<string> {
    const [row] = await this.query<{ id: string }>(
      sql`INSERT INTO statuspage_feeds (name) VALUES (${name})
          ON CONFLICT (name) DO UPDATE SET updated_at = now()
          RETURNING id`,
      manager,
    );
    return row.id;
  }

  /** Creates the feed if new and sets its own PARTIAL degradation (null: the server default). */
  async configureFeed(
    name: string,
    partialDegradationBps: number | null,
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`INSERT INTO statuspage_feeds (name, partial_degradation_bps) VALUES (${name}, ${partialDegradationBps})
          ON CONFLICT (name) DO UPDATE
             SET partial_degradation_bps = EXCLUDED.partial_degradation_bps, updated_at = now()`,
      manager,
    );
  }

  async touchFeed(feedId: string, manager?: EntityManager): Promise<void> {
    await this.query(
      sql`UPDATE statuspage_feeds SET updated_at = now() WHERE id = ${feedId}`,
      manager,
    );
  }

  async markImported(feedId: string, manager?: EntityManager): Promise<void> {
    await this.query(
      sql`UPDATE statuspage_feeds SET last_imported_at = now() WHERE id = ${feedId}`,
      manager,
    );
  }

  /**
   * Serialises imports of one feed: a transaction-scoped advisory lock, released at COMMIT or
   * ROLLBACK (safe behind PgBouncer).
   */
  async lockFeedForImport(name: string, manager: EntityManager): Promise<void> {
    await this.query(
      sql`SELECT pg_advisory_xact_lock(hashtext(${`statuspage-import:${name}`}))`,
      manager,
    );
  }

  /** Maps a component (case-insensitive) to a platform, replacing its previous platform. */
  async setMapping(
    feedId: string,
    component: string,
    platformId: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`INSERT INTO statuspage_component_mappings (feed_id, component_name, platform_id)
          VALUES (${feedId}, ${component}, ${platformId})
          ON CONFLICT (feed_id, lower(component_name))
          DO UPDATE SET component_name = EXCLUDED.component_name, platform_id = EXCLUDED.platform_id`,
      manager,
    );
  }

  /** Removes a component's mapping (case-insensitive); false when there was none. */
  async removeMapping(
    feedId: string,
    component: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const statement = sql`DELETE FROM statuspage_component_mappings
                           WHERE feed_id = ${feedId} AND lower(component_name) = lower(${component})
                          RETURNING id`;
    const deleted = returnedRows<{ id: string }>(
      await this.db(manager).query(statement.text, statement.values),
    );
    return deleted.length > 0;
  }

  /** The feed's mapped components with their platform's slug and id. */
  mappedComponents(
    feedId: string,
    manager?: EntityManager,
  ): Promise<Array<{ component: string; platformSlug: string; platformId: string }>> {
    return this.query(
      sql`SELECT m.component_name AS component, p.slug AS "platformSlug", p.id AS "platformId"
            FROM statuspage_component_mappings m
            JOIN platforms p ON p.id = m.platform_id
           WHERE m.feed_id = ${feedId}`,
      manager,
    );
  }

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private query<T>(statement: Sql, manager?: EntityManager): Promise<T[]> {
    return this.db(manager).query<T[]>(statement.text, statement.values);
  }
}
