import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCreator } from '../../auth/require-role';
import type { Viewer } from '../../auth/viewer';
import { BrandsService } from '../../brands/brands.service';
import { runTransaction } from '../../common/database/retry';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { parseMoney } from '../../common/money';
import { isUuid } from '../../common/validation/uuid';
import { AppConfig } from '../../config/app-config';
import type { DealEntity } from '../../deals/deal.entity';
import { DealsService } from '../../deals/deals.service';
import { PlatformsService } from '../../platforms/platforms.service';
import { claimIdempotencyKey } from '../../idempotency/idempotency-keys';
import { DealsCsvErrorReason } from './deals-csv.errors';
import { parseDealsCsv, type CsvProblem } from './deals-csv.format';
import { groupDealRows, type DealGroup } from './deals-csv.mapping';
import { fromServiceError, validateDealGroups } from './deals-csv.validate';

/** At most this many problems travel in one error; `problemCount` says how many there were. */
export const MAX_REPORTED_PROBLEMS = 200;

export interface ImportedDealSummary {
  ref: string;
  line: number;
  title: string;
  currency: string;
  totalFee: bigint;
  deliverableCount: number;
  /** The created deal; null on a dry run. */
  deal: DealEntity | null;
}

export interface DealsImportSummary {
  dryRun: boolean;
  dealCount: number;
  deliverableCount: number;
  /** Sum of the deals' totals per currency, by currency code. */
  totals: Array<{ currency: string; minor: bigint }>;
  deals: ImportedDealSummary[];
}

/** BAD_USER_INPUT naming every problem found, with nothing written. */
export function csvProblemsError(
  problems: CsvProblem[],
  reason = DealsCsvErrorReason.CSV_INVALID,
): AppError {
  const first = problems[0];
  const where = [first.line === null ? null : `line ${first.line}`, first.column]
    .filter(Boolean)
    .join(', ');
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new AppError(
    ErrorCode.BAD_USER_INPUT,
    `The CSV has ${count}; nothing was imported. ${where ? `${where}: ` : ''}${first.message}`,
    {
      fields: ['input.csv'],
      reason,
      problemCount: problems.length,
      problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
      // As user errors: the path runs into the file, input.csv.<line>.<column>.
      refusals: problems.slice(0, MAX_REPORTED_PROBLEMS).map(
        ({ line, column, message, reason: finer }) =>
          new AppError(
            ErrorCode.BAD_USER_INPUT,
            [line === null ? null : `line ${line}`, column, message].filter(Boolean).join(': '),
            {
              fields: [['input.csv', line, column].filter((part) => part !== null).join('.')],
              reason: finer ?? reason,
            },
          ),
      ),
    },
  );
}

/**
 * Deals from a CSV, as the signed-in creator: every row checked first (as createDeal would),
 * then every deal created in one transaction through createDeal's own code, set-based (the same
 * statements for two deals as for five thousand), or nothing at all.
 */
@Injectable()
export class DealsImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deals: DealsService,
    private readonly brands: BrandsService,
    private readonly platforms: PlatformsService,
    private readonly config: AppConfig,
  ) {}

  async import(
    viewer: Viewer,
    csv: string | Uint8Array,
    options: { dryRun?: boolean } = {},
  ): Promise<DealsImportSummary> {
    const creatorId = requireCreator(viewer);
    const parsed = parseDealsCsv(csv, {
      maxBytes: this.config.DEALS_CSV_MAX_BYTES,
      maxRows: this.config.DEALS_CSV_MAX_ROWS,
    });
    if (!parsed.ok) {
      throw csvProblemsError(
        parsed.problems,
        parsed.reason === 'TOO_LARGE'
          ? DealsCsvErrorReason.CSV_TOO_LARGE
          : DealsCsvErrorReason.CSV_INVALID,
      );
    }
    if (parsed.rows.length === 0) {
      throw csvProblemsError([{ line: 2, column: null, message: 'The CSV has no data rows' }]);
    }
    const grouped = groupDealRows(parsed.rows);
    const [knownPlatforms, selectableBrandIds, claimedBrands] = await Promise.all([
      this.knownPlatforms(grouped.groups),
      this.selectableBrands(creatorId, grouped.groups),
      this.brands.claimedBrandsNamed(
        this.dataSource.manager,
        grouped.groups.flatMap(({ draft }) => (draft.brandName ? [draft.brandName.trim()] : [])),
      ),
    ]);
    const checked = validateDealGroups(grouped.groups, {
      knownPlatforms,
      selectableBrandIds,
      claimedBrands,
      dealProblems: (input) => this.deals.createProblems(viewer, input),
    });
    const problems = [...grouped.problems, ...checked.problems].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0),
    );
    if (problems.length > 0) throw csvProblemsError(problems);

    const summaries: ImportedDealSummary[] = checked.deals.map(({ group, input }) => ({
      ref: group.ref,
      line: group.line,
      title: input.title.trim(),
      currency: input.currency,
      totalFee: parseMoney(input.totalFee, input.currency),
      deliverableCount: input.deliverables?.length ?? 0,
      deal: null,
    }));
    if (!options.dryRun) {
      const created = await runTransaction(this.dataSource, async (manager) => {
        await claimIdempotencyKey(manager);
        // Every deal at once, set-based. A refusal was checked above; still possible when the
        // data changed meanwhile (a brand claimed): it is reported on its deal's rows.
        return this.deals.createManyInTransaction(
          manager,
          viewer,
          checked.deals.map(({ input }) => input),
          'importDeals',
          (error, index) => rowError(checked.deals[index].group, error),
        );
      });
      created.forEach((deal, index) => (summaries[index].deal = deal));
    }
    return summarize(Boolean(options.dryRun), summaries);
  }

  private async knownPlatforms(groups: readonly DealGroup[]): Promise<Set<string>> {
    const slugs = new Set<string>();
    for (const { draft } of groups) {
      draft.alternatePlatformSlugs?.forEach((slug) => slugs.add(slug));
      draft.deliverables?.forEach((deliverable) => {
        if (deliverable.platformSlug) slugs.add(deliverable.platformSlug);
      });
    }
    return this.platforms.knownSlugs(slugs);
  }

  private async selectableBrands(
    creatorId: string,
    groups: readonly DealGroup[],
  ): Promise<Set<string>> {
    const ids = [
      ...new Set(
        groups.flatMap(({ draft }) =>
          draft.brandId && isUuid(draft.brandId) ? [draft.brandId.toLowerCase()] : [],
        ),
      ),
    ];
    return this.brands.selectableBrandIds(ids, creatorId);
  }
}

function rowError(group: DealGroup, error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== ErrorCode.BAD_USER_INPUT) return error;
  const problem = fromServiceError(group, error);
  return problem ? csvProblemsError([problem]) : error;
}

function summarize(dryRun: boolean, deals: ImportedDealSummary[]): DealsImportSummary {
  const totals = new Map<string, bigint>();
  for (const deal of deals) {
    totals.set(deal.currency, (totals.get(deal.currency) ?? 0n) + deal.totalFee);
  }
  return {
    dryRun,
    dealCount: deals.length,
    deliverableCount: deals.reduce((sum, deal) => sum + deal.deliverableCount, 0),
    totals: [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, minor]) => ({ currency, minor })),
    deals,
  };
}
