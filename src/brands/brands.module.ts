import { Module } from '@nestjs/common';
import { BrandLoaders } from './brand.loaders';

@Module({
  providers: [BrandLoaders],
  exports: [BrandLoaders],
})
export class BrandsModule {}
