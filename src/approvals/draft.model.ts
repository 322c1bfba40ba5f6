import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { ConnectionType } from '../common/graphql/pagination';
import {
  APPROVAL_STATUSES,
  DRAFT_STATES,
  MAX_DRAFT_ROUNDS,
  REVIEW_DECISIONS,
  type DraftState,
} from './draft-state';

export const DraftStateEnum = graphqlEnum(
  DRAFT_STATES,
  'DraftState',
  'Where one round of a content approval stands',
  {
    IN_REVIEW: 'Submitted, awaiting the brand (only ever the latest round)',
    APPROVED: 'The brand approved it: the deliverable may be posted',
    CHANGES_REQUESTED:
      'The brand asked for changes (see reviewNote); the creator submits a new round',
    SUPERSEDED: 'A newer round replaced it before the brand answered',
  },
);

export const ReviewDecisionEnum = graphqlEnum(
  REVIEW_DECISIONS,
  'ReviewDecision',
  "A brand member's answer to a draft",
  {
    APPROVED: 'The draft may go live as it is',
    CHANGES_REQUESTED: 'The creator is to change it and submit a new round',
  },
);

export const ApprovalStatusEnum = graphqlEnum(
  APPROVAL_STATUSES,
  'ApprovalStatus',
  "Where a deliverable's content approval stands: the latest round's state, or why there is none",
  {
    NOT_REQUIRED: 'The deal does not require approval (terms.requiresApproval is false)',
    AWAITING_DRAFT: 'Approval is required and no draft was submitted yet',
    IN_REVIEW: 'The latest draft awaits the brand',
    CHANGES_REQUESTED: 'The brand asked for changes to the latest draft',
    APPROVED: 'The brand approved the latest draft: the deliverable may be posted',
  },
);

@ObjectType({
  description: `One round of a deliverable's content approval: a link to the creator's draft (not a file) and the brand's answer. Rounds are numbered from 1 in order; a deliverable holds at most ${MAX_DRAFT_ROUNDS}`,
})
export class Draft {
  @Field(() => ID, { description: "The draft's UUID" })
  id: string;

  @Field(() => Int, {
    description: 'The round: 1 for the first draft of the deliverable, then 2, 3…',
  })
  round: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Link to the draft (http or https, at most 2000 characters); null when none was given',
  })
  url: string | null;

  @Field({ description: "The creator's note with the draft ('' when none)" })
  note: string;

  @Field(() => DraftStateEnum, { description: 'Where this round stands' })
  state: DraftState;

  @Field({ description: "The brand's note with its answer ('' when none or not answered yet)" })
  reviewNote: string;

  @Field({ description: 'When the creator submitted it (ISO 8601, UTC)' })
  submittedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the brand answered it (ISO 8601, UTC); null unless APPROVED or CHANGES_REQUESTED',
  })
  reviewedAt: Date | null;

  deliverableId: string;
  dealId: string;
}

export const DraftConnection = ConnectionType(Draft);
