import type { ReportDeliverable, ReportModel } from '../report.model';
import { guardFormula, stringifyCsv } from '../../common/csv/csv';
import { isoUtc } from '../../common/time/utc-format';
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

/**
 * RFC 4180 CSV: a header row, then one record per affected deliverable; CRLF after every record.
 * Amounts are decimal strings in the row's `currency`, instants ISO 8601 UTC (`…Z`), empty
 * fields for what does not apply. Several outage ids are separated by spaces.
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
  return stringifyCsv([CSV_COLUMNS, ...model.deliverables.map(record)]);
}
