import type { CashflowReportModel, ReportModel } from '../report.model';
import { renderCashflowCsv, renderCsv } from './csv';
import { renderCashflowHtml, renderHtml } from './html';
import { renderCashflowMarkdown, renderMarkdown } from './markdown';

export type RenderFormat = 'csv' | 'md' | 'html';

/** The report in one format: RFC 4180 CSV, Markdown, or a self-contained HTML page. Pure. */
export function renderReport(model: ReportModel, format: RenderFormat): string {
  switch (format) {
    case 'csv':
      return renderCsv(model);
    case 'md':
      return renderMarkdown(model);
    case 'html':
      return renderHtml(model);
  }
  // Callers outside TypeScript (query strings, CLI flags) can pass anything.
  throw new Error(`Unknown report format: ${String(format)}`);
}

/** The standalone cash-flow report (`/reports/cashflow.*`) in one format, as `renderReport`. Pure. */
export function renderCashflowReport(model: CashflowReportModel, format: RenderFormat): string {
  switch (format) {
    case 'csv':
      return renderCashflowCsv(model);
    case 'md':
      return renderCashflowMarkdown(model);
    case 'html':
      return renderCashflowHtml(model);
  }
  throw new Error(`Unknown report format: ${String(format)}`);
}

export {
  renderCashflowCsv,
  renderCashflowHtml,
  renderCashflowMarkdown,
  renderCsv,
  renderHtml,
  renderMarkdown,
};
