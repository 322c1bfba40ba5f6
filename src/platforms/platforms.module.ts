import { Module } from '@nestjs/common';
import { PlatformAccountsResolver } from './platform-accounts.resolver';
import { PlatformAccountsService } from './platform-accounts.service';
import { PlatformLoaders } from './platform.loaders';
import { PlatformAccountRepository } from './platform-account.repository';
import { PlatformRepository } from './platform.repository';
import { PlatformsResolver } from './platforms.resolver';
import { PlatformsService } from './platforms.service';

@Module({
  providers: [
    PlatformRepository,
    PlatformLoaders,
    PlatformsService,
    PlatformsResolver,
    PlatformAccountRepository,
    PlatformAccountsService,
    PlatformAccountsResolver,
  ],
  exports: [PlatformLoaders, PlatformsService],
})
export class PlatformsModule {}
