import type { Viewer } from '../auth/viewer';
import { AppError, badInput, conflict, ErrorCode, notFound } from '../common/errors/app-error';
import { CommonErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import { MAX_DRAFT_ROUNDS, type ApprovalStatus, type DraftState } from './draft-state';

/** Stable `extensions.reason` values of content approval. */
export enum ApprovalErrorReason {
  APPROVAL_NOT_REQUIRED = 'APPROVAL_NOT_REQUIRED',
  DRAFT_NOT_IN_REVIEW = 'DRAFT_NOT_IN_REVIEW',
  APPROVAL_REQUIRED = 'APPROVAL_REQUIRED',
  TOO_MANY_ROUNDS = 'TOO_MANY_ROUNDS',
  BRAND_MEMBERS_ONLY = 'BRAND_MEMBERS_ONLY',
}

registerUserErrorCodes(
  ApprovalErrorReason,
  {
    APPROVAL_NOT_REQUIRED:
      "The deliverable's deal does not require approval; post it when it is ready (or set terms.requiresApproval first)",
    DRAFT_NOT_IN_REVIEW:
      'The draft is not awaiting review: it was answered already or a newer round replaced it (the message names its state); review the latest round',
    APPROVAL_REQUIRED:
      "The deal requires the brand's approval and the latest draft is not APPROVED; submit a draft and have it approved first",
    TOO_MANY_ROUNDS: `The deliverable already holds ${MAX_DRAFT_ROUNDS} draft rounds, the most it may`,
  },
  // Not an input problem: a top-level FORBIDDEN.
  [ApprovalErrorReason.BRAND_MEMBERS_ONLY],
);

export const draftNotFound = (id: string): AppError => notFound('Draft', id);

export const approvalNotRequired = (): AppError =>
  badInput(
    "input.deliverableId: the deliverable's deal does not require approval",
    ['input.deliverableId'],
    ApprovalErrorReason.APPROVAL_NOT_REQUIRED,
  );

/** A review of a round that is not the latest one in review; `state` is where it stands. */
export const draftNotInReview = (round: number, state: DraftState, latestRound: number): AppError =>
  conflict(
    round === latestRound
      ? `Draft round ${round} is ${state}, not IN_REVIEW: it was answered already`
      : `Draft round ${round} is ${state}: round ${latestRound} is the latest; review that one`,
    ApprovalErrorReason.DRAFT_NOT_IN_REVIEW,
    { state, latestRound, fields: ['input.draftId'] },
  );

/** `expectedRound` is not the deliverable's latest round any more. */
export const staleRound = (expected: number, latestRound: number): AppError =>
  conflict(
    `The deliverable's latest round is ${latestRound}, not ${expected}; reload its drafts`,
    CommonErrorReason.STALE_VERSION,
    { currentVersion: latestRound, fields: ['input.expectedRound'] },
  );

export const tooManyRounds = (): AppError =>
  conflict(
    `A deliverable holds at most ${MAX_DRAFT_ROUNDS} draft rounds`,
    ApprovalErrorReason.TOO_MANY_ROUNDS,
    { fields: ['input.deliverableId'] },
  );

/** markDeliverablePosted on a deliverable whose deal requires approval it does not have. */
export const approvalRequired = (status: ApprovalStatus): AppError =>
  conflict(
    `The deal requires the brand's approval before posting, and the deliverable's approval is ${status}`,
    ApprovalErrorReason.APPROVAL_REQUIRED,
    { state: status, fields: ['input.id'] },
  );

/**
 * Reviews are written by the members of the deal's brand only: anyone else who may read the deal
 * (its creator, an administrator) is FORBIDDEN; a brand account of another brand gets
 * `notFoundError`, exactly as for a record that does not exist.
 */
export function requireBrandMember(
  viewer: Viewer,
  brandId: string,
  notFoundError: () => AppError,
): void {
  if (viewer.role === 'BRAND') {
    if (!viewer.brandIds.includes(brandId)) throw notFoundError();
    return;
  }
  throw new AppError(
    ErrorCode.FORBIDDEN,
    "Only members of the deal's brand review drafts; the creator submits them",
    { reason: ApprovalErrorReason.BRAND_MEMBERS_ONLY },
  );
}
