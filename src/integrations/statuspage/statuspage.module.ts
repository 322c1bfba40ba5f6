import { Module } from '@nestjs/common';
import { OutagesModule } from '../../outages/outages.module';
import { PlatformsModule } from '../../platforms/platforms.module';
import { StatuspagePoller } from './statuspage.poller';
import { StatuspageRepository } from './statuspage.repository';
import { StatuspageResolver } from './statuspage.resolver';
import { StatuspageService } from './statuspage.service';

/** Outages imported from Atlassian Statuspage feeds: GraphQL, CLI (`import:statuspage`), poller. */
@Module({
  // OutagesModule: the Outage type's field resolvers (platforms, ongoing) for imported outages,
  // and the outage repository the import writes through.
  imports: [PlatformsModule, OutagesModule],
  providers: [StatuspageRepository, StatuspageService, StatuspageResolver, StatuspagePoller],
  exports: [StatuspageService],
})
export class StatuspageModule {}
