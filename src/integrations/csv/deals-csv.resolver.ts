import { Args, Field, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../../auth/current-viewer.decorator';
import type { Viewer } from '../../auth/viewer';
import { Money, toMoney } from '../../common/graphql/money.model';
import { Deal } from '../../deals/deal.model';
import type { DealEntity } from '../../deals/deal.entity';
import { ReportLink } from '../../reports/report-link.resolver';
import { DealsExportLinkService } from './deals-export-link.service';
import { DealsImportService } from './deals-import.service';

@ObjectType({ description: 'One deal of a CSV import (one deal_ref)' })
export class ImportedDeal {
  @Field({ description: 'Its deal_ref in the file' })
  ref: string;

  @Field(() => Int, { description: 'Line of its first row (the header is line 1)' })
  line: number;

  @Field({ description: "The deal's title, trimmed" })
  title: string;

  @Field(() => Int, { description: 'Deliverables in it (its rows with a deliverable)' })
  deliverableCount: number;

  @Field(() => Money, { description: "The deal's total fee, in its currency" })
  totalFee: Money;

  @Field(() => Deal, { nullable: true, description: 'The deal created; null on a dry run' })
  deal: DealEntity | null;
}

@ObjectType({ description: 'What a CSV import created, or would create on a dry run' })
export class DealsImport {
  @Field({ description: 'True when nothing was written' })
  dryRun: boolean;

  @Field(() => Int, { description: 'Deals in the file (distinct deal_ref values)' })
  dealCount: number;

  @Field(() => Int, { description: 'Deliverables across all its deals' })
  deliverableCount: number;

  @Field(() => [Money], { description: "Sum of the deals' totals, per currency" })
  totals: Money[];

  @Field(() => [ImportedDeal], { description: 'In the order of the file' })
  deals: ImportedDeal[];
}

@Resolver()
export class DealsCsvResolver {
  constructor(
    private readonly imports: DealsImportService,
    private readonly links: DealsExportLinkService,
  ) {}

  @Mutation(() => DealsImport, {
    description:
      'Create deals from a CSV (the layout of GET /exports/deals.csv), as the signed-in creator, in one transaction; any bad row refuses the whole file with BAD_USER_INPUT CSV_INVALID and extensions.problems [{ line column message }], an oversized file with CSV_TOO_LARGE. dryRun: check and count, write nothing. Honours an Idempotency-Key header.',
  })
  async importDeals(
    @CurrentViewer() viewer: Viewer,
    @Args('csv', {
      description:
        'The file as UTF-8 text, one row per deliverable under a header row: at most DEALS_CSV_MAX_BYTES (default 1048576) bytes and DEALS_CSV_MAX_ROWS (default 5000) data rows',
    })
    csv: string,
    @Args('dryRun', {
      type: () => Boolean,
      nullable: true,
      description:
        'True: check the file and report what would be created, writing nothing (default false)',
    })
    dryRun?: boolean,
  ): Promise<DealsImport> {
    const summary = await this.imports.import(viewer, csv, { dryRun: dryRun ?? false });
    return {
      dryRun: summary.dryRun,
      dealCount: summary.dealCount,
      deliverableCount: summary.deliverableCount,
      totals: summary.totals.map(({ currency, minor }) => toMoney(minor, currency)),
      deals: summary.deals.map((deal) => ({
        ref: deal.ref,
        line: deal.line,
        title: deal.title,
        deliverableCount: deal.deliverableCount,
        totalFee: toMoney(deal.totalFee, deal.currency),
        deal: deal.deal,
      })),
    };
  }

  @Query(() => ReportLink, {
    description:
      'A signed link to GET /exports/deals.csv that works without a token until it expires (REPORT_LINK_HOURS)',
  })
  dealsExportLink(@CurrentViewer() viewer: Viewer): Promise<ReportLink> {
    return this.links.mint(viewer);
  }
}
