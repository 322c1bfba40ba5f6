import { Module } from '@nestjs/common';
import { BrandLoaders } from './brand.loaders';
import { BrandInvitationResolver, BrandsResolver } from './brands.resolver';
import { BrandsService } from './brands.service';
import { UserBrandsResolver } from './user-brands.resolver';

@Module({
  providers: [
    BrandsService,
    BrandLoaders,
    BrandsResolver,
    BrandInvitationResolver,
    UserBrandsResolver,
  ],
  exports: [BrandsService, BrandLoaders],
})
export class BrandsModule {}
