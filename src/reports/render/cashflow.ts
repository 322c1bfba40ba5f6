// The cash-flow section's vocabulary, shared by the CSV, Markdown and HTML renderers (and the
// SVG chart): series, labels, bucket names and the table's cells. Money stays bigint minor units
// until formatted here with `amount`.
import type { CashflowBucket, CashflowRow } from '../../impact/engine';
import { MS_PER_DAY } from '../../common/time/durations';
import { humanUtc, utcDay } from '../../common/time/utc-format';
import type { ReportCashflow } from '../report.model';
import { amount } from './format';

/** The chart's bars in each bucket, left to right; also the legend's order. */
export const CASHFLOW_SERIES = ['AS_CONTRACTED', 'AFTER_OUTAGES', 'RECEIVED', 'OVERDUE'] as const;
export type CashflowSeries = (typeof CASHFLOW_SERIES)[number];

export const CASHFLOW_SERIES_LABELS: Readonly<Record<CashflowSeries, string>> = {
  AS_CONTRACTED: 'As contracted',
  AFTER_OUTAGES: 'After outages',
  RECEIVED: 'Received',
  OVERDUE: 'Overdue',
};

export function seriesAmount(row: CashflowRow, series: CashflowSeries): bigint {
  switch (series) {
    case 'AS_CONTRACTED':
      return row.expectedAsContracted;
    case 'AFTER_OUTAGES':
      return row.expectedAfterOutages;
    case 'RECEIVED':
      return row.received;
    case 'OVERDUE':
      return row.overdue;
  }
}

/**
 * What the recorded outages changed in a bucket: expected as contracted − expected after outages.
 * Positive: moved out of the bucket or lost; negative: an outage moved money into the bucket.
 */
export function movedByOutages(row: CashflowRow): bigint {
  return row.expectedAsContracted - row.expectedAfterOutages;
}

/** `2024-03` for a month; `2024-03-04 – 2024-03-10` (Monday to Sunday, UTC) for a week. */
export function bucketLabel(row: CashflowRow, bucket: CashflowBucket): string {
  if (bucket === 'MONTH') return utcDay(row.bucketStart).slice(0, 7);
  // bucketEnd is exclusive: the week's last day is the one before it.
  return `${utcDay(row.bucketStart)} – ${utcDay(row.bucketEnd.getTime() - MS_PER_DAY)}`;
}

/** The bucket's key in `data-bucket`: its first UTC day. */
export function bucketKey(row: CashflowRow): string {
  return utcDay(row.bucketStart);
}

/** `Weekly buckets (Monday to Sunday, UTC) over 2024-03-01 00:00 UTC – 2024-04-01 00:00 UTC`. */
export function cashflowRange(cashflow: ReportCashflow): string {
  const buckets =
    cashflow.bucket === 'WEEK' ? 'Weekly buckets (Monday to Sunday, UTC)' : 'Monthly buckets (UTC)';
  return `${buckets} over ${humanUtc(cashflow.from)} – ${humanUtc(cashflow.to)}`;
}

export const CASHFLOW_NOTE =
  'Moved or lost by outages = expected as contracted − expected after outages; negative where an outage moved money into the bucket.';

export const CASHFLOW_EMPTY = 'Nothing falls due, is received or is overdue in this range.';

export const CASHFLOW_COLUMNS = [
  'Bucket',
  'Currency',
  'Expected as contracted',
  'Expected after outages',
  'Moved or lost by outages',
  'Received',
  'Overdue',
] as const;

/** The table's cells for one row: bucket, currency, then amounts in that currency. */
export function cashflowCells(row: CashflowRow, bucket: CashflowBucket): string[] {
  const c = row.currency;
  return [
    bucketLabel(row, bucket),
    c,
    amount(row.expectedAsContracted, c),
    amount(row.expectedAfterOutages, c),
    amount(movedByOutages(row), c),
    amount(row.received, c),
    amount(row.overdue, c),
  ];
}

/** The rows' currencies in their order (the engine sorts them by code). */
export function cashflowCurrencies(rows: readonly CashflowRow[]): string[] {
  return [...new Set(rows.map((row) => row.currency))];
}
