import { Module } from '@nestjs/common';
import { BrandLoaders } from './brand.loaders';
import { BrandRepository } from './brand.repository';
import { BrandInvitationResolver, BrandsResolver } from './brands.resolver';
import { BrandsService } from './brands.service';
import { UserBrandsResolver } from './user-brands.resolver';

@Module({
  providers: [
    BrandRepository,
    BrandsService,
    BrandLoaders,
    BrandsResolver,
    BrandInvitationResolver,
    UserBrandsResolver,
  ],
  exports: [BrandsService, BrandLoaders],
})
export class BrandsModule {}
