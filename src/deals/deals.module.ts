import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { CreatorsModule } from '../creators/creators.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { DealLoaders } from './deal.loaders';
import { DealRepository } from './deal.repository';
import { BrandDealsResolver, CreatorDealsResolver, DealsResolver } from './deals.resolver';
import { DealsService } from './deals.service';
import { DeliverableLoaders } from './deliverable.loaders';
import { DealDeliverablesResolver, DeliverablesResolver } from './deliverables.resolver';
import { DeliverablesService } from './deliverables.service';

/** The deal aggregate: deals, their deliverables, alternate platforms and fees. */
@Module({
  imports: [BrandsModule, CreatorsModule, PlatformsModule],
  providers: [
    DealRepository,
    DealsService,
    DealLoaders,
    DealsResolver,
    CreatorDealsResolver,
    BrandDealsResolver,
    DeliverablesService,
    DeliverableLoaders,
    DeliverablesResolver,
    DealDeliverablesResolver,
  ],
  exports: [DealRepository, DealsService, DealLoaders, DeliverablesService, DeliverableLoaders],
})
export class DealsModule {}
