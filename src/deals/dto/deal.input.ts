import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DELIVERABLE_KINDS,
  DELIVERABLE_TIMINGS,
  type DeliverableKind,
  type DeliverableTiming,
} from '../deliverable.entity';
import { DeliverableKindEnum, DeliverableTimingEnum } from '../deliverable.enums';
import { DealStatusEnum } from '../deal.model';
import { IsNotBlank } from '../../common/validation/input-checks';
import { CurrencyCode } from '../../common/graphql/currency-code.enum';
import { DateScalar } from '../../common/graphql/date.scalar';
import { DecimalScalar } from '../../common/graphql/decimal.scalar';

// The CSV import validates rows with these classes too, where no GraphQL scalar checks first.
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

@InputType({ description: 'Contract terms; anything omitted takes the default shown' })
export class DealTermsInput {
  @Field(() => Int, { nullable: true, description: 'Default 30' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  netPaymentDays?: number;

  @Field(() => Int, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  latePenaltyBpsPerDay?: number;

  @Field(() => Int, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  latePenaltyCapBps?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Default (and null): never killed for lateness',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  killAfterDaysLate?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default 0' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  killFeeBps?: number;

  @Field({ nullable: true, description: 'Default false' })
  @IsOptional()
  @IsBoolean()
  forceMajeure?: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Share of the fee paid up front (a deposit), basis points. Default 0: no deposit',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  upfrontShareBps?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'The deposit falls due this many days after the deal becomes ACTIVE. Default 0',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  upfrontDueDays?: number;

  @Field({
    nullable: true,
    description:
      'The brand approves a draft of each deliverable before it goes live (submitDraft, reviewDraft). Default false',
  })
  @IsOptional()
  @IsBoolean()
  requiresApproval?: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      'With requiresApproval: hours before the slot the brand needs the approved draft (0–2160). Default 48',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2160)
  approvalLeadHours?: number;
}

@InputType({ description: 'A deliverable as part of a deal' })
export class DeliverableDraftInput {
  @Field({ description: 'Platform slug, e.g. "instagram"' })
  @IsString()
  @MaxLength(63)
  platformSlug: string;

  @Field(() => DeliverableKindEnum, { description: 'What sort of content is owed' })
  @IsIn(DELIVERABLE_KINDS)
  kind: DeliverableKind;

  @Field({ description: 'What is owed, 1–300 characters, not blank' })
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title: string;

  @Field({ description: 'Start of the slot' })
  @IsDate()
  scheduledAt: Date;

  @Field(() => Int, {
    nullable: true,
    description:
      'Length of the slot in minutes: 0 (default) for a post, the length of a live stream',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  durationMinutes?: number;

  @Field({ description: 'Contract deadline; not before scheduledAt' })
  @IsDate()
  dueAt: Date;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Decimal in the deal's currency; omit to share the deal's total",
  })
  @IsOptional()
  @IsString()
  fee?: string;

  @Field(() => DeliverableTimingEnum, { nullable: true, description: 'Default FLEXIBLE' })
  @IsOptional()
  @IsIn(DELIVERABLE_TIMINGS)
  timing?: DeliverableTiming;
}

@InputType({
  description:
    'A new deal with its terms and deliverables, written in one transaction: a refused input writes nothing',
})
export class CreateDealInput {
  @Field({ description: 'What the deal is for, 1–300 characters, not blank' })
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title: string;

  @Field(() => ID, {
    nullable: true,
    description: 'An existing brand (see the brands query); or give brandName',
  })
  @IsOptional()
  @IsUUID('all', { message: 'brandId must be an id from the brands query' })
  brandId?: string;

  @Field({
    nullable: true,
    description:
      'Names a brand that has no account yet; it stays yours to invite. A brand with an account is refused (BRAND_HAS_ACCOUNT): pass its brandId',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  brandName?: string;

  @Field(() => CurrencyCode, { description: 'The currency of every amount in the deal' })
  @IsString()
  currency: string;

  @Field(() => DecimalScalar, {
    description:
      'The contract total as a decimal string in the currency\'s minor digits, e.g. "1600.00" (USD), "1600" (JPY); never rounded',
  })
  @IsString()
  totalFee: string;

  @Field(() => DealStatusEnum, { nullable: true, description: 'DRAFT (default) or ACTIVE' })
  @IsOptional()
  @IsIn(['DRAFT', 'ACTIVE'], { message: 'a new deal starts as DRAFT or ACTIVE' })
  status?: 'DRAFT' | 'ACTIVE';

  @Field(() => DateScalar, { nullable: true, description: 'The day the contract was signed' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'signedOn must be a date as YYYY-MM-DD' })
  signedOn?: string;

  @Field(() => DealTermsInput, {
    nullable: true,
    description: 'Contract terms; omitted terms take their defaults',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DealTermsInput)
  terms?: DealTermsInput;

  @Field(() => [String], {
    nullable: true,
    description:
      'Slugs of platforms the brand accepts instead, in order of preference: at most 20, no repeats (DUPLICATE_PLATFORM)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  alternatePlatformSlugs?: string[];

  @Field({ nullable: true, description: 'Private: only you read them (not the brand, not admins)' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string;

  @Field({ nullable: true, description: "Read by the deal's brand members too" })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  sharedNotes?: string;

  @Field(() => [DeliverableDraftInput], {
    nullable: true,
    description:
      "The deal's deliverables, at most 200 (a deal holds at most 200 in all; addDeliverable adds more up to that, TOO_MANY_DELIVERABLES beyond). Those without a fee share what the others leave of totalFee; with every fee given they must add up to it (FEES_DO_NOT_ADD_UP)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DeliverableDraftInput)
  deliverables?: DeliverableDraftInput[];
}

@InputType({
  description: 'The deal to change and the fields to change; the others stay as they are',
})
export class UpdateDealInput {
  @Field(() => ID, { description: 'The deal to change' })
  @IsString()
  id: string;

  @Field({ nullable: true, description: 'Not null, not blank' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title?: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'New total; planned deliverables are re-spread in proportion to their fees',
  })
  @IsOptional()
  @IsString()
  totalFee?: string;

  @Field(() => DateScalar, { nullable: true, description: 'The day it was signed; null clears it' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'signedOn must be a date as YYYY-MM-DD' })
  signedOn?: string | null;

  @Field(() => DealTermsInput, { nullable: true, description: 'Only the terms given change' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DealTermsInput)
  terms?: DealTermsInput;

  @Field(() => [String], {
    nullable: true,
    description: 'Replaces the list (at most 20 slugs, no repeats); [] or null clears it',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  alternatePlatformSlugs?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Private: only you read them (not the brand, not admins); null clears them',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Read by the deal's brand members too; null clears them",
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  sharedNotes?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the update if the deal has changed since this version (not null)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType({ description: 'A deal and the status to move it to' })
export class SetDealStatusInput {
  @Field(() => ID, { description: 'The deal to move' })
  @IsString()
  id: string;

  @Field(() => DealStatusEnum, { description: 'The status to move it to' })
  @IsIn(['DRAFT', 'ACTIVE', 'COMPLETED', 'CANCELLED'])
  status: 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse if the deal changed since this version (STALE_VERSION); not null',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
