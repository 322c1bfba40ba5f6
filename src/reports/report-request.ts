import { badInput, notFound } from '../common/errors/app-error';
import { InvalidInstantError, parseInstant } from '../common/time/instant';
import { utcDay } from '../common/time/utc-format';
import { textProblem } from '../common/validation/text';
import { isUuid } from '../common/validation/uuid';
import type { CashflowBucket } from '../impact/engine';
import { invalidBucket, invalidText, periodRequired, repeatedParameter } from './reports.errors';

export const REPORT_FORMATS = ['csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type ReportTarget =
  | { kind: 'OUTAGE'; outageId: string; asOf?: Date }
  | { kind: 'PERIOD'; from: Date; to: Date; platformSlug?: string; asOf?: Date }
  | { kind: 'CASHFLOW'; from: Date; to: Date; bucket: CashflowBucket; asOf?: Date };

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A query parameter as an instant, by the same strict rules as the DateTime scalar. */
function instantParameter(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    // A repeated parameter (`?from=…&from=…`) arrives as an array: not an instant either.
    return parseInstant(value as string);
  } catch (error) {
    if (error instanceof InvalidInstantError) {
      throw badInput(`${name}: ${error.message}`, [name], error.reason);
    }
    throw error;
  }
}

function textParameter(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw repeatedParameter(name);
  }
  const problem = textProblem(value);
  if (problem) throw invalidText(name, problem);
  return value;
}

/** `<uuid>.<format>` for an outage report, `period.<format>` for a period report. */
export function parseReportFile(
  kind: 'OUTAGE' | 'PERIOD',
  file: string,
  query: Record<string, string | undefined>,
): { target: ReportTarget; format: ReportFormat } {
  const match = /^(.+)\.(csv|md|html)$/.exec(file);
  if (!match) throw notFound('Report', file);
  const [, name, format] = match as unknown as [string, string, ReportFormat];
  const asOf = instantParameter(query.asOf, 'asOf');
  if (kind === 'OUTAGE') {
    if (!isUuid(name)) throw notFound('Outage', name);
    return { format, target: { kind, outageId: name.toLowerCase(), asOf } };
  }
  if (name !== 'period' && name !== 'cashflow') throw notFound('Report', file);
  const from = instantParameter(query.from, 'from');
  const to = instantParameter(query.to, 'to');
  if (name === 'cashflow') {
    const bucket = textParameter(query.bucket, 'bucket') ?? 'MONTH';
    if (bucket !== 'WEEK' && bucket !== 'MONTH') throw invalidBucket();
    if (!from || !to) throw periodRequired();
    return { format, target: { kind: 'CASHFLOW', from, to, bucket, asOf } };
  }
  const platformSlug = textParameter(query.platform, 'platform');
  if (!from || !to) throw periodRequired();
  return { format, target: { kind, from, to, platformSlug, asOf } };
}

/** The path and parameters a link to this report carries (and signs). */
export function reportPath(
  target: ReportTarget,
  format: ReportFormat,
): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (target.asOf) params.asOf = target.asOf.toISOString();
  if (target.kind === 'OUTAGE')
    return { path: `/reports/outages/${target.outageId}.${format}`, params };
  params.from = target.from.toISOString();
  params.to = target.to.toISOString();
  if (target.kind === 'CASHFLOW') {
    params.bucket = target.bucket;
    return { path: `/reports/cashflow.${format}`, params };
  }
  if (target.platformSlug) params.platform = target.platformSlug;
  return { path: `/reports/period.${format}`, params };
}

export function downloadName(target: ReportTarget, format: ReportFormat): string {
  const stem =
    target.kind === 'OUTAGE'
      ? `outage-${target.outageId}`
      : `${target.kind === 'CASHFLOW' ? 'cashflow' : 'period'}-${utcDay(target.from)}-${utcDay(target.to)}`;
  return `deal-ledger-${stem}.${format}`;
}
