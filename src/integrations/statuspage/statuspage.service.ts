import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { diffSnapshots, type AuditSnapshot } from '../../infrastructure/audit/audit-changes';
import { recordAudit, type AuditRecord } from '../../infrastructure/audit/audit-log';
import { runTransaction } from '../../common/database/retry';
import {
  AppError,
  collectRefusal,
  collectRefusalAsync,
  inputProblems,
} from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { Metrics } from '../../infrastructure/metrics/metrics';
import { withSpan } from '../../infrastructure/telemetry/spans';
import type { OutageEntity } from '../../outages/outage.entity';
import { OutageRepository, type LockedOutage } from '../../outages/outage.repository';
import { PlatformsService } from '../../platforms/platforms.service';
import {
  enqueueOutageRiskReevaluation,
  enqueueWebhookEvent,
  outageEventData,
  type OutageShape,
} from '../../infrastructure/outbox/webhook-events';
import { parseStatuspageDocument, type StatuspageIncident } from './statuspage-document';
import { isFeedName, parseFeedList } from '../../config/statuspage-feed-list';
import {
  componentKey,
  decide,
  planImport,
  type Decision,
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
import { StatuspageRepository, type StoredFeed } from './statuspage.repository';

export const IMPORT_OPERATION = 'importStatuspageIncidents';

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
    private readonly repository: StatuspageRepository,
    private readonly outages: OutageRepository,
    private readonly platforms: PlatformsService,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    const parsed = parseFeedList(config.STATUSPAGE_FEEDS);
    this.pollUrls = new Map(
      'feeds' in parsed ? parsed.feeds.map((feed) => [feed.name, feed.url]) : [],
    );
  }

  /** Every feed (or those named), by name, with its mappings: two statements. */
  async listFeeds(names?: string[], manager?: EntityManager): Promise<StatuspageFeed[]> {
    const feeds = await this.repository.listFeeds(names, manager);
    return feeds.map((feed) => ({
      name: feed.name,
      partialDegradationBps: feed.partialDegradationBps,
      effectivePartialDegradationBps: this.degradationOf(feed),
      pollUrl: this.pollUrls.get(feed.name) ?? null,
      lastImportedAt: feed.lastImportedAt,
      components: feed.components,
    }));
  }

  /** Maps a component to a platform (replacing its previous platform); creates the feed if new. */
  async setMapping(feedName: string, component: string, platformSlug: string) {
    const problems: AppError[] = [];
    const feed = collectRefusal(problems, () => checkedFeedName(feedName, 'input.feed'));
    const name = collectRefusal(problems, () => checkedComponentName(component, 'input.component'));
    const platform = (
      await collectRefusalAsync(problems, () =>
        this.platforms.resolveSlugs([platformSlug], 'input.platformSlug'),
      )
    )?.get(platformSlug);
    if (feed === undefined || name === undefined || !platform) throw inputProblems(problems);
    return runTransaction(this.dataSource, async (manager) => {
      const feedId = await this.repository.upsertFeed(feed, manager);
      await this.repository.setMapping(feedId, name, platform.id, manager);
      return (await this.listFeeds([feed], manager))[0];
    });
  }

  async removeMapping(feedName: string, component: string): Promise<StatuspageFeed> {
    const problems: AppError[] = [];
    const feed = collectRefusal(problems, () => checkedFeedName(feedName, 'input.feed'));
    const name = collectRefusal(problems, () => checkedComponentName(component, 'input.component'));
    if (feed === undefined || name === undefined) throw inputProblems(problems);
    return runTransaction(this.dataSource, async (manager) => {
      const stored = await this.repository.findFeed(feed, manager);
      if (!stored) throw feedNotFound(feed);
      if (!(await this.repository.removeMapping(stored.id, name, manager)))
        throw mappingNotFound(feed, name);
      await this.repository.touchFeed(stored.id, manager);
      return (await this.listFeeds([feed], manager))[0];
    });
  }

  /** Creates the feed if new and sets its own PARTIAL degradation (null: the server default). */
  async configureFeed(
    feedName: string,
    partialDegradationBps: number | null,
  ): Promise<StatuspageFeed> {
    const problems: AppError[] = [];
    const feed = collectRefusal(problems, () => checkedFeedName(feedName, 'input.feed'));
    if (
      partialDegradationBps !== null &&
      (!Number.isInteger(partialDegradationBps) ||
        partialDegradationBps < 1 ||
        partialDegradationBps > 9999)
    ) {
      problems.push(degradationOutOfRange(partialDegradationBps, 'input.partialDegradationBps'));
    }
    if (feed === undefined || problems.length > 0) throw inputProblems(problems);
    return runTransaction(this.dataSource, async (manager) => {
      await this.repository.configureFeed(feed, partialDegradationBps, manager);
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
    const problems: AppError[] = [];
    const checkedFeed = collectRefusal(problems, () => checkedFeedName(feedName, 'input.feed'));
    const parsed = parseStatuspageDocument(document);
    if (!parsed.ok) problems.push(malformedDocument(parsed.problems));
    if (checkedFeed === undefined || !parsed.ok) throw inputProblems(problems);
    const feed = checkedFeed;
    const { incidents } = parsed.document;
    const source = sourceFor(feed);
    const result = await withSpan('statuspage.import', { 'statuspage.feed': feed }, () =>
      this.importInTransaction(actorUserId, feed, source, incidents),
    );
    // Counted once committed (a retried transaction imports once).
    this.metrics.statuspageIncidents.inc({ action: 'created' }, result.created.length);
    this.metrics.statuspageIncidents.inc({ action: 'updated' }, result.updated.length);
    return result;
  }

  private importInTransaction(
    actorUserId: string | null,
    feed: string,
    source: string,
    incidents: StatuspageIncident[],
  ): Promise<StatuspageImportResult> {
    return runTransaction(this.dataSource, async (manager) => {
      // Transaction-scoped, so it is released at COMMIT/ROLLBACK (safe behind PgBouncer).
      await this.repository.lockFeedForImport(feed, manager);
      const stored = await this.repository.findFeed(feed, manager);
      if (!stored) throw feedNotFound(feed);
      const mapped = await this.repository.mappedComponents(stored.id, manager);
      // The mapped platforms' ids by slug: the plan names platforms by slug, the links by id.
      const platformIds = new Map(mapped.map((row) => [row.platformSlug, row.platformId]));
      const plan = planImport(incidents, {
        platforms: new Map(mapped.map((row) => [componentKey(row.component), row.platformSlug])),
        partialDegradationBps: this.degradationOf(stored),
      });
      const existing = await this.existingOutages(
        manager,
        source,
        plan.outages.map((outage) => outage.externalId),
      );
      const decisions = plan.outages.map((outage) =>
        decide(outage, existing.get(outage.externalId)),
      );
      const createdIds = await this.insertOutages(
        manager,
        source,
        actorUserId,
        decisions,
        platformIds,
      );
      await this.updateOutages(manager, decisions);
      const idOf = (decision: Decision) =>
        decision.action === 'create'
          ? createdIds.get(decision.planned.externalId)!
          : decision.existing.id;
      await this.audit(manager, actorUserId, source, decisions, idOf);
      await this.repository.markImported(stored.id, manager);
      const ids = decisions.map(idOf);
      const outages = new Map(
        (ids.length > 0 ? await this.outages.findByIds(ids, manager) : [])
          .filter((outage) => outage !== null)
          .map((outage) => [outage.id, outage]),
      );
      await this.enqueueEvents(manager, actorUserId, decisions, (decision) =>
        outages.get(idOf(decision))!,
      );
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

  private degradationOf(feed: Pick<StoredFeed, 'partialDegradationBps'>): number {
    return feed.partialDegradationBps ?? this.config.STATUSPAGE_PARTIAL_DEGRADATION_BPS;
  }

  private async existingOutages(
    manager: EntityManager,
    source: string,
    externalIds: string[],
  ): Promise<Map<string, LockedOutage>> {
    if (externalIds.length === 0) return new Map();
    // FOR UPDATE: a manual updateOutage cannot slip in between this read and the write below.
    return this.outages.lockByExternalIds(source, externalIds, manager);
  }

  /** One INSERT for every new outage, one for their platforms; external id → new id. */
  private async insertOutages(
    manager: EntityManager,
    source: string,
    actorUserId: string | null,
    decisions: Decision[],
    platformIds: Map<string, string>,
  ): Promise<Map<string, string>> {
    const creates = decisions.filter(
      (decision): decision is Extract<Decision, { action: 'create' }> =>
        decision.action === 'create',
    );
    if (creates.length === 0) return new Map();
    // Skips an outage that appeared meanwhile rather than raising a unique violation, which would
    // abort the transaction; that is reported as a concurrent change.
    const ids = await this.outages.insertMany(
      source,
      actorUserId,
      creates.map((d) => ({ ...d.next, externalId: d.planned.externalId })),
      manager,
    );
    const missing = creates.find((d) => !ids.has(d.planned.externalId));
    if (missing) throw concurrentChange(missing.planned.externalId);
    await this.outages.addPlatformLinks(
      creates.map((d) => ({
        outageId: ids.get(d.planned.externalId)!,
        platformId: platformIds.get(d.planned.platformSlug)!,
      })),
      manager,
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
    const done = await this.outages.updateManyIfVersion(
      updates.map((d) => ({ ...d.next, id: d.existing.id, version: d.existing.version })),
      manager,
    );
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
   * The change feed also gets an outage.updated naming the fields changed besides the end.
   */
  private async enqueueEvents(
    manager: EntityManager,
    actorUserId: string | null,
    decisions: Decision[],
    outageOf: (decision: Decision) => OutageEntity,
  ): Promise<void> {
    for (const decision of decisions) {
      if (decision.action === 'unchanged') continue;
      const outage = outageOf(decision);
      const data = outageEventData(outage, [decision.planned.platformSlug]);
      if (decision.action === 'create') {
        await enqueueWebhookEvent(manager, {
          type: 'outage.recorded',
          outageId: outage.id,
          actorUserId,
          data,
        });
        continue;
      }
      const existing = decision.existing as LockedOutage;
      const previousOutage: OutageShape = {
        startsAt: existing.startsAt,
        endsAt: existing.endsAt,
        severity: existing.severity,
        degradationBps: existing.degradationBps,
        platformIds: existing.platformIds,
      };
      const updatedFields = decision.changedFields.filter(
        (field) => !(decision.ends && field === 'endsAt'),
      );
      if (updatedFields.length > 0) {
        await enqueueWebhookEvent(manager, {
          type: 'outage.updated',
          outageId: outage.id,
          actorUserId,
          data: { ...data, changedFields: updatedFields },
        });
      }
      if (decision.ends) {
        await enqueueWebhookEvent(manager, {
          type: 'outage.ended',
          outageId: outage.id,
          actorUserId,
          data,
          previousOutage,
        });
      } else if (decision.changedFields.some((field) => field !== 'title')) {
        await enqueueOutageRiskReevaluation(manager, outage.id, previousOutage);
      }
    }
  }
}
