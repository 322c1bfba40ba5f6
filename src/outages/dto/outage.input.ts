import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
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

@InputType()
export class RecordOutageInput {
  @Field()
  @IsOutageTitle()
  title: string;

  @Field(() => [String], { description: 'Slugs of the platforms that are down (at least one)' })
  @IsOutagePlatformSlugs()
  platformSlugs: string[];

  @Field()
  @IsOutageInstant()
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Omit while the outage is ongoing' })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date | null;

  @Field(() => OutageSeverityEnum)
  @IsOutageSeverity()
  severity: OutageSeverity;

  @Field(() => Int, {
    nullable: true,
    description: 'Required for PARTIAL (1–9999); FULL is always 10000',
  })
  @IsOptional()
  @IsDegradationBps()
  degradationBps?: number | null;

  @Field(() => String, { nullable: true, description: 'Default MANUAL' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The source's own id; (source, externalId) is unique",
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  externalId?: string | null;
}

@InputType({ description: 'Only the fields given change; platformSlugs replaces the whole set' })
export class UpdateOutageInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsOutageTitle()
  title?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsOutagePlatformSlugs()
  platformSlugs?: string[] | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsOutageInstant()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'null reopens the outage (no known end)' })
  @IsOptional()
  @IsOutageInstant()
  endsAt?: Date | null;

  @Field(() => OutageSeverityEnum, { nullable: true })
  @IsOptional()
  @IsOutageSeverity()
  severity?: OutageSeverity | null;

  @Field(() => Int, { nullable: true })
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

@ArgsType()
export class EndOutageArgs {
  @Field(() => ID)
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
