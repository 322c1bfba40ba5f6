import { Module } from '@nestjs/common';
import { CreatorLoaders } from './creator.loaders';

@Module({
  providers: [CreatorLoaders],
  exports: [CreatorLoaders],
})
export class CreatorsModule {}
