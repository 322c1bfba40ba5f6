import { Module } from '@nestjs/common';
import { CreatorLoaders } from './creator.loaders';
import { CreatorsResolver } from './creators.resolver';
import { CreatorsService } from './creators.service';
import { UserCreatorResolver } from './user-creator.resolver';

@Module({
  providers: [CreatorLoaders, CreatorsService, CreatorsResolver, UserCreatorResolver],
  exports: [CreatorLoaders, CreatorsService],
})
export class CreatorsModule {}
