import { ArgsType, Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate } from 'class-validator';

@ArgsType()
export class ExposureArgs {
  @Field({ description: 'Start of the window, included' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field({ description: 'End of the window, excluded; at most 366 days after from' })
  @Type(() => Date)
  @IsDate()
  to: Date;
}
