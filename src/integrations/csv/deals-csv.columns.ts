/**
 * The deals CSV layout, shared by import and export: one row per deliverable, the deal's columns
 * repeated on each row of the deal, rows grouped by `deal_ref`. A deal without deliverables is one
 * row with the deliverable columns empty. Empty cells mean "not given" (the createDeal default).
 */
export const DEAL_COLUMNS = [
  'deal_ref',
  'title',
  'brand_name',
  'brand_id',
  'currency',
  'total_fee',
  'status',
  'signed_on',
  'net_payment_days',
  'late_penalty_bps_per_day',
  'late_penalty_cap_bps',
  'kill_after_days_late',
  'kill_fee_bps',
  'force_majeure',
  'alternate_platforms',
  'notes',
  'shared_notes',
] as const;

export const DELIVERABLE_COLUMNS = [
  'deliverable_title',
  'kind',
  'platform',
  'scheduled_at',
  'duration_minutes',
  'due_at',
  'deliverable_fee',
  'timing',
] as const;

export const DEALS_CSV_COLUMNS = [...DEAL_COLUMNS, ...DELIVERABLE_COLUMNS] as const;

export type DealColumn = (typeof DEAL_COLUMNS)[number];
export type DeliverableColumn = (typeof DELIVERABLE_COLUMNS)[number];
export type DealsCsvColumn = DealColumn | DeliverableColumn;

/** One CSV record by column name; every column present, '' when empty. */
export type DealsCsvRow = Record<DealsCsvColumn, string>;

/** Columns a header must have; any other may be left out (its cells count as empty). */
export const REQUIRED_COLUMNS: readonly DealsCsvColumn[] = [
  'deal_ref',
  'title',
  'currency',
  'total_fee',
];

/**
 * Free text a person typed: kept as written on import (no trimming: the service trims titles,
 * notes keep their spaces), and guarded against formula injection on export. Every other column
 * holds a code, a number, a date or an id and is trimmed.
 */
export const TEXT_COLUMNS: ReadonlySet<DealsCsvColumn> = new Set([
  'title',
  'brand_name',
  'notes',
  'shared_notes',
  'deliverable_title',
]);

/** Separator of the slugs in `alternate_platforms`, in order of preference. */
export const LIST_SEPARATOR = ';';

/** CreateDealInput field → column. */
export const DEAL_FIELD_COLUMNS: Readonly<Record<string, DealColumn>> = {
  title: 'title',
  brandName: 'brand_name',
  brandId: 'brand_id',
  currency: 'currency',
  totalFee: 'total_fee',
  status: 'status',
  signedOn: 'signed_on',
  'terms.netPaymentDays': 'net_payment_days',
  'terms.latePenaltyBpsPerDay': 'late_penalty_bps_per_day',
  'terms.latePenaltyCapBps': 'late_penalty_cap_bps',
  'terms.killAfterDaysLate': 'kill_after_days_late',
  'terms.killFeeBps': 'kill_fee_bps',
  'terms.forceMajeure': 'force_majeure',
  alternatePlatformSlugs: 'alternate_platforms',
  notes: 'notes',
  sharedNotes: 'shared_notes',
  // The list as a whole (too many deliverables): reported on the deal's key.
  deliverables: 'deal_ref',
};

/** DeliverableDraftInput field → column. */
export const DELIVERABLE_FIELD_COLUMNS: Readonly<Record<string, DeliverableColumn>> = {
  title: 'deliverable_title',
  kind: 'kind',
  platformSlug: 'platform',
  scheduledAt: 'scheduled_at',
  durationMinutes: 'duration_minutes',
  dueAt: 'due_at',
  fee: 'deliverable_fee',
  timing: 'timing',
};

export function emptyRow(): DealsCsvRow {
  return Object.fromEntries(DEALS_CSV_COLUMNS.map((column) => [column, ''])) as DealsCsvRow;
}
