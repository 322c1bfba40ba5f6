import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
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
  MaxLength,
  Min,
} from 'class-validator';
import { PLATFORM_KINDS, type PlatformKind } from '../platform.entity';
import { PlatformKindEnum } from '../platform.model';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SLUG_MESSAGE =
  'slug must be 1–63 lower-case letters, digits or hyphens, not starting with a hyphen';

@InputType()
export class CreatePlatformInput {
  @Field({ description: 'Lower-case letters, digits and hyphens, e.g. "bluesky"' })
  @IsString()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => PlatformKindEnum)
  @IsIn(PLATFORM_KINDS)
  kind: PlatformKind;

  @Field(() => [String], { nullable: true, description: 'Slugs of the platforms this one runs on' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  dependsOn?: string[];
}

@ArgsType()
export class PlatformDependencyArgs {
  @Field({ description: 'The platform that depends on the provider' })
  @IsString()
  @Length(1, 63)
  platformSlug: string;

  @Field({ description: 'The platform it runs on' })
  @IsString()
  @Length(1, 63)
  providerSlug: string;
}

@InputType()
export class UpsertPlatformAccountInput {
  @Field()
  @IsString()
  @Length(1, 63)
  platformSlug: string;

  @Field()
  @IsString()
  @Length(1, 200)
  handle: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  followers: number;

  @Field({ description: 'Decimal string in major units, e.g. "42.50"' })
  @IsString()
  @MaxLength(40)
  dailyEarnings: string;

  @Field({ description: 'ISO 4217 code, e.g. USD' })
  @IsString()
  @MaxLength(10)
  currency: string;
}
