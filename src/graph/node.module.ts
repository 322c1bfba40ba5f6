import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BrandsModule } from '../brands/brands.module';
import { CreatorsModule } from '../creators/creators.module';
import { DealsModule } from '../deals/deals.module';
import { EventsModule } from '../events/events.module';
import { OutagesModule } from '../outages/outages.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { NodeLoaders } from './node.loaders';
import { NodeRepository } from './node.repository';
import { NodeResolver } from './node.resolver';

/** The graph conventions across features: object identification (`node`, `nodes`). */
@Module({
  imports: [
    AuditModule,
    BrandsModule,
    CreatorsModule,
    DealsModule,
    EventsModule,
    OutagesModule,
    PlatformsModule,
    WebhooksModule,
  ],
  providers: [NodeRepository, NodeLoaders, NodeResolver],
})
export class NodeModule {}
