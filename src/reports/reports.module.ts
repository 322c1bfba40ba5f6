import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OutagesModule } from '../outages/outages.module';
import { AppSecretsService } from './app-secrets.service';
import { ReportLinkResolver } from './report-link.resolver';
import { ReportLinkService } from './report-link.service';
import { ReportModelModule } from './report-model.module';
import { ReportsController } from './reports.controller';

@Module({
  imports: [ReportModelModule, AuthModule, OutagesModule],
  controllers: [ReportsController],
  providers: [AppSecretsService, ReportLinkService, ReportLinkResolver],
  exports: [ReportModelModule, ReportLinkService],
})
export class ReportsModule {}
