import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../../auth/current-viewer.decorator';
import { requireAdmin } from '../../auth/require-role';
import type { Viewer } from '../../auth/viewer';
import { StatuspageFeed, StatuspageImportResult } from './statuspage.model';
import { StatuspageService } from './statuspage.service';

/** Administrators only: feeds are server configuration, and imports write outages. */
@Resolver()
export class StatuspageResolver {
  constructor(private readonly service: StatuspageService) {}

  @Query(() => [StatuspageFeed], {
    description: 'Administrators: the status-page feeds and their component mappings, by name',
  })
  statuspageFeeds(@CurrentViewer() viewer: Viewer): Promise<StatuspageFeed[]> {
    requireAdmin(viewer);
    return this.service.listFeeds();
  }

  @Mutation(() => StatuspageImportResult, {
    description:
      "Administrators: import an Atlassian Statuspage v2 incidents.json or summary.json document into the feed's outages. Idempotent; one transaction.",
  })
  importStatuspageIncidents(
    @CurrentViewer() viewer: Viewer,
    @Args('feed') feed: string,
    @Args('document', { description: 'The JSON document, as text' }) document: string,
  ): Promise<StatuspageImportResult> {
    requireAdmin(viewer);
    return this.service.importDocument(viewer.userId, feed, document);
  }

  @Mutation(() => StatuspageFeed, {
    description:
      'Administrators: map a component name (trimmed, case-insensitive) to a platform; creates the feed if new',
  })
  setStatuspageComponentMapping(
    @CurrentViewer() viewer: Viewer,
    @Args('feed') feed: string,
    @Args('component') component: string,
    @Args('platformSlug') platformSlug: string,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.setMapping(feed, component, platformSlug);
  }

  @Mutation(() => StatuspageFeed, { description: 'Administrators: remove a component mapping' })
  removeStatuspageComponentMapping(
    @CurrentViewer() viewer: Viewer,
    @Args('feed') feed: string,
    @Args('component') component: string,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.removeMapping(feed, component);
  }

  @Mutation(() => StatuspageFeed, {
    description:
      'Administrators: create a feed or set its PARTIAL degradation (1–9999 bps; null: STATUSPAGE_PARTIAL_DEGRADATION_BPS)',
  })
  configureStatuspageFeed(
    @CurrentViewer() viewer: Viewer,
    @Args('feed') feed: string,
    @Args('partialDegradationBps', { type: () => Int, nullable: true })
    partialDegradationBps: number | null,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.configureFeed(feed, partialDegradationBps ?? null);
  }
}
