import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { ReportObject, toReportObject } from './report.graphql';
import { ReportsService } from './reports.service';

@Resolver(() => ReportObject)
export class ReportResolver {
  constructor(private readonly reports: ReportsService) {}

  @Query(() => ReportObject, {
    description: "One outage's report, scoped like outageImpact (the data behind /reports/…)",
  })
  async outageReport(
    @CurrentViewer() viewer: Viewer,
    @Args('outageId', { type: () => ID }) outageId: string,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description: 'Count an ongoing outage up to here (default now)',
    })
    asOf?: Date | null,
  ): Promise<ReportObject> {
    return toReportObject(await this.reports.outageReport(viewer, outageId, asOf ?? undefined));
  }

  @Query(() => ReportObject, {
    description:
      'Every outage overlapping [from, to) (at most 366 days), each deliverable counted once at its worst outcome',
  })
  async periodReport(
    @CurrentViewer() viewer: Viewer,
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('platform', {
      type: () => String,
      nullable: true,
      description: 'Only outages taking this platform slug down, directly or through dependencies',
    })
    platform?: string | null,
    @Args('asOf', { type: () => Date, nullable: true }) asOf?: Date | null,
  ): Promise<ReportObject> {
    return toReportObject(
      await this.reports.periodReport(viewer, {
        from,
        to,
        platformSlug: platform ?? undefined,
        asOf: asOf ?? undefined,
      }),
    );
  }
}
