import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { DELIVERABLE_STATUSES, type DeliverableStatus } from '../deliverable.entity';
import { DeliverableStatusEnum } from '../deliverable.enums';

@InputType()
export class DeliverableFilter {
  @Field(() => DeliverableStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(DELIVERABLE_STATUSES)
  status?: DeliverableStatus;

  @Field({ nullable: true, description: 'Platform slug' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  platform?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  dealId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @Field({ nullable: true, description: 'Deadline strictly before this instant' })
  @IsOptional()
  @IsDate()
  dueBefore?: Date;

  @Field({ nullable: true, description: 'Deadline at or after this instant' })
  @IsOptional()
  @IsDate()
  dueAfter?: Date;
}

@ArgsType()
export class DeliverablesArgs extends PageArgs {
  @Field(() => DeliverableFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverableFilter)
  filter?: DeliverableFilter;
}
