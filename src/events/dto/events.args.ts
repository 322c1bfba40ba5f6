import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { EVENT_TYPE_NAMES, EventTypeEnum, type EventTypeName } from '../event.model';

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => Date, {
    nullable: true,
    description: 'Only events that occurred at or after this time',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date | null;

  @Field(() => [EventTypeEnum], { nullable: true, description: 'Only these types (default: all)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPE_NAMES.length)
  @IsIn(EVENT_TYPE_NAMES, { each: true })
  types?: EventTypeName[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Only the deal events of this brand's deals (no outage events). Brand members: one of their brands, another reads as NOT_FOUND",
  })
  @IsOptional()
  @IsString()
  brandId?: string | null;
}
