import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { CreatorsModule } from '../creators/creators.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { DealLoaders } from './deal.loaders';
import { BrandDealsResolver, CreatorDealsResolver, DealsResolver } from './deals.resolver';
import { DealsService } from './deals.service';

@Module({
  imports: [BrandsModule, CreatorsModule, PlatformsModule],
  providers: [DealsService, DealLoaders, DealsResolver, CreatorDealsResolver, BrandDealsResolver],
  exports: [DealsService, DealLoaders],
})
export class DealsModule {}
