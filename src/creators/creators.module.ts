import { Module } from '@nestjs/common';
import { CreatorSignUp } from '../auth/sign-up-profiles';
import { CreatorSignUpWriter } from './creator-sign-up';
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
    { provide: CreatorSignUp, useClass: CreatorSignUpWriter },
  ],
  exports: [CreatorLoaders, CreatorsService, CreatorSignUp],
})
export class CreatorsModule {}
