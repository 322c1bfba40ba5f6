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
import { DecimalScalar } from '../../common/graphql/decimal.scalar';
import { IsNotBlank } from '../../common/validation/input-checks';
import {
  DELIVERABLE_KINDS,
  DELIVERABLE_TIMINGS,
  type DeliverableKind,
  type DeliverableTiming,
} from '../deliverable.entity';
import { DeliverableKindEnum, DeliverableTimingEnum } from '../deliverable.enums';

@InputType({ description: 'A deliverable to add to one of your open (DRAFT or ACTIVE) deals' })
export class AddDeliverableInput extends DeliverableDraftInput {
  @Field(() => ID, { description: 'The deal it joins' })
  @IsString()
  dealId: string;
}

@InputType({
  description:
    'Only the fields given change; none of them can be null (FIELD_NOT_NULLABLE): omit a field to keep it',
})
export class UpdateDeliverableInput {
  @Field(() => ID, { description: 'The deliverable to change' })
  @IsString()
  id: string;

  @Field({ nullable: true, description: 'Move it to this platform (slug, e.g. "youtube")' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  platformSlug?: string;

  @Field(() => DeliverableKindEnum, { nullable: true, description: 'What sort of content is owed' })
  @IsOptional()
  @IsIn(DELIVERABLE_KINDS)
  kind?: DeliverableKind;

  @Field({ nullable: true, description: '1–300 characters, not blank' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title?: string;

  @Field({ nullable: true, description: 'New start of the slot; dueAt may not be before it' })
  @IsOptional()
  @IsDate()
  scheduledAt?: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'Length of the slot in minutes, 0 (a post) to 10080 (a week)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  durationMinutes?: number;

  @Field({ nullable: true, description: 'New contract deadline; not before scheduledAt' })
  @IsOptional()
  @IsDate()
  dueAt?: Date;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Decimal; the deal's total moves by the difference",
  })
  @IsOptional()
  @IsString()
  fee?: string;

  @Field(() => DeliverableTimingEnum, {
    nullable: true,
    description: 'Whether an outage may move it (FLEXIBLE) or not (FIXED)',
  })
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

@InputType({ description: 'The deliverable that went live, and when and where (both optional)' })
export class MarkDeliverablePostedInput {
  @Field(() => ID, { description: 'The deliverable that went live' })
  @IsString()
  id: string;

  @Field({
    nullable: true,
    description:
      'When it went live; default now. Not in the future (POSTED_IN_FUTURE; 5 minutes of clock skew allowed)',
  })
  @IsOptional()
  @IsDate()
  postedAt?: Date;

  @Field({
    nullable: true,
    description: 'Link to the published content: an http(s) URL, at most 2000 characters',
  })
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

@InputType({ description: 'A PLANNED deliverable to cancel' })
export class CancelDeliverableInput {
  @Field(() => ID, { description: 'The deliverable to cancel' })
  @IsString()
  id: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse if the deliverable changed since this version (STALE_VERSION); not null',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
