import { containsPattern } from '../common/database/like-pattern';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type Connection,
} from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { shortestDependencyPath, type SlugEdge } from './dependency-path';
import {
  SLUG_PATTERN,
  type CreatePlatformInput,
  type PlatformDependencyArgs,
} from './dto/platform.input';
import type { PlatformsArgs } from './dto/platforms.args';
import { PlatformEntity } from './platform.entity';
import {
  blank,
  dependencyCycle,
  dependencyNotFound,
  duplicateDependency,
  invalidCursor,
  slugTaken,
  unknownPlatforms,
} from './platform.errors';
import { PLATFORM_COLUMNS, platformFromRow, returnedRows, type PlatformRow } from './platform.rows';

// A dependency chain longer than this can only be a cycle in hand-edited data; stop walking there.
const MAX_DEPENDENCY_DEPTH = 100;

@Injectable()
export class PlatformsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The catalog ordered by slug, optionally narrowed to slugs or names containing `search`. */
  async list(args: PlatformsArgs): Promise<Connection<PlatformEntity>> {
    const size = pageSize(args);
    const filters: string[] = [];
    const params: unknown[] = [];
    const search = args.search?.trim();
    if (search) {
      params.push(containsPattern(search));
      filters.push(`(p.slug ILIKE $${params.length} OR p.name ILIKE $${params.length})`);
    }
    const pageFilters = [...filters];
    const pageParams = [...params];
    if (args.after) {
      const [slug, id] = decodeCursor(args.after);
      if (!SLUG_PATTERN.test(slug) || !isUuid(id)) throw invalidCursor();
      pageParams.push(slug, id);
      pageFilters.push(`(p.slug, p.id) > ($${pageParams.length - 1}, $${pageParams.length}::uuid)`);
    }
    pageParams.push(size + 1);
    const where = (list: string[]) => (list.length > 0 ? list.join(' AND ') : 'TRUE');
    const rows = await this.dataSource.query<PlatformRow[]>(
      `SELECT ${PLATFORM_COLUMNS} FROM platforms p WHERE ${where(pageFilters)}
        ORDER BY p.slug, p.id LIMIT $${pageParams.length}`,
      pageParams,
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM platforms p WHERE ${where(filters)}`,
      params,
    );
    return toConnection(rows, size, total, (row) => [row.slug, row.id], platformFromRow);
  }

  async create(input: CreatePlatformInput): Promise<PlatformEntity> {
    const name = input.name.trim();
    if (!name) throw blank('input.name', 'name');
    const dependsOn = [...new Set(input.dependsOn ?? [])];
    if (dependsOn.includes(input.slug))
      throw dependencyCycle([input.slug, input.slug], 'input.dependsOn');
    return this.dataSource.transaction(async (manager) => {
      const providers = await this.resolveSlugs(dependsOn, 'input.dependsOn', manager);
      // DO NOTHING rather than catching the unique violation, which would abort the transaction.
      const inserted = await manager.query<Array<{ id: string }>>(
        `INSERT INTO platforms (slug, name, kind) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [input.slug, name, input.kind],
      );
      if (inserted.length === 0) throw slugTaken(input.slug);
      const id = inserted[0].id;
      // A brand-new platform has no dependents, so its edges cannot close a cycle.
      if (providers.size > 0) {
        await manager.query(
          `INSERT INTO platform_dependencies (platform_id, provider_id) SELECT $1, unnest($2::uuid[])`,
          [id, [...providers.values()].map((provider) => provider.id)],
        );
      }
      return manager.findOneByOrFail(PlatformEntity, { id });
    });
  }

  /** Records that `platformSlug` runs on `providerSlug`, refusing duplicates and cycles. */
  async addDependency(args: PlatformDependencyArgs): Promise<PlatformEntity> {
    return this.dataSource.transaction(async (manager) => {
      // SHARE ROW EXCLUSIVE conflicts with itself: edge insertions run one at a time, so two
      // concurrent ones (a → b and b → a) cannot each pass the cycle check and together form a cycle.
      await manager.query('LOCK TABLE platform_dependencies IN SHARE ROW EXCLUSIVE MODE');
      const { platform, provider } = await this.resolvePair(args, manager);
      if (platform.id === provider.id)
        throw dependencyCycle([platform.slug, platform.slug], 'providerSlug');
      const existing = await manager.query<unknown[]>(
        `SELECT 1 FROM platform_dependencies WHERE platform_id = $1 AND provider_id = $2`,
        [platform.id, provider.id],
      );
      if (existing.length > 0) throw duplicateDependency(platform.slug, provider.slug);
      // The new edge closes a cycle iff the platform is already upstream of the provider.
      const upstream = await manager.query<SlugEdge[]>(
        `WITH RECURSIVE upstream (platform_id, provider_id) AS (
             SELECT d.platform_id, d.provider_id FROM platform_dependencies d WHERE d.platform_id = $1
           UNION
             SELECT d.platform_id, d.provider_id
               FROM platform_dependencies d JOIN upstream u ON d.platform_id = u.provider_id
         )
         SELECT a.slug AS platform, b.slug AS provider
           FROM upstream u
           JOIN platforms a ON a.id = u.platform_id
           JOIN platforms b ON b.id = u.provider_id
          WHERE EXISTS (SELECT 1 FROM upstream WHERE provider_id = $2)`,
        [provider.id, platform.id],
      );
      if (upstream.length > 0) {
        const path = shortestDependencyPath(upstream, provider.slug, platform.slug) ?? [
          provider.slug,
          platform.slug,
        ];
        throw dependencyCycle([platform.slug, ...path], 'providerSlug');
      }
      await manager.query(
        `INSERT INTO platform_dependencies (platform_id, provider_id) VALUES ($1, $2)`,
        [platform.id, provider.id],
      );
      return platform;
    });
  }

  async removeDependency(args: PlatformDependencyArgs): Promise<PlatformEntity> {
    const { platform, provider } = await this.resolvePair(args, this.dataSource.manager);
    const deleted = returnedRows<{ platform_id: string }>(
      await this.dataSource.query(
        `DELETE FROM platform_dependencies WHERE platform_id = $1 AND provider_id = $2 RETURNING platform_id`,
        [platform.id, provider.id],
      ),
    );
    if (deleted.length === 0) throw dependencyNotFound(platform.slug, provider.slug);
    return platform;
  }

  /**
   * The platforms with these slugs, keyed by slug. Throws BAD_USER_INPUT `UNKNOWN_PLATFORM`
   * naming `field` (e.g. `input.platformSlugs`) when any slug is unknown. Pass the transaction's
   * `manager` when calling from inside one.
   */
  async resolveSlugs(
    slugs: string[],
    field: string,
    manager?: EntityManager,
  ): Promise<Map<string, PlatformEntity>> {
    const unique = [...new Set(slugs)];
    if (unique.length === 0) return new Map();
    const rows = await (manager ?? this.dataSource.manager).findBy(PlatformEntity, {
      slug: In(unique),
    });
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    const missing = unique.filter((slug) => !bySlug.has(slug));
    if (missing.length > 0) throw unknownPlatforms(missing, field);
    return bySlug;
  }

  /**
   * The given platforms plus every platform depending on them, transitively (meta ⇒ facebook,
   * instagram, …): the platforms an outage of `platformIds` takes down. Direct ones first, then
   * by distance, then by slug; no duplicates; unknown ids are ignored.
   */
  async affectedPlatformIds(platformIds: string[], manager?: EntityManager): Promise<string[]> {
    const ids = [...new Set(platformIds.filter(isUuid))];
    if (ids.length === 0) return [];
    const rows = await (manager ?? this.dataSource.manager).query<Array<{ id: string }>>(
      `WITH RECURSIVE affected (id, depth) AS (
           SELECT p.id, 0 FROM platforms p WHERE p.id = ANY($1::uuid[])
         UNION
           SELECT d.platform_id, a.depth + 1
             FROM affected a JOIN platform_dependencies d ON d.provider_id = a.id
            WHERE a.depth < $2
       )
       SELECT a.id FROM affected a JOIN platforms p ON p.id = a.id
        GROUP BY a.id, p.slug
        ORDER BY min(a.depth), p.slug`,
      [ids, MAX_DEPENDENCY_DEPTH],
    );
    return rows.map((row) => row.id);
  }

  private async resolvePair(
    args: PlatformDependencyArgs,
    manager: EntityManager,
  ): Promise<{ platform: PlatformEntity; provider: PlatformEntity }> {
    const rows = await manager.findBy(PlatformEntity, {
      slug: In([args.platformSlug, args.providerSlug]),
    });
    const platform = rows.find((row) => row.slug === args.platformSlug);
    const provider = rows.find((row) => row.slug === args.providerSlug);
    if (!platform) throw unknownPlatforms([args.platformSlug], 'platformSlug');
    if (!provider) throw unknownPlatforms([args.providerSlug], 'providerSlug');
    return { platform, provider };
  }
}
