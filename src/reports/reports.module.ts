import { Module } from '@nestjs/common';
import { OutagesModule } from '../outages/outages.module';
import { ReportLinkResolver } from './report-link.resolver';
import { ReportLinkService } from './report-link.service';
import { ReportModelModule } from './report-model.module';
import { ReportsController } from './reports.controller';

@Module({
  imports: [ReportModelModule, OutagesModule],
  controllers: [ReportsController],
  providers: [ReportLinkService, ReportLinkResolver],
  exports: [ReportModelModule, ReportLinkService],
})
export class ReportsModule {}
