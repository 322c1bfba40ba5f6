import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { ReportObject, toReportObject } from './report.graphql';
import { ReportsService } from './reports.service';

@Resolver(() => ReportObject)
export class ReportResolver {
  constructor(private readonly reports: ReportsService) {}

  @Query(() => ReportObject, {
    description:
      "One outage's report, scoped like outageImpact (the data behind /reports/…). NOT_FOUND for an unknown outage",
  })
  async outageReport(
    @CurrentViewer() viewer: Viewer,
    @Args('outageId', { type: () => ID, description: 'The outage to report on' })
    outageId: string,
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
      'Every outage overlapping [from, to) (at most 366 days), each deliverable counted once at its worst outcome. Refused with BAD_USER_INPUT WINDOW_INVALID (to not after from), PERIOD_TOO_LONG or UNKNOWN_PLATFORM',
  })
  async periodReport(
    @CurrentViewer() viewer: Viewer,
    @Args('from', {
      type: () => Date,
      description: 'Start of the period, included (ISO 8601 with an offset)',
    })
    from: Date,
    @Args('to', {
      type: () => Date,
      description: 'End of the period, excluded: after from and at most 366 days later',
    })
    to: Date,
    @Args('platformSlug', {
      type: () => String,
      nullable: true,
      description:
        'Only outages taking the platform with this slug (e.g. "instagram") down, directly or through dependencies',
    })
    platformSlug?: string | null,
    @Args('asOf', {
      type: () => Date,
      nullable: true,
      description: 'Count ongoing outages up to here (default now)',
    })
    asOf?: Date | null,
  ): Promise<ReportObject> {
    return toReportObject(
      await this.reports.periodReport(viewer, {
        from,
        to,
        platformSlug: platformSlug ?? undefined,
        asOf: asOf ?? undefined,
      }),
    );
  }
}
