import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

// Names are checked by the service (INVALID_FEED_NAME, INVALID_COMPONENT_NAME), with every
// problem reported at once; here only their type.
const FEED = {
  description:
    'The feed name: 1–63 lower-case letters, digits and dashes, starting with a letter or digit (INVALID_FEED_NAME)',
};
const COMPONENT = {
  description:
    "The component's name as the status page spells it, 1–200 characters; matched trimmed and case-insensitively (INVALID_COMPONENT_NAME)",
};

@InputType({ description: 'A Statuspage document to import into a feed' })
export class ImportStatuspageIncidentsInput {
  @Field({
    description:
      'The feed to import into, created by setStatuspageComponentMapping or configureStatuspageFeed',
  })
  @IsString()
  @MaxLength(200)
  feed: string;

  @Field({ description: 'The JSON document (incidents.json or summary.json), as text' })
  @IsString()
  document: string;
}

@InputType({ description: 'A component of a feed and the platform it stands for' })
export class SetStatuspageComponentMappingInput {
  @Field(FEED)
  @IsString()
  @MaxLength(200)
  feed: string;

  @Field(COMPONENT)
  @IsString()
  @MaxLength(1000)
  component: string;

  @Field({ description: 'The platform the component stands for (UNKNOWN_PLATFORM otherwise)' })
  @IsString()
  @MaxLength(200)
  platformSlug: string;
}

@InputType({ description: 'A component mapping to remove' })
export class RemoveStatuspageComponentMappingInput {
  @Field(FEED)
  @IsString()
  @MaxLength(200)
  feed: string;

  @Field(COMPONENT)
  @IsString()
  @MaxLength(1000)
  component: string;
}

@InputType({ description: 'A feed and its settings' })
export class ConfigureStatuspageFeedInput {
  @Field(FEED)
  @IsString()
  @MaxLength(200)
  feed: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Degradation of the feed's PARTIAL outages, basis points 1–9999 (DEGRADATION_OUT_OF_RANGE); null: the server default (STATUSPAGE_PARTIAL_DEGRADATION_BPS, 5000)",
  })
  @IsOptional()
  @IsInt()
  partialDegradationBps?: number | null;
}
