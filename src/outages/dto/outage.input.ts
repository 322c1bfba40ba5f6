import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { OUTAGE_SEVERITIES, type OutageSeverity } from '../outage.entity';
import { OutageSeverityEnum } from '../outage.model';

@InputType()
export class RecordOutageInput {
  @Field()
  @IsString()
  @Length(1, 300)
  title: string;

  @Field(() => [String], { description: 'Slugs of the platforms that are down (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  platformSlugs: string[];

  @Field()
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Omit while the outage is ongoing' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date | null;

  @Field(() => OutageSeverityEnum)
  @IsIn(OUTAGE_SEVERITIES)
  severity: OutageSeverity;

  @Field(() => Int, {
    nullable: true,
    description: 'Required for PARTIAL (1–9999); FULL is always 10000',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
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
  @IsString()
  @Length(1, 300)
  title?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  platformSlugs?: string[] | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'null reopens the outage (no known end)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date | null;

  @Field(() => OutageSeverityEnum, { nullable: true })
  @IsOptional()
  @IsIn(OUTAGE_SEVERITIES)
  severity?: OutageSeverity | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
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
  @Type(() => Date)
  @IsDate()
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
