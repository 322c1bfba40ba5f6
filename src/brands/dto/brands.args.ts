import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';

@ArgsType()
export class BrandsArgs extends PageArgs {
  @Field({
    nullable: true,
    description: 'Case-insensitive part of the name; % and _ match themselves',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}
