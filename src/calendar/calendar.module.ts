import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { ImpactModule } from '../impact/impact.module';
import { ReceivablesModule } from '../receivables/receivables.module';
import { CalendarController } from './calendar.controller';
import { CalendarResolver } from './calendar.resolver';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarService } from './calendar.service';

/** Calendar feeds (iCalendar): minted over GraphQL, served at GET /calendar/<secret>.ics. */
@Module({
  imports: [BrandsModule, ImpactModule, ReceivablesModule],
  controllers: [CalendarController],
  providers: [CalendarFeedRepository, CalendarService, CalendarResolver],
})
export class CalendarModule {}
