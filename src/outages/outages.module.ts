import { Module } from '@nestjs/common';
import { PlatformsModule } from '../platforms/platforms.module';
import { OutageLoaders } from './outage.loaders';
import { OutagesResolver } from './outages.resolver';
import { OutagesService } from './outages.service';

@Module({
  imports: [PlatformsModule],
  providers: [OutageLoaders, OutagesService, OutagesResolver],
  exports: [OutageLoaders, OutagesService],
})
export class OutagesModule {}
