import { Module } from '@nestjs/common';
import { OutagesModule } from '../../outages/outages.module';
import { PlatformsModule } from '../../platforms/platforms.module';
import { StatuspagePoller } from './statuspage.poller';
import { StatuspageResolver } from './statuspage.resolver';
import { StatuspageService } from './statuspage.service';

/** Outages imported from Atlassian Statuspage feeds: GraphQL, CLI (`import:statuspage`), poller. */
@Module({
  // OutagesModule: the Outage type's field resolvers (platforms, ongoing) for imported outages.
  imports: [PlatformsModule, OutagesModule],
  providers: [StatuspageService, StatuspageResolver, StatuspagePoller],
  exports: [StatuspageService],
})
export class StatuspageModule {}
