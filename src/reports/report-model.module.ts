import { Module } from '@nestjs/common';
import { ImpactModule } from '../impact/impact.module';
import { ReportRepository } from './report.repository';
import { ReportResolver } from './report.resolver';
import { ReportsService } from './reports.service';

/** The report model (ReportsService) and its GraphQL queries; renderers are plain functions. */
@Module({
  imports: [ImpactModule],
  providers: [ReportRepository, ReportsService, ReportResolver],
  exports: [ReportsService],
})
export class ReportModelModule {}
