import {
  Args,
  Extensions,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import { requireAdmin } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import type { Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { PlatformEntity } from '../platforms/platform.entity';
import { Platform } from '../platforms/platform.model';
import { EndOutageInput, RecordOutageInput, UpdateOutageInput } from './dto/outage.input';
import { OUTAGE_MAX_PLATFORMS } from './dto/outage-fields';
import { OutagesArgs } from './dto/outages.args';
import { OutageLoaders } from './outage.loaders';
import type { OutageEntity } from './outage.entity';
import { isOngoing, mayEndOutage, mayUpdateOutage, Outage, OutageConnection } from './outage.model';
import { OutagesService } from './outages.service';
import { Clock } from '../infrastructure/clock';

import { EndOutagePayload, RecordOutagePayload, UpdateOutagePayload } from './dto/outage.payloads';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
@Resolver(() => Outage)
export class OutagesResolver {
  constructor(
    private readonly service: OutagesService,
    private readonly loaders: OutageLoaders,
    private readonly clock: Clock,
  ) {}

  @Query(() => Outage, {
    nullable: true,
    description:
      "One outage (every account may read outages). An unknown id is null with a NOT_FOUND error at this field's path; sibling fields still resolve",
  })
  outage(
    @Args('id', { type: () => ID, description: "The outage's id" }) id: string,
  ): Promise<OutageEntity | null> {
    return this.service.findOne(id);
  }

  @Query(() => OutageConnection, {
    description: 'Newest first (startsAt, then id, descending) unless orderBy says otherwise',
  })
  outages(@Args() args: OutagesArgs): Promise<Connection<OutageEntity>> {
    return this.service.list(args);
  }

  @PayloadOf('outage')
  @Mutation(() => RecordOutagePayload, {
    description:
      'Administrators (others are FORBIDDEN): record an outage of one or more platforms. Honours an Idempotency-Key header. Refused with BAD_USER_INPUT (UNKNOWN_PLATFORM, ENDS_BEFORE_START, DEGRADATION_REQUIRED, DEGRADATION_OUT_OF_RANGE, BLANK_VALUE) or CONFLICT (DUPLICATE_EXTERNAL_ID)',
  })
  recordOutage(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The outage' }) input: RecordOutageInput,
  ): Promise<OutageEntity> {
    requireAdmin(viewer);
    return this.service.record(viewer, input);
  }

  @PayloadOf('outage')
  @Mutation(() => UpdateOutagePayload, {
    description:
      'Administrators: change an outage; every change bumps its version. Refused with CONFLICT (STALE_VERSION) or BAD_USER_INPUT (FIELD_NOT_NULLABLE, UNKNOWN_PLATFORM, ENDS_BEFORE_START, DEGRADATION_REQUIRED, DEGRADATION_OUT_OF_RANGE, BLANK_VALUE)',
  })
  updateOutage(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The outage and the fields to change' })
    input: UpdateOutageInput,
  ): Promise<OutageEntity> {
    requireAdmin(viewer);
    return this.service.update(viewer, input.id, input);
  }

  @PayloadOf('outage')
  @Mutation(() => EndOutagePayload, {
    description:
      'Administrators: end an outage that has not ended yet. Refused with CONFLICT (ALREADY_ENDED, STALE_VERSION) or BAD_USER_INPUT (ENDS_BEFORE_START)',
  })
  endOutage(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The outage, when it ended and the version you saw' })
    input: EndOutageInput,
  ): Promise<OutageEntity> {
    requireAdmin(viewer);
    return this.service.end(viewer, input);
  }

  // Computed, not stored: whether an outage is ongoing depends on when you ask.
  @ResolveField(() => Boolean, {
    description: 'Started and not (yet) ended at the time of the request',
  })
  ongoing(@Parent() outage: Outage): boolean {
    return isOngoing(outage, this.clock.now());
  }

  @ResolveField(() => Boolean, {
    description:
      'Whether updateOutage would accept a change from the caller: administrators, ended or not; false for everyone else',
  })
  viewerCanUpdate(@CurrentViewer() viewer: Viewer): boolean {
    return mayUpdateOutage(viewer);
  }

  @ResolveField(() => Boolean, {
    description:
      'Whether endOutage would accept it from the caller now: administrators, while the outage has no end at or before the time of the request',
  })
  viewerCanEnd(@Parent() outage: Outage, @CurrentViewer() viewer: Viewer): boolean {
    return mayEndOutage(viewer, outage, this.clock.now());
  }

  @Extensions({ maxItems: OUTAGE_MAX_PLATFORMS, expectedItems: 3 })
  @ResolveField(() => [Platform], {
    description: 'The platforms named by the outage (not their dependents)',
  })
  platforms(@Parent() outage: Outage, @Ctx() ctx: RequestContext): Promise<PlatformEntity[]> {
    return this.loaders.platformsOf(ctx).load(outage.id);
  }
}
