import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, MaxLength, Min } from 'class-validator';
import { MAX_DRAFT_ROUNDS, REVIEW_DECISIONS, type ReviewDecision } from '../draft-state';
import { ReviewDecisionEnum } from '../draft.model';

/** The longest note a creator or a brand member may write with a round. */
export const MAX_DRAFT_NOTE_LENGTH = 2000;

/** The longest link to a draft. */
export const MAX_DRAFT_URL_LENGTH = 2000;

@InputType({ description: 'A new round of a deliverable whose deal requires approval' })
export class SubmitDraftInput {
  @Field(() => ID, {
    description: 'A PLANNED deliverable of your deal, whose deal requires approval',
  })
  @IsUUID()
  deliverableId: string;

  @Field(() => String, {
    nullable: true,
    description: `Link to the draft: an http(s) URL, at most ${MAX_DRAFT_URL_LENGTH} characters (not a file upload)`,
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'url must be an http(s) URL' },
  )
  @MaxLength(MAX_DRAFT_URL_LENGTH)
  url?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `A note for the brand, at most ${MAX_DRAFT_NOTE_LENGTH} characters`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DRAFT_NOTE_LENGTH)
  note?: string | null;
}

@InputType({ description: "A brand member's answer to the round in review" })
export class ReviewDraftInput {
  @Field(() => ID, { description: 'The round to answer: the latest one, IN_REVIEW' })
  @IsUUID()
  draftId: string;

  @Field(() => ReviewDecisionEnum, { description: 'APPROVED or CHANGES_REQUESTED' })
  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecision;

  @Field(() => String, {
    nullable: true,
    description: `What to change, or a word with the approval; at most ${MAX_DRAFT_NOTE_LENGTH} characters`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DRAFT_NOTE_LENGTH)
  note?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `The round you reviewed (Draft.round, 1–${MAX_DRAFT_ROUNDS}): refused with STALE_VERSION when the deliverable's latest round is another`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedRound?: number | null;
}
