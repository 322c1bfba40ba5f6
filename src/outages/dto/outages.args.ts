import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { OUTAGE_SEVERITIES, type OutageSeverity } from '../outage.entity';
import { OutageSeverityEnum } from '../outage.model';

@InputType()
export class OutagesFilter {
  @Field(() => String, { nullable: true, description: 'Outages that name this platform directly' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  platformSlug?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'With `to`: outages overlapping the window [from, to)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Started and not ended at the time of the request',
  })
  @IsOptional()
  @IsBoolean()
  ongoing?: boolean | null;

  @Field(() => OutageSeverityEnum, { nullable: true })
  @IsOptional()
  @IsIn(OUTAGE_SEVERITIES)
  severity?: OutageSeverity | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string | null;
}

@ArgsType()
export class OutagesArgs extends PageArgs {
  @Field(() => OutagesFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutagesFilter)
  filter?: OutagesFilter | null;
}
