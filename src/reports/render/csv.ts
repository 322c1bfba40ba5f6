import type { CashflowRow } from '../../impact/engine';
import type { CashflowReportModel, ReportDeliverable, ReportModel } from '../report.model';
import { guardFormula, stringifyCsv } from '../../common/csv/csv';
import { isoUtc } from '../../common/time/utc-format';
import { movedByOutages } from './cashflow';
import { amount, outageTitles } from './format';

export const CSV_COLUMNS = [
  'deliverable_id',
  'deliverable',
  'kind',
  'timing',
  'platform',
  'deal',
  'creator',
  'brand',
  'outcome',
  'currency',
  'fee',
  'delayed',
  'lost',
  'retained',
  'recoverable',
  'at_risk',
  'days_late',
  'penalty_bps',
  'delay_minutes',
  'scheduled_at',
  'slot_end',
  'due_at',
  'effective_deadline',
  'suggested_slot',
  'suggested_platform',
  'original_payment_due',
  'new_payment_due',
  'provisional',
  'outage_ids',
  'outages',
  'explanation',
] as const;

/** The standalone cash-flow CSV's columns: one record per bucket and currency. */
export const CASHFLOW_CSV_COLUMNS = [
  'bucket_start',
  'bucket_end',
  'currency',
  'expected_as_contracted',
  'expected_after_outages',
  'moved_by_outages',
  'received',
  'overdue',
] as const;

/**
 * Appended to CSV_COLUMNS when the report has a cash-flow section, so the deliverable columns keep
 * their names and places. `record_type` says what a record is; a CASHFLOW record fills only
 * `currency` and these (named as in the cash-flow CSV), a DELIVERABLE record leaves these empty.
 */
export const CSV_CASHFLOW_COLUMNS = [
  'record_type',
  'bucket_start',
  'bucket_end',
  'expected_as_contracted',
  'expected_after_outages',
  'moved_by_outages',
  'received',
  'overdue',
] as const;

/** bucket_start, bucket_end, then the amounts of CASHFLOW_CSV_COLUMNS, in the row's currency. */
function cashflowFields(row: CashflowRow): { when: string[]; amounts: string[] } {
  const c = row.currency;
  return {
    when: [isoUtc(row.bucketStart), isoUtc(row.bucketEnd)],
    amounts: [
      amount(row.expectedAsContracted, c),
      amount(row.expectedAfterOutages, c),
      amount(movedByOutages(row), c),
      amount(row.received, c),
      amount(row.overdue, c),
    ],
  };
}

/**
 * RFC 4180 CSV: a header row, then one record per affected deliverable; CRLF after every record.
 * Amounts are decimal strings in the row's `currency`, instants ISO 8601 UTC (`…Z`), empty
 * fields for what does not apply. Several outage ids are separated by spaces.
 * With a cash-flow section, CSV_CASHFLOW_COLUMNS are appended and one CASHFLOW record per bucket
 * and currency follows the deliverables (bucket_end exclusive; moved_by_outages = as contracted −
 * after outages); without one the output is exactly as before.
 */
export function renderCsv(model: ReportModel): string {
  const titles = outageTitles(model);
  const record = (row: ReportDeliverable): string[] => {
    const c = row.currency;
    const time = (date: Date | null) => (date ? isoUtc(date) : '');
    return [
      row.deliverableId,
      guardFormula(row.title),
      row.kind,
      row.timing,
      guardFormula(row.platform.name),
      guardFormula(row.dealTitle),
      guardFormula(row.creatorName),
      guardFormula(row.brandName),
      row.outcome,
      c,
      amount(row.fee, c),
      amount(row.delayed, c),
      amount(row.lost, c),
      amount(row.retained, c),
      amount(row.recoverable, c),
      amount(row.atRisk, c),
      row.daysLate === null ? '' : String(row.daysLate),
      row.penaltyBps === null ? '' : String(row.penaltyBps),
      row.delayMinutes === null ? '' : String(row.delayMinutes),
      time(row.scheduledAt),
      time(row.slotEnd),
      time(row.dueAt),
      time(row.effectiveDeadline),
      time(row.suggestedSlot),
      row.suggestedPlatform ? guardFormula(row.suggestedPlatform.name) : '',
      time(row.originalPaymentDue),
      time(row.newPaymentDue),
      row.provisional ? 'true' : 'false',
      row.outageIds.join(' '),
      guardFormula(row.outageIds.map((id) => titles.get(id) ?? id).join('; ')),
      guardFormula(row.explanation),
    ];
  };
  const cashflow = model.cashflow;
  if (!cashflow) return stringifyCsv([CSV_COLUMNS, ...model.deliverables.map(record)]);
  const blank = (count: number) => Array<string>(count).fill('');
  const currencyAt = CSV_COLUMNS.indexOf('currency');
  const cashflowRecord = (row: CashflowRow): string[] => {
    const { when, amounts } = cashflowFields(row);
    const fields = blank(CSV_COLUMNS.length);
    fields[currencyAt] = row.currency;
    return [...fields, 'CASHFLOW', ...when, ...amounts];
  };
  return stringifyCsv([
    [...CSV_COLUMNS, ...CSV_CASHFLOW_COLUMNS],
    ...model.deliverables.map((row) => [
      ...record(row),
      'DELIVERABLE',
      ...blank(CSV_CASHFLOW_COLUMNS.length - 1),
    ]),
    ...cashflow.rows.map(cashflowRecord),
  ]);
}

/**
 * The standalone cash-flow report as RFC 4180 CSV: a header row (CASHFLOW_CSV_COLUMNS), then one
 * record per bucket and currency in the model's order. Bucket bounds are ISO 8601 UTC instants,
 * [bucket_start, bucket_end); amounts decimal strings in the record's currency.
 */
export function renderCashflowCsv(model: CashflowReportModel): string {
  return stringifyCsv([
    CASHFLOW_CSV_COLUMNS,
    ...model.cashflow.rows.map((row) => {
      const { when, amounts } = cashflowFields(row);
      return [...when, row.currency, ...amounts];
    }),
  ]);
}
