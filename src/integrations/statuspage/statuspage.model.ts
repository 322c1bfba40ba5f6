import { Field, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums';
import { Outage } from '../../outages/outage.model';
import type { OutageEntity } from '../../outages/outage.entity';
import type { PlatformEntity } from '../../platforms/platform.entity';
import { Platform } from '../../platforms/platform.model';
import { SKIP_REASONS, type SkipReason } from './statuspage-mapping';

export const StatuspageSkipReasonEnum = graphqlEnum(
  SKIP_REASONS,
  'StatuspageSkipReason',
  'Why an incident (or one platform of it) was not imported',
);

@ObjectType({ description: 'A status-page component name and the platform it stands for' })
export class StatuspageComponentMapping {
  @Field({ description: 'As set; matched trimmed and case-insensitively' })
  component: string;

  @Field(() => Platform)
  platform: PlatformEntity;
}

@ObjectType({ description: 'A status page outages are imported from' })
export class StatuspageFeed {
  @Field({ description: 'Imported outages have source "statuspage:<name>"' })
  name: string;

  @Field(() => Int, {
    nullable: true,
    description: "The feed's own degradation for PARTIAL outages; null: the server default",
  })
  partialDegradationBps: number | null;

  @Field(() => Int, { description: 'The degradation PARTIAL outages of this feed get' })
  effectivePartialDegradationBps: number;

  @Field(() => String, {
    nullable: true,
    description: 'The URL this server polls (STATUSPAGE_FEEDS); null when not polled',
  })
  pollUrl: string | null;

  @Field(() => Date, { nullable: true, description: 'End of the last import that reached it' })
  lastImportedAt: Date | null;

  @Field(() => [StatuspageComponentMapping], { description: 'Ordered by component name' })
  components: StatuspageComponentMapping[];
}

@ObjectType({ description: 'An outage an import created, changed or left as it was' })
export class StatuspageImportedOutage {
  @Field()
  incidentId: string;

  @Field()
  incidentName: string;

  @Field()
  platformSlug: string;

  @Field(() => Outage)
  outage: OutageEntity;

  @Field(() => [String], {
    description:
      'Fields the import changed (updated only): title, startsAt, endsAt, severity, degradationBps',
  })
  changedFields: string[];
}

@ObjectType({ description: 'An incident, or one platform of it, the import left out' })
export class StatuspageSkippedIncident {
  @Field()
  incidentId: string;

  @Field()
  incidentName: string;

  @Field(() => String, { nullable: true, description: 'Null when the whole incident is skipped' })
  platformSlug: string | null;

  @Field(() => StatuspageSkipReasonEnum)
  reason: SkipReason;

  @Field()
  message: string;
}

@ObjectType({ description: 'What an import of a Statuspage document did (one transaction)' })
export class StatuspageImportResult {
  @Field()
  feed: string;

  @Field({ description: 'The source of the imported outages, "statuspage:<feed>"' })
  source: string;

  @Field(() => Int, { description: 'Incidents in the document' })
  incidentCount: number;

  @Field(() => [StatuspageImportedOutage])
  created: StatuspageImportedOutage[];

  @Field(() => [StatuspageImportedOutage])
  updated: StatuspageImportedOutage[];

  @Field(() => [StatuspageImportedOutage])
  unchanged: StatuspageImportedOutage[];

  @Field(() => [StatuspageSkippedIncident])
  skipped: StatuspageSkippedIncident[];

  @Field(() => [String], {
    description:
      'Component names the feed does not map to a platform (their incidents are not guessed)',
  })
  unmappedComponents: string[];
}
