import * as reports from '.';
import { renderReport } from './render';
import { ReportModelModule } from './report-model.module';
import { ReportsService } from './reports.service';

describe('src/reports public surface', () => {
  it('exports the service, its module and the renderer', () => {
    expect(reports.ReportsService).toBe(ReportsService);
    expect(reports.ReportModelModule).toBe(ReportModelModule);
    expect(reports.renderReport).toBe(renderReport);
    expect(reports.MAX_PERIOD_DAYS).toBe(366);
  });
});
