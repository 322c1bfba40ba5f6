import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Connection } from '../common/graphql/pagination';
import { type AppError, collectRefusalAsync, inputProblems } from '../common/errors/app-error';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { isUuid } from '../common/validation/uuid';
import { shortestDependencyPath } from './dependency-path';
import type { CreatePlatformInput, PlatformDependencyInput } from './dto/platform.input';
import type { PlatformsArgs } from './dto/platforms.args';
import type { PlatformEntity } from './platform.entity';
import {
  blank,
  dependencyCycle,
  dependencyNotFound,
  duplicateDependency,
  slugTaken,
  unknownPlatformReference,
  unknownPlatforms,
} from './platform.errors';
import { PlatformRepository } from './platform.repository';

@Injectable()
export class PlatformsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PlatformRepository,
  ) {}

  /** The catalog ordered by slug, optionally narrowed to slugs or names containing `search`. */
  list(args: PlatformsArgs): Promise<Connection<PlatformEntity>> {
    return this.repository.page(args.search?.trim() || undefined, args);
  }

  async create(input: CreatePlatformInput): Promise<PlatformEntity> {
    // Every problem at once.
    const problems: AppError[] = [];
    const name = input.name.trim();
    if (!name) problems.push(blank('input.name', 'name'));
    const dependsOn = [...new Set(input.dependsOn ?? [])];
    if (dependsOn.includes(input.slug))
      problems.push(dependencyCycle([input.slug, input.slug], 'input.dependsOn'));
    const providers = await collectRefusalAsync(problems, () =>
      this.resolveSlugs(
        dependsOn.filter((slug) => slug !== input.slug),
        'input.dependsOn',
      ),
    );
    if (problems.length > 0 || !providers) throw inputProblems(problems);
    return this.dataSource.transaction(async (manager) => {
      await claimIdempotencyKey(manager);
      const id = await this.repository.insertIfSlugFree(
        { slug: input.slug, name, kind: input.kind },
        manager,
      );
      if (id === null) throw slugTaken(input.slug);
      // A brand-new platform has no dependents, so its edges cannot close a cycle.
      if (providers.size > 0) {
        await this.repository.addDependencies(
          id,
          [...providers.values()].map((provider) => provider.id),
          manager,
        );
      }
      return this.repository.getById(id, manager);
    });
  }

  /** Records that `platformSlug` runs on `providerSlug`, refusing duplicates and cycles. */
  async addDependency(args: PlatformDependencyInput): Promise<PlatformEntity> {
    return this.dataSource.transaction(async (manager) => {
      // Edge insertions run one at a time, so two concurrent ones (a → b and b → a) cannot each
      // pass the cycle check and together form a cycle.
      await this.repository.lockDependencies(manager);
      const { platform, provider } = await this.resolvePair(args, manager);
      if (platform.id === provider.id)
        throw dependencyCycle([platform.slug, platform.slug], 'input.providerSlug');
      if (await this.repository.dependencyExists(platform.id, provider.id, manager))
        throw duplicateDependency(platform.slug, provider.slug);
      // The new edge closes a cycle iff the platform is already upstream of the provider.
      const upstream = await this.repository.upstreamEdgesReaching(
        provider.id,
        platform.id,
        manager,
      );
      if (upstream.length > 0) {
        const path = shortestDependencyPath(upstream, provider.slug, platform.slug) ?? [
          provider.slug,
          platform.slug,
        ];
        throw dependencyCycle([platform.slug, ...path], 'input.providerSlug');
      }
      await this.repository.addDependency(platform.id, provider.id, manager);
      return platform;
    });
  }

  async removeDependency(args: PlatformDependencyInput): Promise<PlatformEntity> {
    const { platform, provider } = await this.resolvePair(args);
    if (!(await this.repository.removeDependency(platform.id, provider.id)))
      throw dependencyNotFound(platform.slug, provider.slug);
    return platform;
  }

  /**
   * The platforms with these slugs, keyed by slug: the one slug → platform resolution. Throws
   * BAD_USER_INPUT `UNKNOWN_PLATFORM` naming `field` (e.g. `input.platformSlugs`) when any slug is
   * unknown. Pass the transaction's `manager` when calling from inside one.
   */
  async resolveSlugs(
    slugs: string[],
    field: string,
    manager?: EntityManager,
  ): Promise<Map<string, PlatformEntity>> {
    const unique = [...new Set(slugs)];
    if (unique.length === 0) return new Map();
    const bySlug = await this.bySlug(unique, manager);
    const missing = unique.filter((slug) => !bySlug.has(slug));
    if (missing.length > 0) throw unknownPlatforms(missing, field);
    return bySlug;
  }

  /**
   * Platform ids for slugs each named by its own input field (a deal's deliverables), in the
   * order given, in one statement. An unknown slug is reported against its own field, with the
   * message deals use ("…; see the platforms query for slugs").
   */
  async resolveSlugReferences(
    references: ReadonlyArray<{ slug: string; field: string }>,
    manager?: EntityManager,
  ): Promise<string[]> {
    if (references.length === 0) return [];
    const bySlug = await this.bySlug(
      references.map((reference) => reference.slug),
      manager,
    );
    return references.map(({ slug, field }) => {
      const platform = bySlug.get(slug);
      if (!platform) throw unknownPlatformReference(slug, field);
      return platform.id;
    });
  }

  /** The slug of a platform by id (null when there is none), for audit snapshots. */
  async slugOf(platformId: string, manager?: EntityManager): Promise<string | null> {
    return (await this.repository.getById(platformId, manager).catch(() => null))?.slug ?? null;
  }

  /** Which of these slugs name a platform (for reporting unknown ones without throwing). */
  async knownSlugs(slugs: Iterable<string>, manager?: EntityManager): Promise<Set<string>> {
    const unique = [...new Set(slugs)];
    if (unique.length === 0) return new Set();
    return new Set((await this.bySlug(unique, manager)).keys());
  }

  /**
   * The given platforms plus every platform depending on them, transitively (meta ⇒ facebook,
   * instagram, …): the platforms an outage of `platformIds` takes down. Direct ones first, then
   * by distance, then by slug; no duplicates; unknown ids are ignored.
   */
  async affectedPlatformIds(platformIds: string[], manager?: EntityManager): Promise<string[]> {
    const ids = [...new Set(platformIds.filter(isUuid))];
    if (ids.length === 0) return [];
    return this.repository.affectedIds(ids, manager);
  }

  private async bySlug(
    slugs: string[],
    manager?: EntityManager,
  ): Promise<Map<string, PlatformEntity>> {
    const rows = await this.repository.findBySlugs([...new Set(slugs)], manager);
    return new Map(rows.map((row) => [row.slug, row]));
  }

  private async resolvePair(
    args: PlatformDependencyInput,
    manager?: EntityManager,
  ): Promise<{ platform: PlatformEntity; provider: PlatformEntity }> {
    const rows = await this.repository.findBySlugs([args.platformSlug, args.providerSlug], manager);
    const platform = rows.find((row) => row.slug === args.platformSlug);
    const provider = rows.find((row) => row.slug === args.providerSlug);
    // Both named at once when both are unknown.
    const unknown = [
      ...(platform ? [] : [unknownPlatforms([args.platformSlug], 'input.platformSlug')]),
      ...(provider ? [] : [unknownPlatforms([args.providerSlug], 'input.providerSlug')]),
    ];
    if (!platform || !provider) throw inputProblems(unknown);
    return { platform, provider };
  }
}
