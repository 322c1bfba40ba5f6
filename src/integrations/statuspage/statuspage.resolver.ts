import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../../auth/current-viewer.decorator';
import { requireAdmin } from '../../auth/require-role';
import type { Viewer } from '../../auth/viewer';
import { StatuspageFeed, StatuspageImportResult } from './statuspage.model';
import { StatuspageService } from './statuspage.service';

const FEED_DESC = {
  description:
    'The feed name: 1–63 lower-case letters, digits and dashes, starting with a letter or digit (INVALID_FEED_NAME)',
};

const COMP_DESC = {
  description:
    "The component's name as the status page spells it, 1–200 characters; matched trimmed and case-insensitively (INVALID_COMPONENT_NAME)",
};

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
      "Administrators: import an Atlassian Statuspage v2 incidents.json or summary.json document into the feed's outages. Idempotent; one transaction. Refused with FORBIDDEN ADMIN_ONLY, BAD_USER_INPUT MALFORMED_DOCUMENT (JSON paths in fields) or INVALID_FEED_NAME, NOT_FOUND for a feed not created yet, CONFLICT CONCURRENT_CHANGE (run it again)",
  })
  importStatuspageIncidents(
    @CurrentViewer() viewer: Viewer,
    @Args('feed', {
      description:
        'The feed to import into, created by setStatuspageComponentMapping or configureStatuspageFeed',
    })
    feed: string,
    @Args('document', { description: 'The JSON document, as text' }) document: string,
  ): Promise<StatuspageImportResult> {
    requireAdmin(viewer);
    return this.service.importDocument(viewer.userId, feed, document);
  }

  @Mutation(() => StatuspageFeed, {
    description:
      'Administrators: map a component name (trimmed, case-insensitive) to a platform, replacing its previous platform; creates the feed if new. Refused with FORBIDDEN ADMIN_ONLY, or BAD_USER_INPUT INVALID_FEED_NAME, INVALID_COMPONENT_NAME or UNKNOWN_PLATFORM',
  })
  setStatuspageComponentMapping(
    @CurrentViewer() viewer: Viewer,
    @Args('feed', FEED_DESC) feed: string,
    @Args('component', COMP_DESC) component: string,
    @Args('platformSlug', {
      description: 'The platform\'s slug, e.g. "instagram" (see the platforms query)',
    })
    platformSlug: string,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.setMapping(feed, component, platformSlug);
  }

  @Mutation(() => StatuspageFeed, {
    description:
      'Administrators: remove a component mapping (outages already imported stay). NOT_FOUND for an unknown feed or component; FORBIDDEN ADMIN_ONLY for others',
  })
  removeStatuspageComponentMapping(
    @CurrentViewer() viewer: Viewer,
    @Args('feed', FEED_DESC) feed: string,
    @Args('component', COMP_DESC) component: string,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.removeMapping(feed, component);
  }

  @Mutation(() => StatuspageFeed, {
    description:
      'Administrators: create a feed or set its PARTIAL degradation (1–9999 bps; null: STATUSPAGE_PARTIAL_DEGRADATION_BPS). Refused with FORBIDDEN ADMIN_ONLY, or BAD_USER_INPUT INVALID_FEED_NAME or DEGRADATION_OUT_OF_RANGE',
  })
  configureStatuspageFeed(
    @CurrentViewer() viewer: Viewer,
    @Args('feed', FEED_DESC) feed: string,
    @Args('partialDegradationBps', {
      type: () => Int,
      nullable: true,
      description:
        "Degradation of the feed's PARTIAL outages, basis points 1–9999; null: the server default (STATUSPAGE_PARTIAL_DEGRADATION_BPS, 5000)",
    })
    partialDegradationBps: number | null,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.configureFeed(feed, partialDegradationBps ?? null);
  }
}
