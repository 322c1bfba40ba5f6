import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import type { OutageSeverity } from '../outage.entity';
import { OutageSeverityEnum } from '../outage.model';
import {
  IsDegradationBps,
  IsOutageInstant,
  IsOutagePlatformSlugs,
  IsOutageSeverity,
  IsOutageTitle,
} from './outage-fields';

@InputType({ description: 'An outage to record, of one or more platforms' })
export class RecordOutageInput {
  @Field({ description: 'What went down, 1–300 characters, not blank' })
  @IsOutageTitle()
  title: string;

  @Field(() => [String], {
    description:
      'Slugs of the platforms that are down (1–100); platforms depending on them are affected too. An unknown slug is UNKNOWN_PLATFORM',
  })
  @IsOutagePlatformSlugs()
  platformSlugs: string[];

  @Field({ description: 'When the outage began' })
  @IsOutageInstant()
  startsAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Omit while the outage is ongoing; must be after startsAt (ENDS_BEFORE_START)',
  })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date | null;

  @Field(() => OutageSeverityEnum, {
    description: 'FULL (down) or PARTIAL (degraded by degradationBps)',
  })
  @IsOutageSeverity()
  severity: OutageSeverity;

  @Field(() => Int, {
    nullable: true,
    description:
      'Capacity lost in basis points: required for PARTIAL (1–9999: DEGRADATION_REQUIRED, DEGRADATION_OUT_OF_RANGE); FULL is always 10000',
  })
  @IsOptional()
  @IsDegradationBps()
  degradationBps?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the record comes from, 1–100 characters, not blank; default MANUAL',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The source's own id, 1–300 characters; (source, externalId) is unique (CONFLICT: DUPLICATE_EXTERNAL_ID)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  externalId?: string | null;
}

@InputType({ description: 'Only the fields given change; platformSlugs replaces the whole set' })
export class UpdateOutageInput {
  @Field(() => ID, { description: 'The outage to change' })
  @IsString()
  id: string;

  @Field(() => String, { nullable: true, description: '1–300 characters, not blank; not null' })
  @IsOptional()
  @IsOutageTitle()
  title?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Replaces the platforms down directly (1–100 slugs); not null',
  })
  @IsOptional()
  @IsOutagePlatformSlugs()
  platformSlugs?: string[] | null;

  @Field(() => Date, {
    nullable: true,
    description: 'New start; must stay before endsAt (ENDS_BEFORE_START); not null',
  })
  @IsOptional()
  @IsOutageInstant()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'null reopens the outage (no known end)' })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date | null;

  @Field(() => OutageSeverityEnum, { nullable: true, description: 'FULL or PARTIAL; not null' })
  @IsOptional()
  @IsOutageSeverity()
  severity?: OutageSeverity | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Capacity lost in basis points: 1–9999 for PARTIAL, 10000 (or omitted) for FULL; null follows the severity',
  })
  @IsOptional()
  @IsDegradationBps()
  degradationBps?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you read; a stale one is refused with CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType({ description: 'The outage to end, when, and the version you saw' })
export class EndOutageInput {
  @Field(() => ID, { description: 'The outage to end' })
  @IsString()
  id: string;

  @Field(() => Date, { nullable: true, description: 'Default: now' })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you read; a stale one is refused with CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
