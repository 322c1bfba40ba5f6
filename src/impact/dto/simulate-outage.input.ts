import { Field, InputType, Int } from '@nestjs/graphql';
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
import { OUTAGE_SEVERITIES, type OutageSeverity } from '../../outages/outage.entity';
import { OutageSeverityEnum } from '../../outages/outage.model';

@InputType({ description: 'A hypothetical outage: nothing is stored' })
export class SimulateOutageInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  @Field(() => [String], {
    description: 'Platforms down directly, e.g. ["meta"]; dependents follow',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  platformSlugs: string[];

  @Field()
  @IsDate()
  startsAt: Date;

  @Field({ nullable: true, description: 'Omit for an outage still going on at asOf' })
  @IsOptional()
  @IsDate()
  endsAt?: Date;

  @Field(() => OutageSeverityEnum)
  @IsIn(OUTAGE_SEVERITIES)
  severity: OutageSeverity;

  @Field(() => Int, { nullable: true, description: 'PARTIAL only: capacity lost, 1–9999 bps' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9999)
  degradationBps?: number;
}
