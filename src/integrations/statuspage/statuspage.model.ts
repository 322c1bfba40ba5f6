import { Extensions, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Outage } from '../../outages/outage.model';
import type { OutageEntity } from '../../outages/outage.entity';
import type { PlatformEntity } from '../../platforms/platform.entity';
import { Platform } from '../../platforms/platform.model';
import type { SkipReason } from './statuspage-mapping';

export const StatuspageSkipReasonEnum = {
  MAINTENANCE: 'MAINTENANCE',
  NO_IMPACT: 'NO_IMPACT',
  NO_MAPPED_COMPONENTS: 'NO_MAPPED_COMPONENTS',
  EMPTY_WINDOW: 'EMPTY_WINDOW',
} as const satisfies { [K in SkipReason]: K };
registerEnumType(StatuspageSkipReasonEnum, {
  name: 'StatuspageSkipReason',
  description:
    'Why an incident (or one platform of it) was not imported. May gain values; handle unknown ones',
  valuesMap: {
    MAINTENANCE: {
      description:
        'Scheduled maintenance (impact or status), or components only under_maintenance: not an outage',
    },
    NO_IMPACT: {
      description: 'Impact none, or its mapped components stayed operational',
    },
    NO_MAPPED_COMPONENTS: {
      description:
        'None of its components is mapped to a platform (see unmappedComponents), or it names none',
    },
    EMPTY_WINDOW: { description: 'Its window does not end after it starts' },
  },
});

@ObjectType({ description: 'A status-page component name and the platform it stands for' })
export class StatuspageComponentMapping {
  @Field({ description: 'As set; matched trimmed and case-insensitively' })
  component: string;

  @Field(() => Platform, { description: 'The platform its incidents become outages of' })
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

  // the components of one status page
  @Extensions({ expectedItems: 20 })
  @Field(() => [StatuspageComponentMapping], { description: 'Ordered by component name' })
  components: StatuspageComponentMapping[];
}

@ObjectType({ description: 'An outage an import created, changed or left as it was' })
export class StatuspageImportedOutage {
  @Field({ description: "The incident's id on the status page" })
  incidentId: string;

  @Field({ description: "The incident's name on the status page" })
  incidentName: string;

  @Field({ description: 'The platform this outage is for (one outage per incident and platform)' })
  platformSlug: string;

  @Field(() => Outage, {
    description:
      'The outage as it stands after the import (externalId "<incidentId>:<platformSlug>")',
  })
  outage: OutageEntity;

  @Field(() => [String], {
    description:
      'Fields the import changed (updated only): title, startsAt, endsAt, severity, degradationBps',
  })
  changedFields: string[];
}

@ObjectType({ description: 'An incident, or one platform of it, the import left out' })
export class StatuspageSkippedIncident {
  @Field({ description: "The incident's id on the status page" })
  incidentId: string;

  @Field({ description: "The incident's name on the status page" })
  incidentName: string;

  @Field(() => String, { nullable: true, description: 'Null when the whole incident is skipped' })
  platformSlug: string | null;

  @Field(() => StatuspageSkipReasonEnum, { description: 'Why it was left out' })
  reason: SkipReason;

  @Field({ description: 'The reason in a sentence, e.g. the unmapped component names' })
  message: string;
}

@ObjectType({ description: 'What an import of a Statuspage document did (one transaction)' })
export class StatuspageImportResult {
  @Field({ description: 'The feed imported into (its name, trimmed)' })
  feed: string;

  @Field({ description: 'The source of the imported outages, "statuspage:<feed>"' })
  source: string;

  @Field(() => Int, { description: 'Incidents in the document' })
  incidentCount: number;

  // the incidents of one document
  @Extensions({ expectedItems: 20 })
  @Field(() => [StatuspageImportedOutage], { description: 'Outages this import recorded' })
  created: StatuspageImportedOutage[];

  // the incidents of one document
  @Extensions({ expectedItems: 20 })
  @Field(() => [StatuspageImportedOutage], {
    description: 'Outages already imported that this document changed (see changedFields)',
  })
  updated: StatuspageImportedOutage[];

  // the incidents of one document
  @Extensions({ expectedItems: 20 })
  @Field(() => [StatuspageImportedOutage], {
    description: 'Outages already imported that this document leaves as they were',
  })
  unchanged: StatuspageImportedOutage[];

  // the incidents of one document
  @Extensions({ expectedItems: 20 })
  @Field(() => [StatuspageSkippedIncident], {
    description: 'Incidents, or platforms of one, that became no outage, with the reason',
  })
  skipped: StatuspageSkippedIncident[];

  @Field(() => [String], {
    description:
      'Component names the feed does not map to a platform (their incidents are not guessed)',
  })
  unmappedComponents: string[];
}
