import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { diffSnapshots, type AuditSnapshot } from '../../audit/audit-changes';
import { recordAudit, type AuditRecord } from '../../audit/audit-log';
import { runTransaction } from '../../common/database/retry';
import { AppConfig } from '../../config/app-config';
import { OutageEntity } from '../../outages/outage.entity';
import {
  PLATFORM_COLUMNS,
  platformFromRow,
  returnedRows,
  toDate,
  type PlatformRow,
} from '../../platforms/platform.rows';
import { PlatformsService } from '../../platforms/platforms.service';
import {
  enqueueOutageRiskReevaluation,
  enqueueWebhookEvent,
  outageEventData,
  type OutageShape,
} from '../../webhooks/webhook-events';
import { parseStatuspageDocument } from './statuspage-document';
import { isFeedName, parseFeedList } from './statuspage-feed-list';
import {
  componentKey,
  decide,
  planImport,
  type Decision,
  type ExistingOutage,
  type OutageFields,
} from './statuspage-mapping';
import {
  concurrentChange,
  degradationOutOfRange,
  feedNotFound,
  invalidComponentName,
  invalidFeedName,
  malformedDocument,
  mappingNotFound,
} from './statuspage.errors';
import type {
  StatuspageFeed,
  StatuspageImportedOutage,
  StatuspageImportResult,
} from './statuspage.model';

export const IMPORT_OPERATION = 'importStatuspageIncidents';

interface FeedRow {
  id: string;
  name: string;
  partial_degradation_bps: number | null;
  last_imported_at: Date | string | null;
}

interface ExistingRow {
  id: string;
  platform_ids: string[];
  external_id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string | null;
  severity: 'FULL' | 'PARTIAL';
  degradation_bps: number;
  version: number;
}

/** An imported outage as read back, with its platforms (for the previous shape in events). */
interface StoredOutage extends ExistingOutage {
  platformIds: string[];
}

export function sourceFor(feed: string): string {
  return `statuspage:${feed}`;
}

function checkedFeedName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!isFeedName(trimmed)) throw invalidFeedName(name, field);
  return trimmed;
}

function checkedComponentName(name: string, field: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw invalidComponentName(field);
  return trimmed;
}

function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

function outageSnapshot(fields: OutageFields, extra: AuditSnapshot = {}): AuditSnapshot {
  return {
    title: fields.title,
    ...extra,
    startsAt: fields.startsAt,
    endsAt: fields.endsAt,
    severity: fields.severity,
    degradationBps: fields.degradationBps,
  };
}

/**
 * Status-page feeds, their component → platform mappings, and the import itself: one
 * transaction per document, serialised per feed by a transaction-scoped advisory lock.
 */
@Injectable()
export class StatuspageService {
  private readonly pollUrls: Map<string, string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly platforms: PlatformsService,
    private readonly config: AppConfig,
  ) {
    const parsed = parseFeedList(config.STATUSPAGE_FEEDS);
    this.pollUrls = new Map(
      'feeds' in parsed ? parsed.feeds.map((feed) => [feed.name, feed.url]) : [],
    );
  }

  /** Every feed (or those named), by name, with its mappings: two statements. */
  async listFeeds(names?: string[], manager?: EntityManager): Promise<StatuspageFeed[]> {
    const db = manager ?? this.dataSource.manager;
    const feeds = await db.query<FeedRow[]>(
      `SELECT id, name, partial_degradation_bps, last_imported_at FROM statuspage_feeds
        WHERE $1::text[] IS NULL OR name = ANY($1::text[])
        ORDER BY name`,
      [names ?? null],
    );
    if (feeds.length === 0) return [];
    const mappings = await db.query<
      Array<PlatformRow & { feed_id: string; component_name: string }>
    >(
      `SELECT m.feed_id, m.component_name, ${PLATFORM_COLUMNS}
         FROM statuspage_component_mappings m
         JOIN platforms p ON p.id = m.platform_id
        WHERE m.feed_id = ANY($1::uuid[])
        ORDER BY lower(m.component_name), m.component_name`,
      [feeds.map((feed) => feed.id)],
    );
    return feeds.map((feed) => ({
      name: feed.name,
      partialDegradationBps:
        feed.partial_degradation_bps === null ? null : Number(feed.partial_degradation_bps),
      effectivePartialDegradationBps: this.degradationOf(feed),
      pollUrl: this.pollUrls.get(feed.name) ?? null,
      lastImportedAt: feed.last_imported_at === null ? null : toDate(feed.last_imported_at),
      components: mappings
        .filter((row) => row.feed_id === feed.id)
        .map((row) => ({ component: row.component_name, platform: platformFromRow(row) })),
    }));
  }

  /** Maps a component to a platform (replacing its previous platform); creates the feed if new. */
  async setMapping(feedName: string, component: string, platformSlug: string) {
    const feed = checkedFeedName(feedName, 'feed');
    const name = checkedComponentName(component, 'component');
    return runTransaction(this.dataSource, async (manager) => {
      const platform = (
        await this.platforms.resolveSlugs([platformSlug], 'platformSlug', manager)
      ).get(platformSlug)!;
      const feedId = await this.upsertFeed(manager, feed);
      await manager.query(
        `INSERT INTO statuspage_component_mappings (feed_id, component_name, platform_id)
         VALUES ($1, $2, $3)
         ON CONFLICT (feed_id, lower(component_name))
         DO UPDATE SET component_name = EXCLUDED.component_name, platform_id = EXCLUDED.platform_id`,
        [feedId, name, platform.id],
      );
      return (await this.listFeeds([feed], manager))[0];
    });
  }

  async removeMapping(feedName: string, component: string): Promise<StatuspageFeed> {
    const feed = checkedFeedName(feedName, 'feed');
    const name = checkedComponentName(component, 'component');
    return runTransaction(this.dataSource, async (manager) => {
      const [row] = await manager.query<FeedRow[]>(
        `SELECT id FROM statuspage_feeds WHERE name = $1`,
        [feed],
      );
      if (!row) throw feedNotFound(feed);
      const deleted = returnedRows<{ id: string }>(
        await manager.query(
          `DELETE FROM statuspage_component_mappings
            WHERE feed_id = $1 AND lower(component_name) = lower($2)
           RETURNING id`,
          [row.id, name],
        ),
      );
      if (deleted.length === 0) throw mappingNotFound(feed, name);
      await manager.query(`UPDATE statuspage_feeds SET updated_at = now() WHERE id = $1`, [row.id]);
      return (await this.listFeeds([feed], manager))[0];
    });
  }

  /** Creates the feed if new and sets its own PARTIAL degradation (null: the server default). */
  async configureFeed(
    feedName: string,
    partialDegradationBps: number | null,
  ): Promise<StatuspageFeed> {
    const feed = checkedFeedName(feedName, 'feed');
    if (
      partialDegradationBps !== null &&
      (!Number.isInteger(partialDegradationBps) ||
        partialDegradationBps < 1 ||
        partialDegradationBps > 9999)
    ) {
      throw degradationOutOfRange(partialDegradationBps, 'partialDegradationBps');
    }
    return runTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `INSERT INTO statuspage_feeds (name, partial_degradation_bps) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE
            SET partial_degradation_bps = EXCLUDED.partial_degradation_bps, updated_at = now()`,
        [feed, partialDegradationBps],
      );
      return (await this.listFeeds([feed], manager))[0];
    });
  }

  /**
   * Imports one document into the feed's outages (source `statuspage:<feed>`, external id
   * `<incident id>:<platform slug>`). A malformed document is refused before anything is read or
   * written; otherwise everything happens in one transaction, after taking the feed's
   * transaction-scoped advisory lock, so two instances importing the same feed run one after the
   * other and the second finds the first one's outages (unchanged).
   */
  async importDocument(
    actorUserId: string | null,
    feedName: string,
    document: string,
  ): Promise<StatuspageImportResult> {
    const feed = checkedFeedName(feedName, 'feed');
    const parsed = parseStatuspageDocument(document);
    if (!parsed.ok) throw malformedDocument(parsed.problems);
    const { incidents } = parsed.document;
    const source = sourceFor(feed);
    return runTransaction(this.dataSource, async (manager) => {
      // Transaction-scoped, so it is released at COMMIT/ROLLBACK (safe behind PgBouncer).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `statuspage-import:${feed}`,
      ]);
      const [feedRow] = await manager.query<FeedRow[]>(
        `SELECT id, name, partial_degradation_bps, last_imported_at FROM statuspage_feeds
          WHERE name = $1`,
        [feed],
      );
      if (!feedRow) throw feedNotFound(feed);
      const mappingRows = await manager.query<Array<{ component_name: string; slug: string }>>(
        `SELECT m.component_name, p.slug FROM statuspage_component_mappings m
           JOIN platforms p ON p.id = m.platform_id
          WHERE m.feed_id = $1`,
        [feedRow.id],
      );
      const plan = planImport(incidents, {
        platforms: new Map(mappingRows.map((row) => [componentKey(row.component_name), row.slug])),
        partialDegradationBps: this.degradationOf(feedRow),
      });
      const existing = await this.existingOutages(
        manager,
        source,
        plan.outages.map((outage) => outage.externalId),
      );
      const decisions = plan.outages.map((outage) =>
        decide(outage, existing.get(outage.externalId)),
      );
      const createdIds = await this.insertOutages(manager, source, actorUserId, decisions);
      await this.updateOutages(manager, decisions);
      const idOf = (decision: Decision) =>
        decision.action === 'create'
          ? createdIds.get(decision.planned.externalId)!
          : decision.existing.id;
      await this.audit(manager, actorUserId, source, decisions, idOf);
      await manager.query(`UPDATE statuspage_feeds SET last_imported_at = now() WHERE id = $1`, [
        feedRow.id,
      ]);
      const ids = decisions.map(idOf);
      const outages = new Map(
        (ids.length > 0 ? await manager.findBy(OutageEntity, { id: In(ids) }) : []).map(
          (outage) => [outage.id, outage],
        ),
      );
      await this.enqueueEvents(manager, decisions, (decision) => outages.get(idOf(decision))!);
      const entry = (decision: Decision): StatuspageImportedOutage => ({
        incidentId: decision.planned.incidentId,
        incidentName: decision.planned.incidentName,
        platformSlug: decision.planned.platformSlug,
        outage: outages.get(idOf(decision))!,
        changedFields: decision.action === 'update' ? [...decision.changedFields] : [],
      });
      return {
        feed,
        source,
        incidentCount: incidents.length,
        created: decisions.filter((d) => d.action === 'create').map(entry),
        updated: decisions.filter((d) => d.action === 'update').map(entry),
        unchanged: decisions.filter((d) => d.action === 'unchanged').map(entry),
        skipped: plan.skipped,
        unmappedComponents: plan.unmapped,
      };
    });
  }

  private degradationOf(feed: Pick<FeedRow, 'partial_degradation_bps'>): number {
    return feed.partial_degradation_bps === null
      ? this.config.STATUSPAGE_PARTIAL_DEGRADATION_BPS
      : Number(feed.partial_degradation_bps);
  }

  private async upsertFeed(manager: EntityManager, feed: string): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO statuspage_feeds (name) VALUES ($1)
       ON CONFLICT (name) DO UPDATE SET updated_at = now()
       RETURNING id`,
      [feed],
    );
    return row.id;
  }

  private async existingOutages(
    manager: EntityManager,
    source: string,
    externalIds: string[],
  ): Promise<Map<string, StoredOutage>> {
    if (externalIds.length === 0) return new Map();
    // FOR UPDATE: a manual updateOutage cannot slip in between this read and the write below.
    const rows = await manager.query<ExistingRow[]>(
      `SELECT o.id, o.external_id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps,
              o.version,
              ARRAY(SELECT op.platform_id::text FROM outage_platforms op WHERE op.outage_id = o.id
                     ORDER BY op.platform_id) AS platform_ids
         FROM outages o WHERE o.source = $1 AND o.external_id = ANY($2::text[])
        FOR UPDATE`,
      [source, externalIds],
    );
    return new Map(
      rows.map((row) => [
        row.external_id,
        {
          id: row.id,
          externalId: row.external_id,
          title: row.title,
          startsAt: toDate(row.starts_at),
          endsAt: row.ends_at === null ? null : toDate(row.ends_at),
          severity: row.severity,
          degradationBps: Number(row.degradation_bps),
          version: Number(row.version),
          platformIds: row.platform_ids,
        },
      ]),
    );
  }

  /** One INSERT for every new outage, one for their platforms; external id → new id. */
  private async insertOutages(
    manager: EntityManager,
    source: string,
    actorUserId: string | null,
    decisions: Decision[],
  ): Promise<Map<string, string>> {
    const creates = decisions.filter(
      (decision): decision is Extract<Decision, { action: 'create' }> =>
        decision.action === 'create',
    );
    if (creates.length === 0) return new Map();
    // DO NOTHING rather than a unique violation, which would abort the transaction.
    const inserted = await manager.query<Array<{ id: string; external_id: string }>>(
      `INSERT INTO outages (title, starts_at, ends_at, severity, degradation_bps, source, external_id, created_by_user_id)
       SELECT v.title, v.starts_at, v.ends_at, v.severity, v.degradation_bps, $6, v.external_id, $7::uuid
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::int[], $8::text[])
              AS v(title, starts_at, ends_at, severity, degradation_bps, external_id)
       ON CONFLICT (source, external_id) DO NOTHING
       RETURNING id, external_id`,
      [
        creates.map((d) => d.next.title),
        creates.map((d) => d.next.startsAt.toISOString()),
        creates.map((d) => isoOrNull(d.next.endsAt)),
        creates.map((d) => d.next.severity),
        creates.map((d) => d.next.degradationBps),
        source,
        actorUserId,
        creates.map((d) => d.planned.externalId),
      ],
    );
    const ids = new Map(inserted.map((row) => [row.external_id, row.id]));
    const missing = creates.find((d) => !ids.has(d.planned.externalId));
    if (missing) throw concurrentChange(missing.planned.externalId);
    await manager.query(
      `INSERT INTO outage_platforms (outage_id, platform_id)
       SELECT v.outage_id, p.id
         FROM unnest($1::uuid[], $2::text[]) AS v(outage_id, slug)
         JOIN platforms p ON p.slug = v.slug`,
      [
        creates.map((d) => ids.get(d.planned.externalId)!),
        creates.map((d) => d.planned.platformSlug),
      ],
    );
    return ids;
  }

  /** One UPDATE for every changed outage, each guarded by the version it was read at. */
  private async updateOutages(manager: EntityManager, decisions: Decision[]): Promise<void> {
    const updates = decisions.filter(
      (decision): decision is Extract<Decision, { action: 'update' }> =>
        decision.action === 'update',
    );
    if (updates.length === 0) return;
    const updated = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE outages o
            SET title = v.title, starts_at = v.starts_at, ends_at = v.ends_at,
                severity = v.severity, degradation_bps = v.degradation_bps,
                version = o.version + 1, updated_at = now()
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::int[])
                AS v(id, version, title, starts_at, ends_at, severity, degradation_bps)
          WHERE o.id = v.id AND o.version = v.version
         RETURNING o.id`,
        [
          updates.map((d) => d.existing.id),
          updates.map((d) => d.existing.version),
          updates.map((d) => d.next.title),
          updates.map((d) => d.next.startsAt.toISOString()),
          updates.map((d) => isoOrNull(d.next.endsAt)),
          updates.map((d) => d.next.severity),
          updates.map((d) => d.next.degradationBps),
        ],
      ),
    );
    const done = new Set(updated.map((row) => row.id));
    const missing = updates.find((d) => !done.has(d.existing.id));
    if (missing) throw concurrentChange(missing.planned.externalId);
  }

  private async audit(
    manager: EntityManager,
    actorUserId: string | null,
    source: string,
    decisions: Decision[],
    idOf: (decision: Decision) => string,
  ): Promise<void> {
    const records: AuditRecord[] = [];
    for (const decision of decisions) {
      if (decision.action === 'unchanged') continue;
      const after = outageSnapshot(decision.next);
      const changes =
        decision.action === 'create'
          ? diffSnapshots(null, {
              ...outageSnapshot(decision.next, { platforms: [decision.planned.platformSlug] }),
              source,
              externalId: decision.planned.externalId,
            })
          : diffSnapshots(outageSnapshot(decision.existing), after);
      records.push({
        actorUserId,
        operation: IMPORT_OPERATION,
        entityType: 'OUTAGE',
        entityId: idOf(decision),
        dealId: null,
        changes,
      });
    }
    await recordAudit(manager, records);
  }

  /**
   * In the import's transaction: outage.recorded for each new outage, outage.ended for each open
   * one the import ends, and a risk re-evaluation for any other change of window or severity.
   */
  private async enqueueEvents(
    manager: EntityManager,
    decisions: Decision[],
    outageOf: (decision: Decision) => OutageEntity,
  ): Promise<void> {
    for (const decision of decisions) {
      if (decision.action === 'unchanged') continue;
      const outage = outageOf(decision);
      const data = outageEventData(outage, [decision.planned.platformSlug]);
      if (decision.action === 'create') {
        await enqueueWebhookEvent(manager, { type: 'outage.recorded', outageId: outage.id, data });
        continue;
      }
      const existing = decision.existing as StoredOutage;
      const previousOutage: OutageShape = {
        startsAt: existing.startsAt,
        endsAt: existing.endsAt,
        severity: existing.severity,
        degradationBps: existing.degradationBps,
        platformIds: existing.platformIds,
      };
      if (decision.ends) {
        await enqueueWebhookEvent(manager, {
          type: 'outage.ended',
          outageId: outage.id,
          data,
          previousOutage,
        });
      } else if (decision.changedFields.some((field) => field !== 'title')) {
        await enqueueOutageRiskReevaluation(manager, outage.id, previousOutage);
      }
    }
  }
}
