import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { ImpactModule } from '../impact/impact.module';
import { RescheduleRepository } from './reschedule.repository';
import {
  DeliverableReschedulesResolver,
  RescheduleLoaders,
  ReportRescheduleResolver,
  ReschedulesResolver,
} from './reschedules.resolver';
import { ReschedulesService } from './reschedules.service';

/** Reschedule proposals after an outage: the creator proposes, the brand answers. */
@Module({
  imports: [DealsModule, ImpactModule],
  providers: [
    RescheduleRepository,
    ReschedulesService,
    ReschedulesResolver,
    DeliverableReschedulesResolver,
    RescheduleLoaders,
    ReportRescheduleResolver,
  ],
  exports: [ReschedulesService],
})
export class ReschedulesModule {}
