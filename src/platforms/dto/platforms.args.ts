import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';

@ArgsType()
export class PlatformsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Case-insensitive text to find in the slug or name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
