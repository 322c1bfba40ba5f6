import { InvalidInstantError, parseInstant } from '../../common/time/instant';
import {
  DEAL_COLUMNS,
  DELIVERABLE_COLUMNS,
  LIST_SEPARATOR,
  emptyRow,
  type DealColumn,
  type DeliverableColumn,
  type DealsCsvRow,
} from './deals-csv.columns';
import type { CsvProblem, ParsedRow } from './deals-csv.format';

/** A deliverable as createDeal takes it, before validation (cells converted, nothing checked). */
export interface DeliverableDraft {
  platformSlug?: string;
  kind?: string;
  title?: string;
  scheduledAt?: Date;
  durationMinutes?: number;
  dueAt?: Date;
  fee?: string;
  timing?: string;
}

export interface DealTermsDraft {
  netPaymentDays?: number;
  latePenaltyBpsPerDay?: number;
  latePenaltyCapBps?: number;
  killAfterDaysLate?: number;
  killFeeBps?: number;
  forceMajeure?: boolean;
}

/** A deal as createDeal takes it (`CreateDealInput`'s shape), before validation. */
export interface DealDraft {
  title?: string;
  brandId?: string;
  brandName?: string;
  currency?: string;
  totalFee?: string;
  status?: string;
  signedOn?: string;
  terms?: DealTermsDraft;
  alternatePlatformSlugs?: string[];
  notes?: string;
  sharedNotes?: string;
  deliverables?: DeliverableDraft[];
}

/** The rows of one deal_ref, as one createDeal input. */
export interface DealGroup {
  ref: string;
  /** The deal's first row: deal-level problems are reported there. */
  line: number;
  /** Line of each deliverable, by index in `draft.deliverables`. */
  deliverableLines: number[];
  draft: DealDraft;
  /** Cells that could not be converted (already reported): `${line}:${column}`. */
  badCells: Set<string>;
}

const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * Groups rows by `deal_ref` (in order of first appearance; a deal's rows need not be adjacent)
 * and converts cells to createDeal's input types. Deal columns must hold the same value on every
 * row of a deal. Empty cells are left out, as an omitted GraphQL field would be; a row whose
 * deliverable cells are all empty adds no deliverable.
 */
export function groupDealRows(rows: readonly ParsedRow[]): {
  groups: DealGroup[];
  problems: CsvProblem[];
} {
  const problems: CsvProblem[] = [];
  const byRef = new Map<string, { group: DealGroup; first: ParsedRow }>();
  for (const row of rows) {
    const ref = row.cells.deal_ref;
    if (ref === '') {
      problems.push({
        line: row.line,
        column: 'deal_ref',
        message: 'deal_ref is empty; rows of the same deal share one deal_ref',
      });
      continue;
    }
    let entry = byRef.get(ref);
    if (!entry) {
      const badCells = new Set<string>();
      const draft = dealDraft(row, problems, badCells);
      entry = {
        first: row,
        group: { ref, line: row.line, deliverableLines: [], draft, badCells },
      };
      byRef.set(ref, entry);
    } else {
      for (const column of DEAL_COLUMNS) {
        if (row.cells[column] !== entry.first.cells[column]) {
          problems.push({
            line: row.line,
            column,
            message: `${column} differs from line ${entry.first.line}, the first row of deal_ref "${ref}"; deal columns repeat the same value on every row of a deal`,
          });
        }
      }
    }
    if (DELIVERABLE_COLUMNS.some((column) => row.cells[column] !== '')) {
      const { group } = entry;
      (group.draft.deliverables ??= []).push(deliverableDraft(row, problems, group.badCells));
      group.deliverableLines.push(row.line);
    }
  }
  return { groups: [...byRef.values()].map((entry) => entry.group), problems };
}

function dealDraft(row: ParsedRow, problems: CsvProblem[], badCells: Set<string>): DealDraft {
  const cell = cellReader(row, problems, badCells);
  const terms: DealTermsDraft = definedOnly({
    netPaymentDays: cell.number('net_payment_days'),
    latePenaltyBpsPerDay: cell.number('late_penalty_bps_per_day'),
    latePenaltyCapBps: cell.number('late_penalty_cap_bps'),
    killAfterDaysLate: cell.number('kill_after_days_late'),
    killFeeBps: cell.number('kill_fee_bps'),
    forceMajeure: cell.boolean('force_majeure'),
  });
  const alternates = cell.text('alternate_platforms');
  return definedOnly({
    title: cell.text('title'),
    brandId: cell.text('brand_id'),
    // With a brand_id the brand is known; its name is there for people reading the file.
    brandName: cell.text('brand_id') === undefined ? cell.text('brand_name') : undefined,
    currency: cell.text('currency'),
    totalFee: cell.text('total_fee'),
    status: cell.text('status'),
    signedOn: cell.text('signed_on'),
    terms: Object.keys(terms).length > 0 ? terms : undefined,
    alternatePlatformSlugs:
      alternates === undefined
        ? undefined
        : alternates
            .split(LIST_SEPARATOR)
            .map((slug) => slug.trim())
            .filter((slug) => slug !== ''),
    notes: cell.text('notes'),
    sharedNotes: cell.text('shared_notes'),
  });
}

function deliverableDraft(
  row: ParsedRow,
  problems: CsvProblem[],
  badCells: Set<string>,
): DeliverableDraft {
  const cell = cellReader(row, problems, badCells);
  return definedOnly({
    platformSlug: cell.text('platform'),
    kind: cell.text('kind'),
    title: cell.text('deliverable_title'),
    scheduledAt: cell.instant('scheduled_at'),
    durationMinutes: cell.number('duration_minutes'),
    dueAt: cell.instant('due_at'),
    fee: cell.text('deliverable_fee'),
    timing: cell.text('timing'),
  });
}

function cellReader(row: ParsedRow, problems: CsvProblem[], badCells: Set<string>) {
  const bad = (
    column: DealColumn | DeliverableColumn,
    message: string,
    reason?: string,
  ): undefined => {
    problems.push({ line: row.line, column, message, ...(reason ? { reason } : {}) });
    badCells.add(`${row.line}:${column}`);
    return undefined;
  };
  return {
    text: (column: DealColumn | DeliverableColumn): string | undefined =>
      row.cells[column] === '' ? undefined : row.cells[column],
    // Numbers go to class-validator as numbers, so that 1.5 or 400 meet @IsInt and @Max.
    number: (column: DealColumn | DeliverableColumn): number | undefined => {
      const value = row.cells[column];
      if (value === '') return undefined;
      return NUMBER.test(value)
        ? Number(value)
        : bad(column, `${column} must be a whole number, not "${value}"`);
    },
    boolean: (column: DealColumn | DeliverableColumn): boolean | undefined => {
      const value = row.cells[column].toLowerCase();
      if (value === '') return undefined;
      if (value === 'true') return true;
      if (value === 'false') return false;
      return bad(column, `${column} must be true or false, not "${row.cells[column]}"`);
    },
    // The DateTime scalar's own parser: an impossible date (2031-02-30) is refused, not moved.
    instant: (column: DealColumn | DeliverableColumn): Date | undefined => {
      const value = row.cells[column];
      if (value === '') return undefined;
      try {
        return parseInstant(value);
      } catch (error) {
        if (!(error instanceof InvalidInstantError)) throw error;
        return bad(
          column,
          `${column} must be an ISO 8601 date-time with an offset, such as 2030-03-05T16:00:00Z: ${error.message}`,
          error.reason,
        );
      }
    },
  };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** A stored deal as the export writes it: every value already formatted as its cell. */
export interface ExportDeal {
  ref: string;
  title: string;
  brandName: string;
  /** Only for a brand with an account (any creator may put it on a deal); '' otherwise. */
  brandId: string;
  currency: string;
  totalFee: string;
  status: string;
  signedOn: string;
  netPaymentDays: string;
  latePenaltyBpsPerDay: string;
  latePenaltyCapBps: string;
  killAfterDaysLate: string;
  killFeeBps: string;
  forceMajeure: string;
  alternatePlatforms: readonly string[];
  /** The creator's private notes: '' in anyone else's export. */
  notes: string;
  sharedNotes: string;
  deliverables: ReadonlyArray<{
    title: string;
    kind: string;
    platform: string;
    scheduledAt: string;
    durationMinutes: string;
    dueAt: string;
    fee: string;
    timing: string;
  }>;
}

/** A deal's rows: one per deliverable, or one with empty deliverable cells when it has none. */
export function dealToRows(deal: ExportDeal): DealsCsvRow[] {
  const dealCells: Pick<DealsCsvRow, DealColumn> = {
    deal_ref: deal.ref,
    title: deal.title,
    brand_name: deal.brandName,
    brand_id: deal.brandId,
    currency: deal.currency,
    total_fee: deal.totalFee,
    status: deal.status,
    signed_on: deal.signedOn,
    net_payment_days: deal.netPaymentDays,
    late_penalty_bps_per_day: deal.latePenaltyBpsPerDay,
    late_penalty_cap_bps: deal.latePenaltyCapBps,
    kill_after_days_late: deal.killAfterDaysLate,
    kill_fee_bps: deal.killFeeBps,
    force_majeure: deal.forceMajeure,
    alternate_platforms: deal.alternatePlatforms.join(LIST_SEPARATOR),
    notes: deal.notes,
    shared_notes: deal.sharedNotes,
  };
  if (deal.deliverables.length === 0) return [{ ...emptyRow(), ...dealCells }];
  return deal.deliverables.map((deliverable) => ({
    ...dealCells,
    deliverable_title: deliverable.title,
    kind: deliverable.kind,
    platform: deliverable.platform,
    scheduled_at: deliverable.scheduledAt,
    duration_minutes: deliverable.durationMinutes,
    due_at: deliverable.dueAt,
    deliverable_fee: deliverable.fee,
    timing: deliverable.timing,
  }));
}
