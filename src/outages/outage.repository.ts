import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { groupRows } from '../common/dataloader/loaders';
import { keysetSqlPage } from '../common/database/keyset-page';
import { joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { toDate } from '../common/database/to-date';
import type { PlatformEntity } from '../platforms/platform.entity';
import {
  PLATFORM_COLUMNS,
  platformFromRow,
  returnedRows,
  type PlatformRow,
} from '../platforms/platform.rows';
import type { OrderDirection } from '../common/graphql/list-order';
import type { OutageOrderField } from './dto/outages.args';
import { OutageEntity, type OutageSeverity } from './outage.entity';

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

const OUTAGE_COLUMNS =
  sqlText(`o.id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps, o.source,
  o.external_id, o.version, o.created_by_user_id, o.created_at, o.updated_at,
  to_char(o.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`);

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

/** The fields of an outage a write sets. */
export interface OutageWrite {
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  severity: OutageSeverity;
  degradationBps: number;
}

/** Filters of the outage list; each one given narrows it. */
/** The outages list's order (see `OutagesArgs.orderBy`). */
export interface OutageOrder {
  field: OutageOrderField;
  direction: OrderDirection;
}

// Fixed SQL per field (never client text); ties are broken by id.
const OUTAGE_ORDER_KEYS: Record<OutageOrderField, string> = {
  STARTS_AT: 'o.starts_at',
  ENDS_AT: "COALESCE(o.ends_at, 'infinity'::timestamptz)",
  UPDATED_AT: 'o.updated_at',
};

export interface OutageFilter {
  /** Only outages naming this platform directly. */
  platformId?: string;
  /** Overlapping [from, to): an open-ended outage overlaps everything after its start. */
  from?: Date | null;
  to?: Date | null;
  /** Ongoing (or not) at `at`. */
  ongoing?: { ongoing: boolean; at: Date };
  severity?: OutageSeverity | null;
  source?: string;
}

/** An outage read under a row lock, with its platforms (sorted ids). */
export interface LockedOutage extends OutageWrite {
  id: string;
  externalId: string;
  version: number;
  platformIds: string[];
}

/**
 * The SQL of outages and their platforms. Methods take the caller's transaction as `manager`
 * where a service writes several rows in one.
 */
@Injectable()
export class OutageRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, manager?: EntityManager): Promise<OutageEntity | null> {
    return this.db(manager).findOneBy(OutageEntity, { id });
  }

  getById(id: string, manager?: EntityManager): Promise<OutageEntity> {
    return this.db(manager).findOneByOrFail(OutageEntity, { id });
  }

  /** The outages with these ids, in the order given, null where there is none. One statement. */
  async findByIds(
    ids: readonly string[],
    manager?: EntityManager,
  ): Promise<Array<OutageEntity | null>> {
    const rows = await this.db(manager).findBy(OutageEntity, { id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * How many outages match `filter`, then (a second statement) a page of them in `order`,
   * forward or backward (default order: newest first, startsAt DESC, id DESC); each row with its
   * sort key (the instant with microseconds, `infinity` for an open end) for cursors. `validKey`
   * screens a cursor's sort key.
   */
  async page(
    filter: OutageFilter,
    order: OutageOrder,
    paging: PageRequest,
    validKey: (sortKey: string) => boolean,
  ): Promise<Connection<{ outage: OutageEntity; sortKey: string }>> {
    const filters: Sql[] = [];
    if (filter.platformId !== undefined) {
      filters.push(
        sql`EXISTS (SELECT 1 FROM outage_platforms op WHERE op.outage_id = o.id AND op.platform_id = ${filter.platformId})`,
      );
    }
    if (filter.from) filters.push(sql`(o.ends_at IS NULL OR o.ends_at > ${filter.from})`);
    if (filter.to) filters.push(sql`o.starts_at < ${filter.to}`);
    if (filter.ongoing) {
      const at = filter.ongoing.at;
      const ongoing = sql`(o.starts_at <= ${at} AND (o.ends_at IS NULL OR o.ends_at > ${at}))`;
      filters.push(filter.ongoing.ongoing ? ongoing : sql`NOT ${ongoing}`);
    }
    if (filter.severity) filters.push(sql`o.severity = ${filter.severity}`);
    if (filter.source !== undefined) filters.push(sql`o.source = ${filter.source}`);

    const [{ total }] = await this.query<{ total: number }>(
      sql`SELECT count(*)::int AS total FROM outages o WHERE ${joinSql(filters)}`,
    );
    const key = sqlText(OUTAGE_ORDER_KEYS[order.field]);
    return keysetSqlPage(
      this.dataSource,
      {
        // An open end sorts as the latest instant and is printed `infinity` in its cursor.
        select: sql`${OUTAGE_COLUMNS},
                 CASE WHEN ${key} = 'infinity' THEN 'infinity'
                      ELSE to_char(${key} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS page_key`,
        from: sqlText('outages o'),
        where: filters,
        order: {
          columns: [key, sqlText('o.id')],
          direction: order.direction,
          cursorValues: ([sortKey, id]) =>
            validKey(sortKey) && isUuid(id)
              ? [sql`${sortKey}::timestamptz`, sql`${id}::uuid`]
              : null,
        },
        cursorOf: (row: OutageRow & { page_key: string }) => [row.page_key, row.id],
      },
      paging,
      (row) => ({ outage: outageFromRow(row), sortKey: row.page_key }),
      total,
    );
  }

  /**
   * Inserts an outage unless one with its (source, external id) exists; its id, or null. DO
   * NOTHING rather than a unique violation, which would abort the caller's transaction.
   */
  async insertIfNew(
    outage: OutageWrite & {
      source: string;
      externalId: string | null;
      createdByUserId: string | null;
    },
    manager?: EntityManager,
  ): Promise<string | null> {
    const [inserted] = await this.query<{ id: string }>(
      sql`INSERT INTO outages (title, starts_at, ends_at, severity, degradation_bps, source, external_id, created_by_user_id)
          VALUES (${outage.title}, ${outage.startsAt}, ${outage.endsAt}, ${outage.severity},
                  ${outage.degradationBps}, ${outage.source}, ${outage.externalId}, ${outage.createdByUserId})
          ON CONFLICT (source, external_id) DO NOTHING
          RETURNING id`,
      manager,
    );
    return inserted?.id ?? null;
  }

  /**
   * Sets every field and bumps `version`, only while the outage is still at `version` (an
   * optimistic lock); false when it matched nothing (changed meanwhile, or gone).
   */
  async updateIfVersion(
    id: string,
    version: number,
    fields: OutageWrite,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.changedOne(
      sql`UPDATE outages
             SET title = ${fields.title}, starts_at = ${fields.startsAt}, ends_at = ${fields.endsAt},
                 severity = ${fields.severity}, degradation_bps = ${fields.degradationBps},
                 version = version + 1, updated_at = now()
           WHERE id = ${id} AND version = ${version}
          RETURNING id`,
      manager,
    );
  }

  /** Sets the end and bumps `version`, only while at `version`; false when it matched nothing. */
  async endIfVersion(
    id: string,
    version: number,
    endsAt: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.changedOne(
      sql`UPDATE outages SET ends_at = ${endsAt}, version = version + 1, updated_at = now()
           WHERE id = ${id} AND version = ${version}
          RETURNING id`,
      manager,
    );
  }

  /** Names these platforms on the outage (in addition to any it names). One statement. */
  async addPlatforms(
    outageId: string,
    platformIds: string[],
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`INSERT INTO outage_platforms (outage_id, platform_id) SELECT ${outageId}, unnest(${platformIds}::uuid[])`,
      manager,
    );
  }

  /** Replaces the platforms the outage names: two statements. */
  async replacePlatforms(
    outageId: string,
    platformIds: string[],
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(sql`DELETE FROM outage_platforms WHERE outage_id = ${outageId}`, manager);
    await this.addPlatforms(outageId, platformIds, manager);
  }

  /** The ids of the platforms the outage names, sorted. */
  async platformIdsOf(outageId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.query<{ platform_id: string }>(
      sql`SELECT platform_id FROM outage_platforms WHERE outage_id = ${outageId} ORDER BY platform_id`,
      manager,
    );
    return rows.map((row) => row.platform_id);
  }

  /** The slugs of the platforms the outage names, sorted. */
  async platformSlugsOf(outageId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.query<{ slug: string }>(
      sql`SELECT p.slug FROM outage_platforms op JOIN platforms p ON p.id = op.platform_id
           WHERE op.outage_id = ${outageId} ORDER BY p.slug`,
      manager,
    );
    return rows.map((row) => row.slug);
  }

  /** For each outage id, the platforms it names directly (not their dependents), by slug. */
  async platformsOf(outageIds: readonly string[]): Promise<PlatformEntity[][]> {
    const rows = await this.query<PlatformRow & { outage_id: string }>(
      sql`SELECT op.outage_id, ${sqlText(PLATFORM_COLUMNS)}
            FROM outage_platforms op
            JOIN platforms p ON p.id = op.platform_id
           WHERE op.outage_id = ANY(${[...outageIds]}::uuid[])
           ORDER BY p.slug`,
    );
    return groupRows(outageIds, rows, (row) => row.outage_id).map((group) =>
      group.map(platformFromRow),
    );
  }

  /**
   * The outages of `source` with these external ids, locked FOR UPDATE (so that no other write
   * slips in before the caller's), keyed by external id.
   */
  async lockByExternalIds(
    source: string,
    externalIds: string[],
    manager: EntityManager,
  ): Promise<Map<string, LockedOutage>> {
    const rows = await this.query<{
      id: string;
      platform_ids: string[];
      external_id: string;
      title: string;
      starts_at: Date | string;
      ends_at: Date | string | null;
      severity: OutageSeverity;
      degradation_bps: number;
      version: number;
    }>(
      sql`SELECT o.id, o.external_id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps,
                 o.version,
                 ARRAY(SELECT op.platform_id::text FROM outage_platforms op WHERE op.outage_id = o.id
                        ORDER BY op.platform_id) AS platform_ids
            FROM outages o WHERE o.source = ${source} AND o.external_id = ANY(${externalIds}::text[])
           FOR UPDATE`,
      manager,
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

  /**
   * Inserts every outage of `source` in one statement, skipping any whose external id exists
   * (DO NOTHING); external id → new id for those inserted.
   */
  async insertMany(
    source: string,
    createdByUserId: string | null,
    outages: Array<OutageWrite & { externalId: string }>,
    manager: EntityManager,
  ): Promise<Map<string, string>> {
    const inserted = await this.query<{ id: string; external_id: string }>(
      sql`INSERT INTO outages (title, starts_at, ends_at, severity, degradation_bps, source, external_id, created_by_user_id)
          SELECT v.title, v.starts_at, v.ends_at, v.severity, v.degradation_bps, ${source}, v.external_id, ${createdByUserId}::uuid
            FROM unnest(${outages.map((o) => o.title)}::text[],
                        ${outages.map((o) => o.startsAt.toISOString())}::timestamptz[],
                        ${outages.map((o) => isoOrNull(o.endsAt))}::timestamptz[],
                        ${outages.map((o) => o.severity)}::text[],
                        ${outages.map((o) => o.degradationBps)}::int[],
                        ${outages.map((o) => o.externalId)}::text[])
                 AS v(title, starts_at, ends_at, severity, degradation_bps, external_id)
          ON CONFLICT (source, external_id) DO NOTHING
          RETURNING id, external_id`,
      manager,
    );
    return new Map(inserted.map((row) => [row.external_id, row.id]));
  }

  /** Names one platform on each outage: one statement for all the pairs. */
  async addPlatformLinks(
    links: Array<{ outageId: string; platformId: string }>,
    manager: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`INSERT INTO outage_platforms (outage_id, platform_id)
          SELECT v.outage_id, v.platform_id
            FROM unnest(${links.map((link) => link.outageId)}::uuid[],
                        ${links.map((link) => link.platformId)}::uuid[]) AS v(outage_id, platform_id)`,
      manager,
    );
  }

  /**
   * Updates every outage in one statement, each only while still at the version it was read at,
   * bumping it; the ids updated.
   */
  async updateManyIfVersion(
    updates: Array<OutageWrite & { id: string; version: number }>,
    manager: EntityManager,
  ): Promise<Set<string>> {
    const statement = sql`UPDATE outages o
            SET title = v.title, starts_at = v.starts_at, ends_at = v.ends_at,
                severity = v.severity, degradation_bps = v.degradation_bps,
                version = o.version + 1, updated_at = now()
           FROM unnest(${updates.map((u) => u.id)}::uuid[],
                       ${updates.map((u) => u.version)}::int[],
                       ${updates.map((u) => u.title)}::text[],
                       ${updates.map((u) => u.startsAt.toISOString())}::timestamptz[],
                       ${updates.map((u) => isoOrNull(u.endsAt))}::timestamptz[],
                       ${updates.map((u) => u.severity)}::text[],
                       ${updates.map((u) => u.degradationBps)}::int[])
                AS v(id, version, title, starts_at, ends_at, severity, degradation_bps)
          WHERE o.id = v.id AND o.version = v.version
         RETURNING o.id`;
    const updated = returnedRows<{ id: string }>(
      await manager.query(statement.text, statement.values),
    );
    return new Set(updated.map((row) => row.id));
  }

  private async changedOne(statement: Sql, manager?: EntityManager): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.db(manager).query(statement.text, statement.values),
    );
    return rows.length > 0;
  }

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private query<T>(statement: Sql, manager?: EntityManager): Promise<T[]> {
    return this.db(manager).query<T[]>(statement.text, statement.values);
  }
}

function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
