import { Args, Field, ID, InputType, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { graphqlEnum } from '../common/graphql/enums';
import { OutagesService } from '../outages/outages.service';
import { ReportLinkService } from './report-link.service';
import { REPORT_FORMATS, type ReportFormat, type ReportTarget } from './report-request';
import { notBothReports, oneReportRequired, windowInvalid } from './reports.errors';

export const ReportFormatEnum = graphqlEnum(
  ['csv', 'md', 'html'] as const,
  'ReportFormat',
  'csv (RFC 4180), md (Markdown) or html (a self-contained page with a timeline)',
);

@InputType({
  description: 'Either outageId, or from and to (optionally platform) for a period report',
})
export class ReportLinkInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  outageId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field({
    nullable: true,
    description: 'Period reports: only outages affecting this platform slug',
  })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  platform?: string;

  @Field({
    nullable: true,
    description: 'Count ongoing outages up to this instant (default: when opened)',
  })
  @IsOptional()
  @IsDate()
  asOf?: Date;

  @Field(() => ReportFormatEnum)
  @IsIn(REPORT_FORMATS)
  format: ReportFormat;
}

@ObjectType({
  description: 'A link that opens one report as you, without a token, until it expires',
})
export class ReportLink {
  @Field({ description: 'Open in a browser or send it on; it shows what you may see' })
  url: string;

  @Field()
  expiresAt: Date;
}

@Resolver()
export class ReportLinkResolver {
  constructor(
    private readonly links: ReportLinkService,
    private readonly outages: OutagesService,
  ) {}

  @Query(() => ReportLink, { description: 'Mint a signed link to a report, valid for 24 hours' })
  async reportLink(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: ReportLinkInput,
  ): Promise<ReportLink> {
    return this.links.mint(viewer, await this.target(input), input.format);
  }

  private async target(input: ReportLinkInput): Promise<ReportTarget> {
    if (input.outageId) {
      if (input.from || input.to || input.platform) {
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
      platformSlug: input.platform,
      asOf: input.asOf,
    };
  }
}
