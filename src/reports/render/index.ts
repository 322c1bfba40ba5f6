import type { ReportModel } from '../report.model';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

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

export { renderCsv, renderHtml, renderMarkdown };
