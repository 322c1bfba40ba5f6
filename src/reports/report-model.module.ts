import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { CreatorsModule } from '../creators/creators.module';
import { DealsModule } from '../deals/deals.module';
import { ImpactModule } from '../impact/impact.module';
import { OutagesModule } from '../outages/outages.module';
import { PlatformsModule } from '../platforms/platforms.module';
import { ReceivablesModule } from '../receivables/receivables.module';
import {
  ReportBrandBreakdownResolver,
  ReportCreatorBreakdownResolver,
  ReportDealBreakdownResolver,
  ReportDealTermsResolver,
  ReportDeliverableResolver,
  ReportFieldsResolver,
  ReportOutageResolver,
  ReportPlatformBreakdownResolver,
  ReportPlatformIncomeResolver,
} from './report-fields.resolver';
import { ReportRepository } from './report.repository';
import { ReportResolver } from './report.resolver';
import { ReportsService } from './reports.service';

/** The report model (ReportsService) and its GraphQL queries; renderers are plain functions. */
@Module({
  imports: [
    ImpactModule,
    PlatformsModule,
    CreatorsModule,
    BrandsModule,
    DealsModule,
    OutagesModule,
    ReceivablesModule,
  ],
  providers: [
    ReportRepository,
    ReportsService,
    ReportResolver,
    ReportFieldsResolver,
    ReportOutageResolver,
    ReportDealTermsResolver,
    ReportDeliverableResolver,
    ReportCreatorBreakdownResolver,
    ReportBrandBreakdownResolver,
    ReportDealBreakdownResolver,
    ReportPlatformBreakdownResolver,
    ReportPlatformIncomeResolver,
  ],
  exports: [ReportsService],
})
export class ReportModelModule {}
