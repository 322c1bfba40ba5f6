// The report model's public surface: the service, the module that provides it, the renderers.
export { ReportModelModule } from './report-model.module';
export { ReportsService, MAX_PERIOD_DAYS, type PeriodReportParams } from './reports.service';
export { renderReport, type RenderFormat } from './render';
export type * from './report.model';
