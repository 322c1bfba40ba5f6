import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { diffSnapshots, type AuditSnapshot } from '../infrastructure/audit/audit-changes';
import { recordAudit } from '../infrastructure/audit/audit-log';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import {
  AppError,
  collectRefusal,
  collectRefusalAsync,
  inputProblems,
  notFound,
} from '../common/errors/app-error';
import { cursorTag, tagConnection, untagCursor } from '../common/graphql/list-order';
import { mapNodes, pageWindow, type Connection } from '../common/graphql/pagination';
import { refuseNulls } from '../common/validation/input-checks';
import { isUuid } from '../common/validation/uuid';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformsService } from '../platforms/platforms.service';
import {
  enqueueOutageRiskReevaluation,
  enqueueWebhookEvent,
  outageEventData,
  type OutageShape,
} from '../infrastructure/outbox/webhook-events';
import type { EndOutageInput, RecordOutageInput, UpdateOutageInput } from './dto/outage.input';
import type { OutagesArgs } from './dto/outages.args';
import type { OutageEntity } from './outage.entity';
import { hasEnded } from './outage.model';
import {
  alreadyEnded,
  blankValue,
  duplicateExternalId,
  emptyWindow,
  endsBeforeStart,
  staleVersion,
} from './outage.errors';
import { OutageRepository, type OutageFilter } from './outage.repository';
import { Clock } from '../infrastructure/clock';
import { degradationFor } from './outage-degradation';

const DEFAULT_SOURCE = 'MANUAL';
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function nonBlank(value: string, field: 'title' | 'source' | 'externalId'): string {
  const trimmed = value.trim();
  if (!trimmed) throw blankValue(field);
  return trimmed;
}

/** updateOutage fields that cannot be null (see `update`). */
export const UPDATE_OUTAGE_NOT_NULLABLE = [
  'title',
  'platformSlugs',
  'startsAt',
  'severity',
  'expectedVersion',
] as const;

@Injectable()
export class OutagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OutageRepository,
    private readonly platforms: PlatformsService,
    private readonly clock: Clock,
  ) {}

  async record(viewer: Viewer, input: RecordOutageInput): Promise<OutageEntity> {
    // Every problem at once; nothing is written unless there is none.
    const problems: AppError[] = [];
    const title = collectRefusal(problems, () => nonBlank(input.title, 'title'));
    const endsAt = input.endsAt ?? null;
    if (endsAt && endsAt <= input.startsAt)
      problems.push(endsBeforeStart(input.startsAt, endsAt, ['input.endsAt']));
    const degradationBps = collectRefusal(problems, () =>
      degradationFor(input.severity, input.degradationBps ?? undefined),
    );
    const source = collectRefusal(problems, () =>
      input.source == null ? DEFAULT_SOURCE : nonBlank(input.source, 'source'),
    );
    const externalId = collectRefusal(problems, () =>
      input.externalId == null ? null : nonBlank(input.externalId, 'externalId'),
    );
    const platforms = await collectRefusalAsync(problems, () =>
      this.platforms.resolveSlugs(input.platformSlugs, 'input.platformSlugs'),
    );
    if (
      problems.length > 0 ||
      title === undefined ||
      degradationBps === undefined ||
      source === undefined ||
      externalId === undefined ||
      !platforms
    ) {
      throw inputProblems(problems);
    }
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const id = await this.repository.insertIfNew(
        {
          title,
          startsAt: input.startsAt,
          endsAt,
          severity: input.severity,
          degradationBps,
          source,
          externalId,
          createdByUserId: viewer.userId,
        },
        manager,
      );
      if (id === null) throw duplicateExternalId(source, externalId!);
      await this.repository.addPlatforms(id, idsOf(platforms), manager);
      const outage = await this.repository.getById(id, manager);
      await this.audit(
        manager,
        viewer,
        'recordOutage',
        id,
        null,
        outageSnapshot(outage, platforms),
      );
      await enqueueWebhookEvent(manager, {
        type: 'outage.recorded',
        outageId: id,
        actorUserId: viewer.userId,
        data: outageEventData(outage, sortedSlugs(platforms)),
      });
      return outage;
    });
  }

  /**
   * Changes the given fields and bumps `version`. The write is `UPDATE … WHERE version = v`, so a
   * concurrent change between reading and writing is refused rather than overwritten.
   */
  async update(
    viewer: Viewer,
    id: string,
    input: Omit<UpdateOutageInput, 'id'>,
  ): Promise<OutageEntity> {
    // null clears endsAt (the outage is ongoing again) and lets degradationBps follow the
    // severity; an outage always has the others, so null there is refused, as on deals.
    refuseNulls(input, UPDATE_OUTAGE_NOT_NULLABLE);
    if (!isUuid(id)) throw notFound('Outage', id);
    return runTransaction(this.dataSource, async (manager) => {
      const current = await this.repository.findById(id, manager);
      if (!current) throw notFound('Outage', id);
      if (input.expectedVersion != null && input.expectedVersion !== current.version) {
        throw staleVersion(id, current.version, input.expectedVersion);
      }
      // Every problem of the change at once.
      const problems: AppError[] = [];
      const title = collectRefusal(problems, () =>
        input.title == null ? current.title : nonBlank(input.title, 'title'),
      );
      const startsAt = input.startsAt ?? current.startsAt;
      const endsAt = input.endsAt === undefined ? current.endsAt : input.endsAt;
      if (endsAt && endsAt <= startsAt) {
        problems.push(
          endsBeforeStart(
            startsAt,
            endsAt,
            // At the field the change moved: the start when only it moved, else the end.
            input.startsAt && input.endsAt === undefined
              ? ['input.startsAt', 'input.endsAt']
              : ['input.endsAt', 'input.startsAt'],
          ),
        );
      }
      const severity = input.severity ?? current.severity;
      const degradationBps = collectRefusal(problems, () =>
        degradationFor(severity, input.degradationBps ?? undefined, current),
      );
      const platformSlugs = input.platformSlugs;
      const platforms = platformSlugs
        ? await collectRefusalAsync(problems, () =>
            this.platforms.resolveSlugs(platformSlugs, 'input.platformSlugs', manager),
          )
        : null;
      if (
        problems.length > 0 ||
        title === undefined ||
        degradationBps === undefined ||
        platforms === undefined
      ) {
        throw inputProblems(problems);
      }
      const version = input.expectedVersion ?? current.version;
      // Even when nothing changes, the write happens and bumps `version` (deals and
      // deliverables skip a no-op update; outages have always counted it).
      const updated = await this.repository.updateIfVersion(
        id,
        version,
        { title, startsAt, endsAt, severity, degradationBps },
        manager,
      );
      if (!updated) throw await this.lostRace(manager, id, input.expectedVersion ?? undefined);
      const before = outageSnapshot(current, null);
      const after = platforms ? { platforms: sortedSlugs(platforms) } : {};
      const previous = outageShape(current, await this.repository.platformIdsOf(id, manager));
      if (platforms) {
        before.platforms = await this.repository.platformSlugsOf(id, manager);
        await this.repository.replacePlatforms(id, idsOf(platforms), manager);
      }
      const outage = await this.repository.getById(id, manager);
      await this.audit(manager, viewer, 'updateOutage', id, before, {
        ...outageSnapshot(outage, null),
        ...after,
      });
      const changedFields = changedOutageFields(current, outage);
      if (
        after.platforms &&
        JSON.stringify(after.platforms) !== JSON.stringify(before.platforms ?? [])
      ) {
        changedFields.push('platforms');
      }
      await this.enqueueChange(manager, viewer, outage, previous, changedFields);
      return outage;
    });
  }

  /** Sets the end (default now) of an outage that has not ended yet. */
  async end(viewer: Viewer, args: EndOutageInput): Promise<OutageEntity> {
    refuseNulls(args, ['expectedVersion']);
    if (!isUuid(args.id)) throw notFound('Outage', args.id);
    return runTransaction(this.dataSource, async (manager) => {
      const current = await this.repository.findById(args.id, manager);
      if (!current) throw notFound('Outage', args.id);
      if (args.expectedVersion != null && args.expectedVersion !== current.version) {
        throw staleVersion(current.id, current.version, args.expectedVersion);
      }
      const now = this.clock.now();
      if (hasEnded(current, now)) throw alreadyEnded(current.id, current.endsAt!);
      const endsAt = args.endsAt ?? now;
      if (endsAt <= current.startsAt)
        throw endsBeforeStart(current.startsAt, endsAt, ['input.endsAt']);
      const updated = await this.repository.endIfVersion(
        current.id,
        args.expectedVersion ?? current.version,
        endsAt,
        manager,
      );
      if (!updated) {
        const latest = await this.repository.findById(current.id, manager);
        if (!latest) throw notFound('Outage', current.id);
        if (args.expectedVersion == null && hasEnded(latest, this.clock.now()))
          throw alreadyEnded(latest.id, latest.endsAt!);
        throw staleVersion(latest.id, latest.version, args.expectedVersion ?? undefined);
      }
      const outage = await this.repository.getById(current.id, manager);
      await this.audit(
        manager,
        viewer,
        'endOutage',
        current.id,
        outageSnapshot(current, null),
        outageSnapshot(outage, null),
      );
      await this.enqueueChange(
        manager,
        viewer,
        outage,
        outageShape(current, await this.repository.platformIdsOf(current.id, manager)),
        ['endsAt'],
      );
      return outage;
    });
  }

  async findOne(id: string): Promise<OutageEntity> {
    const outage = isUuid(id) ? await this.repository.findById(id) : null;
    if (!outage) throw notFound('Outage', id);
    return outage;
  }

  /** In `args.orderBy`; by default newest first (startsAt DESC, id DESC). */
  async list(args: OutagesArgs): Promise<Connection<OutageEntity>> {
    pageWindow(args);
    const filter = args.filter ?? {};
    const now = this.clock.now();
    const where: OutageFilter = {};
    if (filter.platformSlug != null) {
      const platform = (
        await this.platforms.resolveSlugs([filter.platformSlug], 'filter.platformSlug')
      ).get(filter.platformSlug)!;
      where.platformId = platform.id;
    }
    if (filter.from && filter.to && filter.to <= filter.from) throw emptyWindow();
    where.from = filter.from;
    where.to = filter.to;
    if (filter.ongoing != null) where.ongoing = { ongoing: filter.ongoing, at: now };
    where.severity = filter.severity;
    if (filter.source != null) where.source = filter.source;
    const order = args.orderBy ?? { field: 'STARTS_AT', direction: 'DESC' };
    // The default order's cursors carry no tag: those issued before orderBy existed still work.
    const isDefault = order.field === 'STARTS_AT' && order.direction === 'DESC';
    const tag = isDefault ? null : cursorTag(order.field, order.direction, 'keyset');
    const valid = (key: string) =>
      SORT_KEY.test(key) || (order.field === 'ENDS_AT' && key === 'infinity');
    const page = await this.repository.page(
      where,
      order,
      {
        ...args,
        after: untagCursor(args.after, tag, valid),
        before: untagCursor(args.before, tag, valid, 'before'),
      },
      valid,
    );
    return tagConnection(
      mapNodes(page, (row) => row.outage),
      tag,
    );
  }

  private async audit(
    manager: EntityManager,
    viewer: Viewer,
    operation: string,
    outageId: string,
    before: AuditSnapshot | null,
    after: AuditSnapshot,
  ): Promise<void> {
    await recordAudit(manager, [
      {
        actorUserId: viewer.userId,
        operation,
        entityType: 'OUTAGE',
        entityId: outageId,
        dealId: null,
        changes: diffSnapshots(before, after),
      },
    ]);
  }

  /**
   * Webhooks for a changed outage: outage.ended when it gains an end (which also re-evaluates
   * risk), otherwise a risk re-evaluation when its window, platforms or severity moved. The
   * change feed also gets an outage.updated naming the other fields that changed (none: no event,
   * though the version moved).
   */
  private async enqueueChange(
    manager: EntityManager,
    viewer: Viewer,
    outage: OutageEntity,
    previous: OutageShape,
    changedFields: string[],
  ): Promise<void> {
    const platformIds = await this.repository.platformIdsOf(outage.id, manager);
    const ended = previous.endsAt === null && outage.endsAt !== null;
    const updatedFields = ended ? changedFields.filter((f) => f !== 'endsAt') : changedFields;
    const slugs =
      ended || updatedFields.length > 0
        ? await this.repository.platformSlugsOf(outage.id, manager)
        : [];
    if (updatedFields.length > 0) {
      await enqueueWebhookEvent(manager, {
        type: 'outage.updated',
        outageId: outage.id,
        actorUserId: viewer.userId,
        data: { ...outageEventData(outage, slugs), changedFields: updatedFields },
      });
    }
    if (ended) {
      await enqueueWebhookEvent(manager, {
        type: 'outage.ended',
        outageId: outage.id,
        actorUserId: viewer.userId,
        data: outageEventData(outage, slugs),
        previousOutage: previous,
      });
      return;
    }
    const now = outageShape(outage, platformIds);
    if (JSON.stringify(now) !== JSON.stringify(previous)) {
      await enqueueOutageRiskReevaluation(manager, outage.id, previous);
    }
  }

  /** Why an `UPDATE … WHERE version = v` matched nothing. */
  private async lostRace(manager: EntityManager, id: string, expectedVersion?: number) {
    const latest = await this.repository.findById(id, manager);
    return latest ? staleVersion(id, latest.version, expectedVersion) : notFound('Outage', id);
  }
}

/** An outage's audited fields; `platforms` (slugs) only when known. */
function outageSnapshot(
  outage: OutageEntity,
  platforms: Map<string, PlatformEntity> | null,
): AuditSnapshot {
  return {
    title: outage.title,
    ...(platforms ? { platforms: sortedSlugs(platforms) } : {}),
    startsAt: outage.startsAt,
    endsAt: outage.endsAt,
    severity: outage.severity,
    degradationBps: outage.degradationBps,
    source: outage.source,
    externalId: outage.externalId,
  };
}

/** The fields `updateOutage` changed, by their API names (platforms are compared apart). */
function changedOutageFields(before: OutageEntity, after: OutageEntity): string[] {
  const time = (value: Date | null) => value?.getTime() ?? null;
  const fields: string[] = [];
  if (before.title !== after.title) fields.push('title');
  if (time(before.startsAt) !== time(after.startsAt)) fields.push('startsAt');
  if (time(before.endsAt) !== time(after.endsAt)) fields.push('endsAt');
  if (before.severity !== after.severity) fields.push('severity');
  if (before.degradationBps !== after.degradationBps) fields.push('degradationBps');
  return fields;
}

/** What decides whose risk an outage moves (webhooks compare it before and after a change). */
function outageShape(outage: OutageEntity, platformIds: string[]): OutageShape {
  return {
    startsAt: outage.startsAt,
    endsAt: outage.endsAt,
    severity: outage.severity,
    degradationBps: outage.degradationBps,
    platformIds: [...platformIds].sort(),
  };
}

function sortedSlugs(platforms: Map<string, PlatformEntity>): string[] {
  return [...platforms.values()].map((platform) => platform.slug).sort();
}

function idsOf(platforms: Map<string, PlatformEntity>): string[] {
  return [...platforms.values()].map((platform) => platform.id);
}
