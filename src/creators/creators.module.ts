import { Module } from '@nestjs/common';
import { CreatorLoaders } from './creator.loaders';
import { CreatorRepository } from './creator.repository';
import { CreatorsResolver } from './creators.resolver';
import { CreatorsService } from './creators.service';
import { UserCreatorResolver } from './user-creator.resolver';

@Module({
  providers: [
    CreatorRepository,
    CreatorLoaders,
    CreatorsService,
    CreatorsResolver,
    UserCreatorResolver,
  ],
  exports: [CreatorLoaders, CreatorsService],
})
export class CreatorsModule {}
