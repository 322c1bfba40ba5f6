import { Module } from '@nestjs/common';
import { PlatformsModule } from '../platforms/platforms.module';
import { OutageLoaders } from './outage.loaders';
import { OutageRepository } from './outage.repository';
import { OutagesResolver } from './outages.resolver';
import { OutagesService } from './outages.service';

@Module({
  imports: [PlatformsModule],
  providers: [OutageRepository, OutageLoaders, OutagesService, OutagesResolver],
  // OutageRepository: the Statuspage import writes outages in batches, in its own transaction.
  exports: [OutageRepository, OutageLoaders, OutagesService],
})
export class OutagesModule {}
