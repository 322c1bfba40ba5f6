import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import type { CashflowBucket, ReceivableStatus } from '../../impact/engine';
import { CashflowBucketEnum, RECEIVABLE_STATUSES, ReceivableStatusEnum } from '../receivable.model';

@InputType({ description: 'Narrows the receivables list; every filter given must hold' })
export class ReceivableFilterInput {
  @Field(() => [ReceivableStatusEnum], {
    nullable: true,
    description: 'Receivables in any of these statuses (e.g. [OVERDUE, PARTIALLY_PAID])',
  })
  @IsOptional()
  @ArrayMaxSize(RECEIVABLE_STATUSES.length)
  @IsIn(RECEIVABLE_STATUSES, { each: true })
  status?: ReceivableStatus[];

  @Field(() => ID, { nullable: true, description: 'Receivables of this deal' })
  @IsOptional()
  @IsUUID()
  dealId?: string;

  @Field(() => ID, { nullable: true, description: 'Receivables of deals with this brand' })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @Field(() => Date, { nullable: true, description: 'Falling due before this instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueBefore?: Date;

  @Field(() => Date, { nullable: true, description: 'Falling due at or after this instant' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAfter?: Date;
}

@ArgsType()
export class ReceivablesArgs extends PageArgs {
  @Field(() => ReceivableFilterInput, {
    nullable: true,
    description: 'Every filter given must hold',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReceivableFilterInput)
  filter?: ReceivableFilterInput;

  @Field(() => Date, {
    nullable: true,
    description:
      'Judge statuses, overdue days and outages at this instant (default now); payments received and write-offs made after it do not count yet',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  asOf?: Date;
}

@ArgsType()
export class CashflowArgs {
  @Field(() => Date, {
    description: 'Start of the window, included (its bucket starts on or before it)',
  })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field(() => Date, { description: 'End of the window, excluded; at most 366 days after from' })
  @Type(() => Date)
  @IsDate()
  to: Date;

  @Field(() => CashflowBucketEnum, { nullable: true, description: 'Row width (default MONTH)' })
  @IsOptional()
  @IsIn(['WEEK', 'MONTH'])
  bucket?: CashflowBucket;

  @Field(() => Date, {
    nullable: true,
    description: 'Judge outages, payments and overdue amounts at this instant (default now)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  asOf?: Date;
}
