import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { Public } from '../auth/public.decorator';
import type { Viewer } from '../auth/viewer';
import { unauthenticated } from '../common/errors/app-error';
import type { AuthenticatedRequest } from '../infrastructure/graphql/request-context';
import { AppErrorHttpFilter } from '../common/errors/app-error-http.filter';
import { ReportLinkService } from './report-link.service';
import { CONTENT_TYPES, downloadName, parseReportFile, type ReportTarget } from './report-request';
import { ReportsService } from './reports.service';
import { renderCashflowReport, renderReport } from './render';

/**
 * `GET /reports/outages/<id>.(csv|md|html)`, `GET /reports/period.(csv|md|html)?from=&to=` and
 * `GET /reports/cashflow.(csv|md|html)?from=&to=&bucket=WEEK|MONTH`,
 * for a bearer token or a signed link, scoped exactly like `outageImpact`.
 */
@Controller('reports')
@UseFilters(AppErrorHttpFilter)
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly auth: AuthService,
    private readonly links: ReportLinkService,
  ) {}

  // Public: the guard still resolves a bearer token; a signed link is checked here instead.
  @Public()
  @Get('outages/:file')
  async outage(
    @Param('file') file: string,
    @Query() query: Record<string, string>,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { target, format } = parseReportFile('OUTAGE', file, query);
    await this.send(request, response, query, target, format);
  }

  @Public()
  @Get(':file')
  async period(
    @Param('file') file: string,
    @Query() query: Record<string, string>,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { target, format } = parseReportFile('PERIOD', file, query);
    await this.send(request, response, query, target, format);
  }

  private async send(
    request: AuthenticatedRequest,
    response: Response,
    query: Record<string, string>,
    target: ReportTarget,
    format: 'csv' | 'md' | 'html',
  ): Promise<void> {
    const viewer = request.viewer ?? (await this.linkViewer(request.path, query));
    const body =
      target.kind === 'CASHFLOW'
        ? renderCashflowReport(await this.reports.cashflowReport(viewer, target), format)
        : renderReport(
            await this.reports.withCashflow(
              viewer,
              target.kind === 'OUTAGE'
                ? await this.reports.outageReport(viewer, target.outageId, target.asOf)
                : await this.reports.periodReport(viewer, target),
            ),
            format,
          );
    response
      .status(200)
      .set({
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${downloadName(target, format)}"`,
        'Cache-Control': 'private, no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
        // The page is self-contained: no scripts, no external fetches.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      })
      .send(body);
  }

  private async linkViewer(path: string, query: Record<string, string>): Promise<Viewer> {
    const check = await this.links.verify(path, query);
    if (!check.valid) {
      throw check.reason === 'MISSING'
        ? unauthenticated(
            'Send Authorization: Bearer <token>, or open a link from the reportLink query',
          )
        : unauthenticated(
            check.reason === 'EXPIRED'
              ? 'This report link has expired'
              : 'This report link is not valid',
          );
    }
    const viewer = await this.auth.viewerForUser(check.userId);
    if (!viewer) throw unauthenticated('This report link is not valid');
    return viewer;
  }
}
