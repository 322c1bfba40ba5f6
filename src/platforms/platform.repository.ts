import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { groupRows } from '../common/dataloader/loaders';
import { keysetSqlPage } from '../common/database/keyset-page';
import { containsPattern } from '../common/database/like-pattern';
import { identifier, joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { SLUG_PATTERN } from './dto/platform.input';
import type { SlugEdge } from './dependency-path';
import { PlatformEntity, type PlatformKind } from './platform.entity';
import { PLATFORM_COLUMNS, platformFromRow, returnedRows, type PlatformRow } from './platform.rows';

// A dependency chain longer than this can only be a cycle in hand-edited data; stop walking there.
const MAX_DEPENDENCY_DEPTH = 100;

const COLUMNS = sqlText(PLATFORM_COLUMNS);

/**
 * The SQL of the platform catalog and its dependency graph (not platform accounts). Every method
 * takes the caller's transaction as `manager` where a service needs several statements in one.
 */
@Injectable()
export class PlatformRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One page of the catalog by (slug, id), forward or backward, and how many platforms match
   * `search` (slug or name, case-insensitive): two statements.
   */
  async page(search: string | undefined, paging: PageRequest): Promise<Connection<PlatformEntity>> {
    const filters: Sql[] = [];
    if (search) {
      const pattern = containsPattern(search);
      filters.push(sql`(p.slug ILIKE ${pattern} OR p.name ILIKE ${pattern})`);
    }
    return keysetSqlPage(
      this.dataSource,
      {
        select: COLUMNS,
        from: sqlText('platforms p'),
        where: filters,
        order: {
          columns: [sqlText('p.slug'), sqlText('p.id')],
          direction: 'ASC',
          cursorValues: ([slug, id]) =>
            SLUG_PATTERN.test(slug) && isUuid(id) ? [sql`${slug}`, sql`${id}::uuid`] : null,
        },
        cursorOf: (row: PlatformRow) => [row.slug, row.id],
      },
      paging,
      platformFromRow,
      (
        await this.query<{ total: number }>(
          sql`SELECT count(*)::int AS total FROM platforms p WHERE ${joinSql(filters)}`,
        )
      )[0].total,
    );
  }

  /** The platforms with these slugs (any order; unknown slugs are simply absent). One statement. */
  findBySlugs(slugs: readonly string[], manager?: EntityManager): Promise<PlatformEntity[]> {
    return this.db(manager).findBy(PlatformEntity, { slug: In([...slugs]) });
  }

  /** The platforms with these ids, in the order given, null where there is none. One statement. */
  async findByIds(ids: readonly string[]): Promise<Array<PlatformEntity | null>> {
    const rows = await this.db().findBy(PlatformEntity, { id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  getById(id: string, manager?: EntityManager): Promise<PlatformEntity> {
    return this.db(manager).findOneByOrFail(PlatformEntity, { id });
  }

  /**
   * Inserts a platform unless its slug is taken; its id, or null when taken. DO NOTHING rather
   * than a unique violation, which would abort the caller's transaction.
   */
  async insertIfSlugFree(
    platform: { slug: string; name: string; kind: PlatformKind },
    manager?: EntityManager,
  ): Promise<string | null> {
    const [inserted] = await this.query<{ id: string }>(
      sql`INSERT INTO platforms (slug, name, kind) VALUES (${platform.slug}, ${platform.name}, ${platform.kind})
          ON CONFLICT (slug) DO NOTHING RETURNING id`,
      manager,
    );
    return inserted?.id ?? null;
  }

  /**
   * Serialises dependency insertions: SHARE ROW EXCLUSIVE conflicts with itself, so two concurrent
   * ones (a → b and b → a) cannot each pass the cycle check and together form a cycle.
   */
  async lockDependencies(manager: EntityManager): Promise<void> {
    await manager.query('LOCK TABLE platform_dependencies IN SHARE ROW EXCLUSIVE MODE');
  }

  async dependencyExists(
    platformId: string,
    providerId: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const rows = await this.query<unknown>(
      sql`SELECT 1 FROM platform_dependencies WHERE platform_id = ${platformId} AND provider_id = ${providerId}`,
      manager,
    );
    return rows.length > 0;
  }

  /**
   * Every edge upstream of `fromId` (the platforms it runs on, transitively), as slugs, when
   * `targetId` is among those providers; no edges otherwise.
   */
  upstreamEdgesReaching(
    fromId: string,
    targetId: string,
    manager?: EntityManager,
  ): Promise<SlugEdge[]> {
    return this.query<SlugEdge>(
      sql`WITH RECURSIVE upstream (platform_id, provider_id) AS (
              SELECT d.platform_id, d.provider_id FROM platform_dependencies d WHERE d.platform_id = ${fromId}
            UNION
              SELECT d.platform_id, d.provider_id
                FROM platform_dependencies d JOIN upstream u ON d.platform_id = u.provider_id
          )
          SELECT a.slug AS platform, b.slug AS provider
            FROM upstream u
            JOIN platforms a ON a.id = u.platform_id
            JOIN platforms b ON b.id = u.provider_id
           WHERE EXISTS (SELECT 1 FROM upstream WHERE provider_id = ${targetId})`,
      manager,
    );
  }

  /** Records that `platformId` runs on each of `providerIds`: one statement. */
  async addDependencies(
    platformId: string,
    providerIds: string[],
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`INSERT INTO platform_dependencies (platform_id, provider_id)
          SELECT ${platformId}, unnest(${providerIds}::uuid[])`,
      manager,
    );
  }

  async addDependency(
    platformId: string,
    providerId: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      sql`INSERT INTO platform_dependencies (platform_id, provider_id) VALUES (${platformId}, ${providerId})`,
      manager,
    );
  }

  /** Deletes the edge; false when there was none. */
  async removeDependency(
    platformId: string,
    providerId: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const statement = sql`DELETE FROM platform_dependencies
                           WHERE platform_id = ${platformId} AND provider_id = ${providerId}
                          RETURNING platform_id`;
    const deleted = returnedRows<{ platform_id: string }>(
      await this.db(manager).query(statement.text, statement.values),
    );
    return deleted.length > 0;
  }

  /**
   * The given platforms plus every platform depending on them, transitively: direct ones first,
   * then by distance, then by slug; no duplicates; ids of no platform are dropped.
   */
  async affectedIds(platformIds: string[], manager?: EntityManager): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      sql`WITH RECURSIVE affected (id, depth) AS (
              SELECT p.id, 0 FROM platforms p WHERE p.id = ANY(${platformIds}::uuid[])
            UNION
              SELECT d.platform_id, a.depth + 1
                FROM affected a JOIN platform_dependencies d ON d.provider_id = a.id
               WHERE a.depth < ${MAX_DEPENDENCY_DEPTH}
          )
          SELECT a.id FROM affected a JOIN platforms p ON p.id = a.id
           GROUP BY a.id, p.slug
           ORDER BY min(a.depth), p.slug`,
      manager,
    );
    return rows.map((row) => row.id);
  }

  /** For each platform id, the platforms it runs on directly, by slug. One statement. */
  providersOf(platformIds: readonly string[]): Promise<PlatformEntity[][]> {
    return this.edges(platformIds, 'platform_id', 'provider_id');
  }

  /** For each platform id, the platforms running on it directly, by slug. One statement. */
  dependentsOf(platformIds: readonly string[]): Promise<PlatformEntity[][]> {
    return this.edges(platformIds, 'provider_id', 'platform_id');
  }

  /** The platforms on the `other` end of edges whose `key` end is one of `ids`, grouped by id. */
  private async edges(
    ids: readonly string[],
    key: 'platform_id' | 'provider_id',
    other: 'platform_id' | 'provider_id',
  ): Promise<PlatformEntity[][]> {
    const rows = await this.query<PlatformRow & { key_id: string }>(
      sql`SELECT d.${identifier(key)} AS key_id, ${COLUMNS}
            FROM platform_dependencies d
            JOIN platforms p ON p.id = d.${identifier(other)}
           WHERE d.${identifier(key)} = ANY(${[...ids]}::uuid[])
           ORDER BY p.slug`,
    );
    return groupRows(ids, rows, (row) => row.key_id).map((group) => group.map(platformFromRow));
  }

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private query<T>(statement: Sql, manager?: EntityManager): Promise<T[]> {
    return this.db(manager).query<T[]>(statement.text, statement.values);
  }
}
