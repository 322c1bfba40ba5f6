import { AppError, badInput, ErrorCode, notFound } from '../common/errors/app-error';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import { PlatformErrorReason } from '../platforms/platform.errors';
import type { ProposalState } from './reschedule.repository';

/** Stable `extensions.reason` values of reschedule proposals. */
export enum RescheduleErrorReason {
  UNKNOWN_PLATFORM = PlatformErrorReason.UNKNOWN_PLATFORM,
  PLATFORM_NOT_ALLOWED = 'PLATFORM_NOT_ALLOWED',
  SLOT_IN_PAST = 'SLOT_IN_PAST',
  DEADLINE_BEFORE_PROPOSED_SLOT = 'DEADLINE_BEFORE_PROPOSED_SLOT',
  NOTHING_TO_SUGGEST = 'NOTHING_TO_SUGGEST',
  NOTHING_MOVES = 'NOTHING_MOVES',
  NOT_RESCHEDULABLE = 'NOT_RESCHEDULABLE',
  PROPOSAL_ALREADY_OPEN = 'PROPOSAL_ALREADY_OPEN',
  PROPOSAL_CLOSED = 'PROPOSAL_CLOSED',
  PROPOSAL_STALE = 'PROPOSAL_STALE',
  BRAND_MEMBERS_ONLY = 'BRAND_MEMBERS_ONLY',
}

registerUserErrorCodes(
  RescheduleErrorReason,
  {
    PLATFORM_NOT_ALLOWED:
      "The deal does not allow that platform: propose the deliverable's own platform or one of the deal's alternates",
    SLOT_IN_PAST: 'The proposed slot is not in the future; propose a time still ahead',
    DEADLINE_BEFORE_PROPOSED_SLOT: 'The proposed deadline is before the proposed slot',
    NOTHING_TO_SUGGEST:
      'No outage hits the deliverable, so the engine has no slot to suggest; give scheduledAt',
    NOTHING_MOVES: 'The proposal is where and when the deliverable already is; change something',
    NOT_RESCHEDULABLE: 'Only a PLANNED deliverable of an ACTIVE deal can be moved',
    PROPOSAL_ALREADY_OPEN:
      'The deliverable already has an open proposal; withdraw it or wait for the answer',
    PROPOSAL_CLOSED:
      'The proposal is no longer open (accepted, declined, withdrawn or expired: see extensions.state)',
    PROPOSAL_STALE:
      'The deliverable changed since the proposal was made (moved, posted or cancelled); propose again',
    BRAND_MEMBERS_ONLY: "Only a member of the deal's brand answers a proposal",
  },
  [RescheduleErrorReason.UNKNOWN_PLATFORM],
);

export const proposalNotFound = (id: string): AppError => notFound('Reschedule proposal', id);

export const platformNotAllowed = (slug: string): AppError =>
  badInput(
    `input.platformSlug: the deal does not allow ${slug}`,
    ['input.platformSlug'],
    RescheduleErrorReason.PLATFORM_NOT_ALLOWED,
  );

export const unknownPlatform = (slug: string): AppError =>
  badInput(
    `input.platformSlug: no platform ${slug}`,
    ['input.platformSlug'],
    RescheduleErrorReason.UNKNOWN_PLATFORM,
  );

export const slotInPast = (): AppError =>
  badInput(
    'input.scheduledAt: the proposed slot is not in the future',
    ['input.scheduledAt'],
    RescheduleErrorReason.SLOT_IN_PAST,
  );

export const deadlineBeforeSlot = (): AppError =>
  badInput(
    'input.dueAt is before the proposed slot',
    ['input.dueAt'],
    RescheduleErrorReason.DEADLINE_BEFORE_PROPOSED_SLOT,
  );

export const nothingToSuggest = (): AppError =>
  badInput(
    'input.scheduledAt: no outage hits the deliverable, so there is no suggested slot; give one',
    ['input.scheduledAt'],
    RescheduleErrorReason.NOTHING_TO_SUGGEST,
  );

export const nothingMoves = (): AppError =>
  badInput(
    'input: the proposal changes neither the slot, the deadline nor the platform',
    ['input'],
    RescheduleErrorReason.NOTHING_MOVES,
  );

export const notReschedulable = (status: string): AppError =>
  new AppError(ErrorCode.CONFLICT, `The deliverable cannot move: ${status}`, {
    reason: RescheduleErrorReason.NOT_RESCHEDULABLE,
    fields: ['input.deliverableId'],
  });

export const proposalAlreadyOpen = (): AppError =>
  new AppError(ErrorCode.CONFLICT, 'The deliverable already has an open proposal', {
    reason: RescheduleErrorReason.PROPOSAL_ALREADY_OPEN,
    fields: ['input.deliverableId'],
  });

export const proposalClosed = (state: ProposalState): AppError =>
  new AppError(ErrorCode.CONFLICT, `The proposal is ${state}`, {
    reason: RescheduleErrorReason.PROPOSAL_CLOSED,
    fields: ['input.proposalId'],
    state,
  });

export const proposalStale = (): AppError =>
  new AppError(ErrorCode.CONFLICT, 'The deliverable changed since the proposal was made', {
    reason: RescheduleErrorReason.PROPOSAL_STALE,
    fields: ['input.proposalId'],
  });

export const brandMembersOnly = (): AppError =>
  new AppError(ErrorCode.FORBIDDEN, "Only a member of the deal's brand answers a proposal", {
    reason: RescheduleErrorReason.BRAND_MEMBERS_ONLY,
  });
