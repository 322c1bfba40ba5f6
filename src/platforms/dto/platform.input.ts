import { Field, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { MoneyInput } from '../../common/graphql/money-input';
import { PLATFORM_KINDS, type PlatformKind } from '../platform.entity';
import { PlatformKindEnum } from '../platform.model';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SLUG_MESSAGE =
  'slug must be 1–63 lower-case letters, digits or hyphens, not starting with a hyphen';

@InputType({ description: 'A platform to add to the catalog' })
export class CreatePlatformInput {
  @Field({
    description:
      'Stable identifier: 1–63 lower-case letters, digits and hyphens, not starting with a hyphen, e.g. "bluesky"; unique (CONFLICT: SLUG_TAKEN)',
  })
  @IsString()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug: string;

  @Field({ description: 'Display name, 1–200 characters, not blank' })
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => PlatformKindEnum, { description: 'What sort of platform it is' })
  @IsIn(PLATFORM_KINDS)
  kind: PlatformKind;

  @Field(() => [String], {
    nullable: true,
    description:
      'Slugs of the platforms this one runs on (at most 50): their outages take it down too. Unknown slugs are UNKNOWN_PLATFORM',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  dependsOn?: string[];
}

@InputType({ description: 'A dependency between two platforms of the catalog' })
export class PlatformDependencyInput {
  @Field({ description: 'The platform that depends on the provider' })
  @IsString()
  @Length(1, 63)
  platformSlug: string;

  @Field({ description: 'The platform it runs on' })
  @IsString()
  @Length(1, 63)
  providerSlug: string;
}

@InputType({
  description: 'Your account on a platform; one per platform: a second upsert replaces the first',
})
export class UpsertPlatformAccountInput {
  @Field({ description: 'The platform (slug, e.g. "instagram"); unknown is UNKNOWN_PLATFORM' })
  @IsString()
  @Length(1, 63)
  platformSlug: string;

  @Field({
    description: 'The account name on the platform, e.g. "@ada": 1–200 characters, not blank',
  })
  @IsString()
  @Length(1, 200)
  handle: string;

  @Field(() => Int, { description: 'Follower count, 0–2147483647' })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  followers: number;

  @Field(() => MoneyInput, {
    description:
      'Non-sponsorship earnings per day (ad share, affiliate, tips) in any currency; what an outage of the platform costs is worked out from it (AMOUNT_* reasons for an amount the currency cannot hold)',
  })
  @ValidateNested()
  @Type(() => MoneyInput)
  dailyEarnings: MoneyInput;
}
