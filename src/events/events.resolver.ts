import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import type { Connection } from '../common/graphql/pagination';
import { DealLoaders } from '../deals/deal.loaders';
import type { DealEntity } from '../deals/deal.entity';
import { Deal } from '../deals/deal.model';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { Deliverable } from '../deals/deliverable.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { OutageLoaders } from '../outages/outage.loaders';
import type { OutageEntity } from '../outages/outage.entity';
import { Outage } from '../outages/outage.model';
import { EventsArgs } from './dto/events.args';
import { Event, EventConnection } from './event.model';
import { EventLoaders } from './events.loaders';
import { EventsService } from './events.service';

@Resolver(() => Event)
export class EventsResolver {
  constructor(
    private readonly service: EventsService,
    private readonly deliverables: DeliverableLoaders,
    private readonly deals: DealLoaders,
    private readonly outages: OutageLoaders,
  ) {}

  @Query(() => EventConnection, {
    description:
      'What changed: the changes the caller may see, oldest first. Poll with after: <last endCursor> to get only what is new',
  })
  events(@CurrentViewer() viewer: Viewer, @Args() args: EventsArgs): Promise<Connection<Event>> {
    return this.service.feed(viewer, args);
  }

  @ResolveField(() => Deliverable, {
    nullable: true,
    description: 'The deliverable a deliverable.* event is about, as it is now; null otherwise',
  })
  deliverable(
    @Parent() event: Event,
    @Ctx() ctx: RequestContext,
  ): Promise<DeliverableEntity | null> | null {
    return event.deliverableId ? this.deliverables.byId(ctx).load(event.deliverableId) : null;
  }

  @ResolveField(() => Deal, {
    nullable: true,
    description: 'The deal of a deliverable.* or deal.* event, as it is now; null otherwise',
  })
  deal(@Parent() event: Event, @Ctx() ctx: RequestContext): Promise<DealEntity | null> | null {
    return event.dealId ? this.deals.byId(ctx).load(event.dealId) : null;
  }

  @ResolveField(() => Outage, {
    nullable: true,
    description: 'The outage of an outage.* event, as it is now; null otherwise',
  })
  outage(@Parent() event: Event, @Ctx() ctx: RequestContext): Promise<OutageEntity | null> | null {
    return event.outageId ? this.outages.byId(ctx).load(event.outageId) : null;
  }
}

@Resolver(() => Deliverable)
export class DeliverableRiskChangedAtResolver {
  constructor(private readonly loaders: EventLoaders) {}

  @ResolveField(() => Date, {
    nullable: true,
    description:
      'When its risk level last changed (the occurredAt of its latest DELIVERABLE_RISK_CHANGED event); null if it never did',
  })
  riskChangedAt(
    @Parent() deliverable: DeliverableEntity,
    @Ctx() ctx: RequestContext,
  ): Promise<Date | null> {
    return this.loaders.riskChangedAt(ctx).load(deliverable.id);
  }
}
