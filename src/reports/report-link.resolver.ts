import {
  Args,
  Field,
  ID,
  InputType,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { OutagesService } from '../outages/outages.service';
import { ReportLinkService } from './report-link.service';
import { REPORT_FORMATS, type ReportFormat, type ReportTarget } from './report-request';
import { notBothReports, oneReportRequired, windowInvalid } from './reports.errors';

// GraphQL names the values in capitals (CSV, MD, HTML); the resolver receives the lower-case
// format the HTTP paths and the renderers use.
export const ReportFormatEnum = { CSV: 'csv', MD: 'md', HTML: 'html' } as const satisfies Record<
  string,
  ReportFormat
>;
registerEnumType(ReportFormatEnum, {
  name: 'ReportFormat',
  description: 'CSV (RFC 4180), MD (Markdown) or HTML (a self-contained page with a timeline)',
  valuesMap: {
    CSV: {
      description:
        'RFC 4180 CSV: a header row, amounts as decimal strings with a currency column, times in ISO 8601 UTC',
    },
    MD: { description: 'Markdown (text/markdown): headings and tables, user text escaped' },
    HTML: {
      description:
        'A self-contained HTML page (no scripts, no external assets) with a UTC timeline; prints cleanly to PDF',
    },
  },
});

@InputType({
  description: 'Either outageId, or from and to (optionally platformSlug) for a period report',
})
export class ReportLinkInput {
  @Field(() => ID, {
    nullable: true,
    description: "An outage report: the outage's id (not with from, to or platformSlug)",
  })
  @IsOptional()
  @IsString()
  outageId?: string;

  @Field({
    nullable: true,
    description: 'A period report: start of the period, included (ISO 8601 with an offset)',
  })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({
    nullable: true,
    description:
      'A period report: end of the period, excluded; after from, at most 366 days later (checked when opened)',
  })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field({
    nullable: true,
    description:
      'Period reports: only outages affecting the platform with this slug, e.g. "instagram" (at most 63 characters)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  platformSlug?: string;

  @Field({
    nullable: true,
    description: 'Count ongoing outages up to this instant (default: when opened)',
  })
  @IsOptional()
  @IsDate()
  asOf?: Date;

  @Field(() => ReportFormatEnum, { description: 'The rendering the link opens' })
  @IsIn(REPORT_FORMATS)
  format: ReportFormat;
}

@ObjectType({
  description: 'A link that opens one report as you, without a token, until it expires',
})
export class ReportLink {
  @Field({ description: 'Open in a browser or send it on; it shows what you may see' })
  url: string;

  @Field({ description: 'When the link stops working (ISO 8601, UTC; whole seconds)' })
  expiresAt: Date;
}

@Resolver()
export class ReportLinkResolver {
  constructor(
    private readonly links: ReportLinkService,
    private readonly outages: OutagesService,
  ) {}

  @Query(() => ReportLink, {
    description:
      'Mint a signed link to a report, valid for REPORT_LINK_HOURS (default 24). Refused with BAD_USER_INPUT ONE_REPORT (both or neither of outageId and from/to) or WINDOW_INVALID (to not after from); NOT_FOUND for an unknown outage',
  })
  async reportLink(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'Which report, and in which format' })
    input: ReportLinkInput,
  ): Promise<ReportLink> {
    return this.links.mint(viewer, await this.target(input), input.format);
  }

  private async target(input: ReportLinkInput): Promise<ReportTarget> {
    if (input.outageId) {
      if (input.from || input.to || input.platformSlug) {
        throw notBothReports();
      }
      const outage = await this.outages.findOne(input.outageId);
      return { kind: 'OUTAGE', outageId: outage.id, asOf: input.asOf };
    }
    if (!input.from || !input.to) {
      throw oneReportRequired();
    }
    if (input.to <= input.from) throw windowInvalid('input.to');
    return {
      kind: 'PERIOD',
      from: input.from,
      to: input.to,
      platformSlug: input.platformSlug,
      asOf: input.asOf,
    };
  }
}
