import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { diffSnapshots, type AuditSnapshot } from '../audit/audit-changes';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { badInput, notFound } from '../common/errors/app-error';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type Connection,
} from '../common/graphql/pagination';
import { refuseNulls } from '../common/validation/input-checks';
import { isUuid } from '../common/validation/uuid';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import type { PlatformEntity } from '../platforms/platform.entity';
import { invalidCursor } from '../platforms/platform.errors';
import { returnedRows, toDate } from '../platforms/platform.rows';
import { PlatformsService } from '../platforms/platforms.service';
import {
  enqueueOutageRiskReevaluation,
  enqueueWebhookEvent,
  outageEventData,
  type OutageShape,
} from '../webhooks/webhook-events';
import type { EndOutageArgs, RecordOutageInput, UpdateOutageInput } from './dto/outage.input';
import type { OutagesArgs } from './dto/outages.args';
import { OutageEntity, type OutageSeverity } from './outage.entity';
import {
  alreadyEnded,
  duplicateExternalId,
  endsBeforeStart,
  OutageErrorReason,
  staleVersion,
} from './outage.errors';

const FULL_BPS = 10_000;
const DEFAULT_SOURCE = 'MANUAL';

interface OutageRow {
  id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string | null;
  severity: OutageSeverity;
  degradation_bps: number;
  source: string;
  external_id: string | null;
  version: number;
  created_by_user_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  /** starts_at in UTC with microseconds, for cursors (a JS Date keeps only milliseconds). */
  sort_key: string;
}

const OUTAGE_COLUMNS = `o.id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps, o.source,
  o.external_id, o.version, o.created_by_user_id, o.created_at, o.updated_at,
  to_char(o.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function outageFromRow(row: OutageRow): OutageEntity {
  return Object.assign(new OutageEntity(), {
    id: row.id,
    title: row.title,
    startsAt: toDate(row.starts_at),
    endsAt: row.ends_at === null ? null : toDate(row.ends_at),
    severity: row.severity,
    degradationBps: Number(row.degradation_bps),
    source: row.source,
    externalId: row.external_id,
    version: Number(row.version),
    createdByUserId: row.created_by_user_id,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  });
}

/**
 * The bps a severity implies: FULL is always 10 000; PARTIAL needs 1–9 999, given now or kept
 * from a PARTIAL record being updated.
 */
function degradationFor(
  severity: OutageSeverity,
  given: number | undefined,
  previous?: Pick<OutageEntity, 'severity' | 'degradationBps'>,
): number {
  if (severity === 'FULL') {
    if (given !== undefined && given !== FULL_BPS) {
      throw badInput(
        `A FULL outage is ${FULL_BPS} bps; omit degradationBps or use PARTIAL`,
        ['input.degradationBps'],
        OutageErrorReason.DEGRADATION_OUT_OF_RANGE,
      );
    }
    return FULL_BPS;
  }
  const bps = given ?? (previous?.severity === 'PARTIAL' ? previous.degradationBps : undefined);
  if (bps === undefined) {
    throw badInput(
      'A PARTIAL outage needs degradationBps between 1 and 9999',
      ['input.degradationBps'],
      OutageErrorReason.DEGRADATION_REQUIRED,
    );
  }
  if (bps < 1 || bps >= FULL_BPS) {
    throw badInput(
      `A PARTIAL outage's degradationBps must be between 1 and 9999, not ${bps}; use FULL for a complete outage`,
      ['input.degradationBps'],
      OutageErrorReason.DEGRADATION_OUT_OF_RANGE,
    );
  }
  return bps;
}

function nonBlank(value: string, field: 'title' | 'source' | 'externalId'): string {
  const trimmed = value.trim();
  if (!trimmed) {
    throw badInput(`${field} must not be blank`, [`input.${field}`], OutageErrorReason.BLANK_VALUE);
  }
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
    private readonly platforms: PlatformsService,
  ) {}

  async record(viewer: Viewer, input: RecordOutageInput): Promise<OutageEntity> {
    const title = nonBlank(input.title, 'title');
    const endsAt = input.endsAt ?? null;
    if (endsAt && endsAt <= input.startsAt)
      throw endsBeforeStart(input.startsAt, endsAt, ['input.endsAt']);
    const degradationBps = degradationFor(input.severity, input.degradationBps ?? undefined);
    const source = input.source == null ? DEFAULT_SOURCE : nonBlank(input.source, 'source');
    const externalId = input.externalId == null ? null : nonBlank(input.externalId, 'externalId');
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const platforms = await this.platforms.resolveSlugs(
        input.platformSlugs,
        'input.platformSlugs',
        manager,
      );
      // DO NOTHING rather than catching the unique violation, which would abort the transaction.
      const inserted = await manager.query<Array<{ id: string }>>(
        `INSERT INTO outages (title, starts_at, ends_at, severity, degradation_bps, source, external_id, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (source, external_id) DO NOTHING
         RETURNING id`,
        [
          title,
          input.startsAt,
          endsAt,
          input.severity,
          degradationBps,
          source,
          externalId,
          viewer.userId,
        ],
      );
      if (inserted.length === 0) throw duplicateExternalId(source, externalId!);
      const id = inserted[0].id;
      await this.insertPlatforms(manager, id, [...platforms.values()]);
      const outage = await manager.findOneByOrFail(OutageEntity, { id });
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
        data: outageEventData(outage, sortedSlugs(platforms)),
      });
      return outage;
    });
  }

  /**
   * Changes the given fields and bumps `version`. The write is `UPDATE … WHERE version = v`, so a
   * concurrent change between reading and writing is refused rather than overwritten.
   */
  async update(viewer: Viewer, id: string, input: UpdateOutageInput): Promise<OutageEntity> {
    // null clears endsAt (the outage is ongoing again) and lets degradationBps follow the
    // severity; an outage always has the others, so null there is refused, as on deals.
    refuseNulls(input, UPDATE_OUTAGE_NOT_NULLABLE);
    if (!isUuid(id)) throw notFound('Outage', id);
    return runTransaction(this.dataSource, async (manager) => {
      const current = await manager.findOneBy(OutageEntity, { id });
      if (!current) throw notFound('Outage', id);
      if (input.expectedVersion != null && input.expectedVersion !== current.version) {
        throw staleVersion(id, current.version, input.expectedVersion);
      }
      const title = input.title == null ? current.title : nonBlank(input.title, 'title');
      const startsAt = input.startsAt ?? current.startsAt;
      const endsAt = input.endsAt === undefined ? current.endsAt : input.endsAt;
      if (endsAt && endsAt <= startsAt) {
        throw endsBeforeStart(
          startsAt,
          endsAt,
          input.startsAt ? ['input.endsAt', 'input.startsAt'] : ['input.endsAt'],
        );
      }
      const severity = input.severity ?? current.severity;
      const degradationBps = degradationFor(severity, input.degradationBps ?? undefined, current);
      const platforms = input.platformSlugs
        ? await this.platforms.resolveSlugs(input.platformSlugs, 'input.platformSlugs', manager)
        : null;
      const version = input.expectedVersion ?? current.version;
      const updated = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE outages
              SET title = $3, starts_at = $4, ends_at = $5, severity = $6, degradation_bps = $7,
                  version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2
           RETURNING id`,
          [id, version, title, startsAt, endsAt, severity, degradationBps],
        ),
      );
      if (updated.length === 0)
        throw await this.lostRace(manager, id, input.expectedVersion ?? undefined);
      const before = outageSnapshot(current, null);
      const after = platforms ? { platforms: sortedSlugs(platforms) } : {};
      const previous = outageShape(current, await this.platformIdsOf(manager, id));
      if (platforms) {
        before.platforms = await this.platformSlugsOf(manager, id);
        await manager.query(`DELETE FROM outage_platforms WHERE outage_id = $1`, [id]);
        await this.insertPlatforms(manager, id, [...platforms.values()]);
      }
      const outage = await manager.findOneByOrFail(OutageEntity, { id });
      await this.audit(manager, viewer, 'updateOutage', id, before, {
        ...outageSnapshot(outage, null),
        ...after,
      });
      await this.enqueueChange(manager, outage, previous);
      return outage;
    });
  }

  /** Sets the end (default now) of an outage that has not ended yet. */
  async end(viewer: Viewer, args: EndOutageArgs): Promise<OutageEntity> {
    refuseNulls(args, ['expectedVersion'], '');
    if (!isUuid(args.id)) throw notFound('Outage', args.id);
    return runTransaction(this.dataSource, async (manager) => {
      const current = await manager.findOneBy(OutageEntity, { id: args.id });
      if (!current) throw notFound('Outage', args.id);
      if (args.expectedVersion != null && args.expectedVersion !== current.version) {
        throw staleVersion(current.id, current.version, args.expectedVersion);
      }
      const now = new Date();
      if (current.endsAt && current.endsAt <= now) throw alreadyEnded(current.id, current.endsAt);
      const endsAt = args.endsAt ?? now;
      if (endsAt <= current.startsAt) throw endsBeforeStart(current.startsAt, endsAt, ['endsAt']);
      const updated = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE outages SET ends_at = $3, version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2
           RETURNING id`,
          [current.id, args.expectedVersion ?? current.version, endsAt],
        ),
      );
      if (updated.length === 0) {
        const latest = await manager.findOneBy(OutageEntity, { id: current.id });
        if (!latest) throw notFound('Outage', current.id);
        if (args.expectedVersion == null && latest.endsAt && latest.endsAt <= new Date())
          throw alreadyEnded(latest.id, latest.endsAt);
        throw staleVersion(latest.id, latest.version, args.expectedVersion ?? undefined);
      }
      const outage = await manager.findOneByOrFail(OutageEntity, { id: current.id });
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
        outage,
        outageShape(current, await this.platformIdsOf(manager, current.id)),
      );
      return outage;
    });
  }

  async findOne(id: string): Promise<OutageEntity> {
    const outage = isUuid(id)
      ? await this.dataSource.manager.findOneBy(OutageEntity, { id })
      : null;
    if (!outage) throw notFound('Outage', id);
    return outage;
  }

  /** Newest first (startsAt DESC, id DESC). */
  async list(args: OutagesArgs): Promise<Connection<OutageEntity>> {
    const size = pageSize(args);
    const filter = args.filter ?? {};
    const now = new Date();
    const params: unknown[] = [];
    const filters: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.platformSlug != null) {
      const platform = (
        await this.platforms.resolveSlugs([filter.platformSlug], 'filter.platformSlug')
      ).get(filter.platformSlug)!;
      filters.push(
        `EXISTS (SELECT 1 FROM outage_platforms op WHERE op.outage_id = o.id AND op.platform_id = ${param(platform.id)})`,
      );
    }
    if (filter.from && filter.to && filter.to <= filter.from) {
      throw badInput(
        'filter.to must be after filter.from',
        ['filter.to'],
        OutageErrorReason.EMPTY_WINDOW,
      );
    }
    // Overlap with [from, to): an open-ended outage overlaps everything after its start.
    if (filter.from) filters.push(`(o.ends_at IS NULL OR o.ends_at > ${param(filter.from)})`);
    if (filter.to) filters.push(`o.starts_at < ${param(filter.to)}`);
    if (filter.ongoing != null) {
      const at = param(now);
      const ongoing = `(o.starts_at <= ${at} AND (o.ends_at IS NULL OR o.ends_at > ${at}))`;
      filters.push(filter.ongoing ? ongoing : `NOT ${ongoing}`);
    }
    if (filter.severity) filters.push(`o.severity = ${param(filter.severity)}`);
    if (filter.source != null) filters.push(`o.source = ${param(filter.source)}`);

    const where = filters.length > 0 ? filters.join(' AND ') : 'TRUE';
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM outages o WHERE ${where}`,
      params,
    );
    const pageFilters = [...filters];
    if (args.after) {
      const [startsAt, id] = decodeCursor(args.after);
      if (!SORT_KEY.test(startsAt) || !isUuid(id)) throw invalidCursor();
      pageFilters.push(
        `(o.starts_at, o.id) < (${param(startsAt)}::timestamptz, ${param(id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<OutageRow[]>(
      `SELECT ${OUTAGE_COLUMNS} FROM outages o
        WHERE ${pageFilters.length > 0 ? pageFilters.join(' AND ') : 'TRUE'}
        ORDER BY o.starts_at DESC, o.id DESC
        LIMIT ${param(size + 1)}`,
      params,
    );
    return toConnection(
      rows,
      size,
      total,
      (row) => [row.sort_key, row.id],
      (row) => outageFromRow(row),
    );
  }

  private async insertPlatforms(
    manager: EntityManager,
    outageId: string,
    platforms: PlatformEntity[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO outage_platforms (outage_id, platform_id) SELECT $1, unnest($2::uuid[])`,
      [outageId, platforms.map((platform) => platform.id)],
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
   * risk), otherwise a risk re-evaluation when its window, platforms or severity moved.
   */
  private async enqueueChange(
    manager: EntityManager,
    outage: OutageEntity,
    previous: OutageShape,
  ): Promise<void> {
    const platformIds = await this.platformIdsOf(manager, outage.id);
    if (previous.endsAt === null && outage.endsAt !== null) {
      await enqueueWebhookEvent(manager, {
        type: 'outage.ended',
        outageId: outage.id,
        data: outageEventData(outage, await this.platformSlugsOf(manager, outage.id)),
        previousOutage: previous,
      });
      return;
    }
    const now = outageShape(outage, platformIds);
    if (JSON.stringify(now) !== JSON.stringify(previous)) {
      await enqueueOutageRiskReevaluation(manager, outage.id, previous);
    }
  }

  private async platformIdsOf(manager: EntityManager, outageId: string): Promise<string[]> {
    const rows = await manager.query<Array<{ platform_id: string }>>(
      `SELECT platform_id FROM outage_platforms WHERE outage_id = $1 ORDER BY platform_id`,
      [outageId],
    );
    return rows.map((row) => row.platform_id);
  }

  private async platformSlugsOf(manager: EntityManager, outageId: string): Promise<string[]> {
    const rows = await manager.query<Array<{ slug: string }>>(
      `SELECT p.slug FROM outage_platforms op JOIN platforms p ON p.id = op.platform_id
        WHERE op.outage_id = $1 ORDER BY p.slug`,
      [outageId],
    );
    return rows.map((row) => row.slug);
  }

  /** Why an `UPDATE … WHERE version = v` matched nothing. */
  private async lostRace(manager: EntityManager, id: string, expectedVersion?: number) {
    const latest = await manager.findOneBy(OutageEntity, { id });
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
