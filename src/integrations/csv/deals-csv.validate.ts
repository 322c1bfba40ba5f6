import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BrandErrorReason } from '../../brands/brand.errors';
import { flattenValidationErrors } from '../../common/errors/validation';
import { CreateDealInput } from '../../deals/dto/deal.input';
import { DEAL_FIELD_COLUMNS, DELIVERABLE_FIELD_COLUMNS } from './deals-csv.columns';
import type { CsvProblem } from './deals-csv.format';
import type { DealGroup } from './deals-csv.mapping';

/** What the checks need from the database and the deals service, passed in as plain values. */
export interface DealsCsvContext {
  /** Which of the slugs the file uses exist. */
  knownPlatforms: ReadonlySet<string>;
  /** Which of the brand ids the file uses the importing creator may put on a deal. */
  selectableBrandIds: ReadonlySet<string>;
  /**
   * Brands with an account named like a `brand_name` of the file, by the name as written: such
   * a deal must name the brand by id (createDeal's BRAND_HAS_ACCOUNT).
   */
  claimedBrands: ReadonlyMap<string, { id: string; name: string }>;
  /**
   * createDeal's own checks before it writes (currency, amounts, deadlines, fee split, terms):
   * every failure, each with `details.fields` as `input.*` paths.
   */
  dealProblems: (input: CreateDealInput) => unknown[];
}

export interface ValidDeal {
  group: DealGroup;
  input: CreateDealInput;
}

/**
 * Every check a createDeal call would make, per deal, reported as (line, column, message), all
 * of them rather than the first: class-validator on `CreateDealInput` (as the GraphQL validation
 * pipe runs it), unknown platform slugs and brands, then createDeal's own checks on whatever
 * passed. A cell already reported (it could not be read, or failed validation) is not reported
 * again by a later check.
 */
export function validateDealGroups(
  groups: readonly DealGroup[],
  context: DealsCsvContext,
): { deals: ValidDeal[]; problems: CsvProblem[] } {
  const deals: ValidDeal[] = [];
  const problems: CsvProblem[] = [];
  for (const group of groups) {
    const input = plainToInstance(CreateDealInput, group.draft);
    const errors = validateSync(input, { whitelist: true, forbidUnknownValues: true });
    const reported = new Set(group.badCells);
    const own: CsvProblem[] = [];
    const add = (problem: CsvProblem): void => {
      const cell = `${problem.line}:${problem.column}`;
      if (reported.has(cell)) return;
      own.push(problem);
    };
    const validation = flattenValidationErrors(errors, '').map(({ field, message }) =>
      locate(group, field, message),
    );
    validation.forEach(add);
    validation.forEach((problem) => reported.add(`${problem.line}:${problem.column}`));
    for (const problem of referenceProblems(group, input, context)) {
      add(problem);
      reported.add(`${problem.line}:${problem.column}`);
    }
    for (const error of context.dealProblems(input)) {
      // A deal without a brand is reported on brand_name above.
      if (reasonOf(error) === 'BRAND_REQUIRED') continue;
      const problem = fromServiceError(group, error);
      if (!problem) throw error;
      add(problem);
    }
    if (own.length > 0 || group.badCells.size > 0) problems.push(...own);
    else deals.push({ group, input });
  }
  return { deals, problems };
}

/**
 * A createDeal error carrying `input.*` field paths (BAD_USER_INPUT), placed on the deal's rows;
 * null for anything else.
 */
export function fromServiceError(group: DealGroup, error: unknown): CsvProblem | null {
  const details = (error as { details?: { fields?: unknown } } | null)?.details;
  const fields = Array.isArray(details?.fields) ? (details.fields as string[]) : null;
  if (!(error instanceof Error) || !fields || fields.length === 0) return null;
  const field = fields[0].replace(/^input\./, '');
  // Service messages may start with the field path they concern; the column says it instead.
  const message = error.message.replace(/^input\.[\w.]+: /, '');
  const reason = reasonOf(error);
  return { ...locate(group, field, message), ...(reason ? { reason } : {}) };
}

function reasonOf(error: unknown): string | undefined {
  const reason = (error as { details?: { reason?: unknown } } | null)?.details?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

function referenceProblems(
  group: DealGroup,
  input: CreateDealInput,
  context: DealsCsvContext,
): CsvProblem[] {
  const problems: CsvProblem[] = [];
  (input.deliverables ?? []).forEach((deliverable, index) => {
    if (
      typeof deliverable.platformSlug === 'string' &&
      !context.knownPlatforms.has(deliverable.platformSlug)
    ) {
      problems.push({
        line: group.deliverableLines[index],
        column: 'platform',
        message: `Unknown platform "${deliverable.platformSlug}"; see the platforms query for slugs`,
      });
    }
  });
  const alternates = input.alternatePlatformSlugs ?? [];
  const unknown = alternates.filter((slug) => !context.knownPlatforms.has(slug));
  if (unknown.length > 0) {
    problems.push({
      line: group.line,
      column: 'alternate_platforms',
      message: `Unknown platform ${unknown.map((slug) => `"${slug}"`).join(', ')}; see the platforms query for slugs`,
    });
  } else if (new Set(alternates).size !== alternates.length) {
    problems.push({
      line: group.line,
      column: 'alternate_platforms',
      message: 'alternate_platforms lists a platform twice',
    });
  }
  const claimed = input.brandName ? context.claimedBrands.get(input.brandName.trim()) : undefined;
  if (claimed) {
    problems.push({
      line: group.line,
      column: 'brand_name',
      message: `The brand "${claimed.name}" has an account on Deal Ledger: put ${claimed.id} in brand_id, so that the brand sees the deal`,
      reason: BrandErrorReason.BRAND_HAS_ACCOUNT,
    });
  }
  if (input.brandId && !context.selectableBrandIds.has(input.brandId.toLowerCase())) {
    problems.push({
      line: group.line,
      column: 'brand_id',
      message: `Unknown brand ${input.brandId}; use an id from the brands query, or leave brand_id empty and give brand_name`,
    });
  }
  if (!input.brandId && !input.brandName) {
    problems.push({
      line: group.line,
      column: 'brand_name',
      message: 'Give brand_name (or brand_id, a brand from the brands query)',
    });
  }
  return problems;
}

/** The row and column of an input field path such as `deliverables.2.fee` or `terms.killFeeBps`. */
function locate(group: DealGroup, field: string, message: string): CsvProblem {
  const deliverable = /^deliverables\.(\d+)\.(\w+)/.exec(field);
  if (deliverable) {
    const index = Number(deliverable[1]);
    const column = DELIVERABLE_FIELD_COLUMNS[deliverable[2]] ?? null;
    return {
      line: group.deliverableLines[index] ?? group.line,
      column,
      message: rename(message, deliverable[2], column),
    };
  }
  const column = DEAL_FIELD_COLUMNS[field] ?? null;
  return { line: group.line, column, message: rename(message, field.split('.').pop()!, column) };
}

/** class-validator says "netPaymentDays must …"; the file calls it net_payment_days. */
function rename(message: string, property: string, column: string | null): string {
  return column && message.startsWith(`${property} `)
    ? `${column}${message.slice(property.length)}`
    : message;
}
