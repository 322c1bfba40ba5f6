import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import { requireAdmin } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import type { Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { CreatePlatformInput, PlatformDependencyInput } from './dto/platform.input';
import { PlatformsArgs } from './dto/platforms.args';
import type { PlatformEntity } from './platform.entity';
import { PlatformLoaders } from './platform.loaders';
import { Platform, PlatformConnection } from './platform.model';
import { PlatformsService } from './platforms.service';

import {
  AddPlatformDependencyPayload,
  CreatePlatformPayload,
  RemovePlatformDependencyPayload,
} from './dto/platform.payloads';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
@Resolver(() => Platform)
export class PlatformsResolver {
  constructor(
    private readonly service: PlatformsService,
    private readonly loaders: PlatformLoaders,
  ) {}

  @Query(() => PlatformConnection, { description: 'The platform catalog, ordered by slug' })
  platforms(@Args() args: PlatformsArgs): Promise<Connection<PlatformEntity>> {
    return this.service.list(args);
  }

  @PayloadOf('platform')
  @Mutation(() => CreatePlatformPayload, {
    description:
      'Administrators (others are FORBIDDEN): add a platform to the catalog. Honours an Idempotency-Key header. Refused with CONFLICT (SLUG_TAKEN) or BAD_USER_INPUT (UNKNOWN_PLATFORM in dependsOn, DEPENDENCY_CYCLE, BLANK_VALUE)',
  })
  createPlatform(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The platform' }) input: CreatePlatformInput,
  ): Promise<PlatformEntity> {
    requireAdmin(viewer);
    return this.service.create(input);
  }

  @PayloadOf('platform')
  @Mutation(() => AddPlatformDependencyPayload, {
    description:
      'Administrators: record that a platform runs on a provider; returns the platform. Refused with BAD_USER_INPUT (UNKNOWN_PLATFORM, DEPENDENCY_CYCLE) or CONFLICT (DUPLICATE_DEPENDENCY)',
  })
  addPlatformDependency(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The platform and its provider' }) args: PlatformDependencyInput,
  ): Promise<PlatformEntity> {
    requireAdmin(viewer);
    return this.service.addDependency(args);
  }

  @PayloadOf('platform')
  @Mutation(() => RemovePlatformDependencyPayload, {
    description:
      'Administrators: remove a dependency; returns the platform. An unknown slug is UNKNOWN_PLATFORM; a dependency that does not exist is NOT_FOUND (PLATFORM_DEPENDENCY_NOT_FOUND)',
  })
  removePlatformDependency(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The platform and its provider' }) args: PlatformDependencyInput,
  ): Promise<PlatformEntity> {
    requireAdmin(viewer);
    return this.service.removeDependency(args);
  }

  // bounded by the catalog; a platform runs on a few
  @Extensions({ expectedItems: 5 })
  @ResolveField(() => [Platform], { description: 'The platforms this one runs on directly' })
  dependsOn(@Parent() platform: Platform, @Ctx() ctx: RequestContext): Promise<PlatformEntity[]> {
    return this.loaders.providersOf(ctx).load(platform.id);
  }

  // bounded by the catalog; a few run on one platform
  @Extensions({ expectedItems: 5 })
  @ResolveField(() => [Platform], { description: 'The platforms that run on this one directly' })
  dependents(@Parent() platform: Platform, @Ctx() ctx: RequestContext): Promise<PlatformEntity[]> {
    return this.loaders.dependentsOf(ctx).load(platform.id);
  }
}
