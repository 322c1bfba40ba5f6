import { Args, Extensions, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../../auth/current-viewer.decorator';
import { requireAdmin } from '../../auth/require-role';
import type { Viewer } from '../../auth/viewer';
import { PayloadOf } from '../../common/graphql/payload-of.decorator';
import {
  ConfigureStatuspageFeedInput,
  ImportStatuspageIncidentsInput,
  RemoveStatuspageComponentMappingInput,
  SetStatuspageComponentMappingInput,
} from './dto/statuspage.input';
import {
  ConfigureStatuspageFeedPayload,
  ImportStatuspageIncidentsPayload,
  RemoveStatuspageComponentMappingPayload,
  SetStatuspageComponentMappingPayload,
} from './dto/statuspage.payloads';
import { StatuspageFeed, StatuspageImportResult } from './statuspage.model';
import { StatuspageService } from './statuspage.service';

/** Administrators only: feeds are server configuration, and imports write outages. */
@Resolver()
export class StatuspageResolver {
  constructor(private readonly service: StatuspageService) {}

  // one per status page followed
  @Extensions({ expectedItems: 10 })
  @Query(() => [StatuspageFeed], {
    description: 'Administrators: the status-page feeds and their component mappings, by name',
  })
  statuspageFeeds(@CurrentViewer() viewer: Viewer): Promise<StatuspageFeed[]> {
    requireAdmin(viewer);
    return this.service.listFeeds();
  }

  @PayloadOf('statuspageImport')
  @Mutation(() => ImportStatuspageIncidentsPayload, {
    description:
      "Administrators: import an Atlassian Statuspage v2 incidents.json or summary.json document into the feed's outages. Idempotent; one transaction. Refused with FORBIDDEN ADMIN_ONLY, BAD_USER_INPUT MALFORMED_DOCUMENT (JSON paths in fields) or INVALID_FEED_NAME, NOT_FOUND for a feed not created yet, CONFLICT CONCURRENT_CHANGE (run it again)",
  })
  importStatuspageIncidents(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The feed and the document' })
    input: ImportStatuspageIncidentsInput,
  ): Promise<StatuspageImportResult> {
    requireAdmin(viewer);
    return this.service.importDocument(viewer.userId, input.feed, input.document);
  }

  @PayloadOf('statuspageFeed')
  @Mutation(() => SetStatuspageComponentMappingPayload, {
    description:
      'Administrators: map a component name (trimmed, case-insensitive) to a platform, replacing its previous platform; creates the feed if new. Refused with FORBIDDEN ADMIN_ONLY, or BAD_USER_INPUT INVALID_FEED_NAME, INVALID_COMPONENT_NAME or UNKNOWN_PLATFORM',
  })
  setStatuspageComponentMapping(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The feed, the component and its platform' })
    input: SetStatuspageComponentMappingInput,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.setMapping(input.feed, input.component, input.platformSlug);
  }

  @PayloadOf('statuspageFeed')
  @Mutation(() => RemoveStatuspageComponentMappingPayload, {
    description:
      'Administrators: remove a component mapping (outages already imported stay). NOT_FOUND for an unknown feed or component; FORBIDDEN ADMIN_ONLY for others',
  })
  removeStatuspageComponentMapping(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The feed and the component' })
    input: RemoveStatuspageComponentMappingInput,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.removeMapping(input.feed, input.component);
  }

  @PayloadOf('statuspageFeed')
  @Mutation(() => ConfigureStatuspageFeedPayload, {
    description:
      'Administrators: create a feed or set its PARTIAL degradation (1–9999 bps; null: STATUSPAGE_PARTIAL_DEGRADATION_BPS). Refused with FORBIDDEN ADMIN_ONLY, or BAD_USER_INPUT INVALID_FEED_NAME or DEGRADATION_OUT_OF_RANGE',
  })
  configureStatuspageFeed(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The feed and its settings' })
    input: ConfigureStatuspageFeedInput,
  ): Promise<StatuspageFeed> {
    requireAdmin(viewer);
    return this.service.configureFeed(input.feed, input.partialDegradationBps ?? null);
  }
}
