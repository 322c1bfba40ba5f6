import { Module } from '@nestjs/common';
import { CreatorsModule } from '../creators/creators.module';
import { DealsModule } from '../deals/deals.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { DeliverableLoaders } from './deliverable.loaders';
import { DealDeliverablesResolver, DeliverablesResolver } from './deliverables.resolver';
import { DeliverablesService } from './deliverables.service';

@Module({
  imports: [CreatorsModule, DealsModule, PlatformsModule],
  providers: [
    DeliverablesService,
    DeliverableLoaders,
    DeliverablesResolver,
    DealDeliverablesResolver,
  ],
  exports: [DeliverablesService, DeliverableLoaders],
})
export class DeliverablesModule {}
