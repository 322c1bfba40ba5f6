import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { OutagesModule } from '../outages/outages.module';
import { EventLoaders } from './events.loaders';
import { EventsRepository } from './events.repository';
import { DeliverableRiskChangedAtResolver, EventsResolver } from './events.resolver';
import { EventsService } from './events.service';

/**
 * The change feed: reads the outbox the producers write (`infrastructure/outbox`) under the deal
 * access rule. Writes nothing.
 */
@Module({
  imports: [DealsModule, OutagesModule],
  providers: [
    EventsRepository,
    EventsService,
    EventLoaders,
    EventsResolver,
    DeliverableRiskChangedAtResolver,
  ],
  exports: [EventLoaders],
})
export class EventsModule {}
