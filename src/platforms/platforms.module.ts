import { Module } from '@nestjs/common';
import { PlatformLoaders } from './platform.loaders';

@Module({
  providers: [PlatformLoaders],
  exports: [PlatformLoaders],
})
export class PlatformsModule {}
