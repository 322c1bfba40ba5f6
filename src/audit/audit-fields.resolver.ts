import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../auth/current-viewer.decorator';
import { checkedPageSize, type Connection } from '../common/graphql/pagination';
import type { DealEntity } from '../deals/deal.entity';
import { Deal } from '../deals/deal.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { AuditActor, AuditEntry, AuditEntryConnection } from './audit-entry.model';
import { AuditLoaders } from './audit.loaders';

@Resolver(() => Deal)
export class DealAuditTrailResolver {
  constructor(private readonly loaders: AuditLoaders) {}

  @ResolveField(() => AuditEntryConnection, {
    description:
      "The deal's audit trail, oldest first: its own entries and its deliverables', as auditTrail(entityId: id) lists them, with the same redaction of private notes",
  })
  auditTrail(
    @Parent() deal: DealEntity,
    @Ctx() ctx: RequestContext,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'Page size, 1–100 (default 20)',
    })
    first?: number | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: 'endCursor of the previous page of this deal’s trail',
    })
    after?: string | null,
  ): Promise<Connection<AuditEntry>> {
    return this.loaders.dealTrail(ctx, checkedPageSize(first), after ?? null).load(deal.id);
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryActorResolver {
  constructor(private readonly loaders: AuditLoaders) {}

  @ResolveField(() => AuditActor, {
    nullable: true,
    description:
      'Who made the change, for display (a role and a name, never an email); SYSTEM when no user did; null when their account no longer exists',
  })
  actor(@Parent() entry: AuditEntry, @Ctx() ctx: RequestContext): Promise<AuditActor | null> {
    return this.loaders.actorOf(ctx).load(entry);
  }
}
