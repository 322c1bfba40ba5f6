import {
  Args,
  Extensions,
  Field,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { PayloadOf } from '../../common/graphql/payload-of.decorator';
import { MutationPayload } from '../../common/graphql/user-error';
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

  // one entry per currency present: a caller works in one to three
  @Extensions({ expectedItems: 3 })
  @Field(() => [Money], { description: "Sum of the deals' totals, per currency" })
  totals: Money[];

  // up to DEALS_CSV_MAX_ROWS; a file holds tens of deals
  @Extensions({ expectedItems: 50 })
  @Field(() => [ImportedDeal], { description: 'In the order of the file' })
  deals: ImportedDeal[];
}

@InputType({ description: 'A deals CSV to import' })
export class ImportDealsInput {
  @Field({
    description:
      'The file as UTF-8 text, one row per deliverable under a header row: at most DEALS_CSV_MAX_BYTES (default 1048576) bytes and DEALS_CSV_MAX_ROWS (default 5000) data rows',
  })
  @IsString()
  csv: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True: check the file and report what would be created, writing nothing (default false)',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean | null;
}

@ObjectType({ description: 'What importDeals did' })
export class ImportDealsPayload extends MutationPayload {
  @Field(() => DealsImport, {
    nullable: true,
    description: 'What was created (or, on a dry run, would be); null when refused',
  })
  dealsImport: DealsImport | null;
}

@Resolver()
export class DealsCsvResolver {
  constructor(
    private readonly imports: DealsImportService,
    private readonly links: DealsExportLinkService,
  ) {}

  @PayloadOf('dealsImport')
  @Mutation(() => ImportDealsPayload, {
    description:
      'Create deals from a CSV (the layout of GET /exports/deals.csv), as the signed-in creator, in one transaction; any bad row refuses the whole file: every problem (up to 100) is a user error CSV_INVALID (or a finer code) whose field runs into the file, ["input", "csv", line, column]; an oversized file is CSV_TOO_LARGE. dryRun: check and count, write nothing. Honours an Idempotency-Key header.',
  })
  async importDeals(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The file, and whether only to check it' })
    input: ImportDealsInput,
  ): Promise<DealsImport> {
    const summary = await this.imports.import(viewer, input.csv, { dryRun: input.dryRun ?? false });
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
