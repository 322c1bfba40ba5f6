// Formatting shared by the renderers. Money is formatted here, from the model's minor units,
// with `formatMoney` (plain decimals, the currency's own digits, no grouping).
import { formatMoney } from '../../common/money';
import { humanUtc, sameUtcDay } from '../../common/time/utc-format';
import type { ImpactOutcome } from '../../impact/engine';
import type {
  CashflowReportModel,
  ReportKind,
  ReportModel,
  ReportOutage,
  ReportPlatform,
  ReportTotals,
} from '../report.model';

/** `2024-03-05 14:30–15:30 UTC` on one day, else both instants in full; one instant for a post. */
export function slotRange(start: Date, end: Date): string {
  if (start.getTime() === end.getTime()) return humanUtc(start);
  const [a, b] = [humanUtc(start), humanUtc(end)];
  return sameUtcDay(start, end) ? `${a.slice(0, -4)}–${b.slice(11)}` : `${a} – ${b}`;
}

/** `1200.00` — minor units of `currency` as a decimal string. */
export function amount(minor: bigint, currency: string): string {
  return formatMoney(minor, currency);
}

/** `1200.00 USD`. */
export function money(minor: bigint, currency: string): string {
  return `${formatMoney(minor, currency)} ${currency}`;
}

/** Basis points as a percentage: 250 → "2.5 %". */
export function percent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const rest = String(Math.abs(bps % 100))
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''} %`;
}

/** The outcome codes, as in GraphQL, the CSV and docs/: one vocabulary everywhere. */
export const OUTCOME_LABELS: Readonly<Record<ImpactOutcome, string>> = {
  LOST: 'LOST',
  LATE: 'LATE',
  DELAYED: 'DELAYED',
  AT_RISK: 'AT_RISK',
  RECOVERABLE: 'RECOVERABLE',
};

/** Worst first, as the engine ranks them. */
export const OUTCOMES: readonly ImpactOutcome[] = [
  'LOST',
  'LATE',
  'DELAYED',
  'AT_RISK',
  'RECOVERABLE',
];

export function statusLabel(model: ReportModel): string {
  return model.provisional
    ? 'Provisional: an outage was not over by the as-of time, figures will move'
    : 'Final';
}

export function kindLabel(model: {
  readonly kind: ReportKind | CashflowReportModel['kind'];
}): string {
  switch (model.kind) {
    case 'OUTAGE':
      return 'Outage report';
    case 'PERIOD':
      return 'Period report';
    case 'CASHFLOW':
      return 'Cash-flow report';
  }
}

export function platformNames(platforms: readonly ReportPlatform[]): string {
  return platforms.length ? platforms.map((p) => p.name).join(', ') : '—';
}

/** `2024-03-05 15:00 UTC – 2024-03-05 17:20 UTC`, or `… – ongoing (counted to …)`. */
export function outageWindow(outage: ReportOutage): string {
  const end = outage.endsAt
    ? humanUtc(outage.endsAt)
    : `ongoing (counted to ${humanUtc(outage.countedUntil)})`;
  return `${humanUtc(outage.startsAt)} – ${end}`;
}

export function severityLabel(outage: ReportOutage): string {
  return outage.severity === 'FULL'
    ? 'Full'
    : `Partial (${percent(outage.degradationBps)} degraded)`;
}

/** Column headings and cells of a totals table, with platform income only when the model has it. */
export function totalsColumns(model: ReportModel): string[] {
  return [
    'Currency',
    'Delayed',
    'Lost',
    'Retained',
    'Recoverable',
    'At risk',
    ...(model.platformIncome ? ['Platform income lost'] : []),
  ];
}

export function totalsCells(model: ReportModel, totals: ReportTotals): string[] {
  const c = totals.currency;
  return [
    c,
    amount(totals.delayed, c),
    amount(totals.lost, c),
    amount(totals.retained, c),
    amount(totals.recoverable, c),
    amount(totals.atRisk, c),
    ...(model.platformIncome ? [amount(totals.platformIncomeLost ?? 0n, c)] : []),
  ];
}

export function countsCells(totals: ReportTotals): string[] {
  const n = totals.counts;
  return [n.lost, n.late, n.delayed, n.atRisk, n.recoverable].map(String);
}

export const COUNT_COLUMNS = ['# Lost', '# Late', '# Delayed', '# At risk', '# Recoverable'];

/** Outage titles by id, for rows that name the outages that hit them. */
export function outageTitles(model: ReportModel): Map<string, string> {
  return new Map(model.outages.map((outage) => [outage.id, outage.title]));
}

/** "2.5 % (1 day late)" or "". */
export function lateness(row: { daysLate: number | null; penaltyBps: number | null }): string {
  if (!row.daysLate) return '';
  const days = row.daysLate === 1 ? '1 day' : `${row.daysLate} days`;
  return row.penaltyBps ? `${days} late, ${percent(row.penaltyBps)}` : `${days} late`;
}
