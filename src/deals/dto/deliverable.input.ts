import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DeliverableDraftInput } from './deal.input';
import { IsNotBlank } from '../../common/validation/input-checks';
import {
  DELIVERABLE_KINDS,
  DELIVERABLE_TIMINGS,
  type DeliverableKind,
  type DeliverableTiming,
} from '../deliverable.entity';
import { DeliverableKindEnum, DeliverableTimingEnum } from '../deliverable.enums';

@InputType()
export class AddDeliverableInput extends DeliverableDraftInput {
  @Field(() => ID)
  @IsString()
  dealId: string;
}

@InputType({
  description:
    'Only the fields given change; none of them can be null (FIELD_NOT_NULLABLE): omit a field to keep it',
})
export class UpdateDeliverableInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  platformSlug?: string;

  @Field(() => DeliverableKindEnum, { nullable: true })
  @IsOptional()
  @IsIn(DELIVERABLE_KINDS)
  kind?: DeliverableKind;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  scheduledAt?: Date;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  durationMinutes?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  dueAt?: Date;

  @Field({ nullable: true, description: "Decimal; the deal's total moves by the difference" })
  @IsOptional()
  @IsString()
  fee?: string;

  @Field(() => DeliverableTimingEnum, { nullable: true })
  @IsOptional()
  @IsIn(DELIVERABLE_TIMINGS)
  timing?: DeliverableTiming;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the update if the deliverable changed since this version',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType()
export class MarkDeliverablePostedInput {
  @Field({ nullable: true, description: 'When it went live; default now' })
  @IsOptional()
  @IsDate()
  postedAt?: Date;

  @Field({ nullable: true, description: 'Link to the published content' })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  @MaxLength(2000)
  url?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse if the deliverable changed since this version',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
