import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import { DEAL_STATUSES, type DealStatus } from '../deal.entity';
import { DealStatusEnum } from '../deal.model';

@InputType()
export class DealFilter {
  @Field(() => DealStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: DealStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  currency?: string;

  @Field({ nullable: true, description: 'Case-insensitive part of the title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class DealsArgs extends PageArgs {
  @Field(() => DealFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DealFilter)
  filter?: DealFilter;
}
