import { BrandErrorReason } from '../brands/brand.errors';
import { badInput, conflict, notFound, type AppError } from '../common/errors/app-error';
import { AmountErrorReason, CommonErrorReason } from '../common/errors/common.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';
import { formatMoney } from '../common/money';

/** Stable `extensions.reason` values of the deal aggregate (deals, deliverables, fees). */
export enum DealErrorReason {
  BRAND_REQUIRED = BrandErrorReason.BRAND_REQUIRED,
  UNKNOWN_CURRENCY = AmountErrorReason.UNKNOWN_CURRENCY,
  DUPLICATE_PLATFORM = 'DUPLICATE_PLATFORM',
  DEADLINE_BEFORE_SLOT = 'DEADLINE_BEFORE_SLOT',
  FEES_DO_NOT_ADD_UP = 'FEES_DO_NOT_ADD_UP',
  PENALTY_CAP_REQUIRED = 'PENALTY_CAP_REQUIRED',
  DEAL_CLOSED = 'DEAL_CLOSED',
  INVALID_STATUS_TRANSITION = 'INVALID_STATUS_TRANSITION',
  STALE_VERSION = CommonErrorReason.STALE_VERSION,
  DELIVERABLE_NOT_PLANNED = 'DELIVERABLE_NOT_PLANNED',
  POSTED_IN_FUTURE = 'POSTED_IN_FUTURE',
  TOO_MANY_DELIVERABLES = 'TOO_MANY_DELIVERABLES',
}

registerUserErrorCodes(
  DealErrorReason,
  {
    DUPLICATE_PLATFORM: 'alternatePlatformSlugs lists a platform twice; list each once',
    DEADLINE_BEFORE_SLOT:
      "A deliverable's dueAt is before its scheduled slot; move the deadline after the slot",
    FEES_DO_NOT_ADD_UP:
      "The deliverables' fees do not add up to the deal's total (or the total is below what is already posted or cancelled); adjust a fee or the total by the difference in the message",
    PENALTY_CAP_REQUIRED:
      'latePenaltyBpsPerDay was given without latePenaltyCapBps; set the cap too (10000 = the whole fee)',
    DEAL_CLOSED: 'The deal is COMPLETED or CANCELLED and can no longer change',
    INVALID_STATUS_TRANSITION:
      'The deal cannot move to that status from its current one (DRAFT → ACTIVE → COMPLETED, DRAFT or ACTIVE → CANCELLED)',
    DELIVERABLE_NOT_PLANNED:
      'The deliverable is already posted or cancelled, and only a PLANNED deliverable changes',
    POSTED_IN_FUTURE: 'postedAt is in the future; give the time it was actually posted',
    TOO_MANY_DELIVERABLES:
      'The deal already holds the most deliverables a deal may (200, cancelled ones included); start another deal',
  },
  // Shared: described with the brands (BRAND_REQUIRED) and in common (the others).
  [DealErrorReason.BRAND_REQUIRED, DealErrorReason.UNKNOWN_CURRENCY, DealErrorReason.STALE_VERSION],
);

/** Stable `extensions.reason` values of the deliverables list's arguments. */
export enum DeliverableListErrorReason {
  /** A risk filter or the RISK order matched more deliverables than are ranked in memory. */
  TOO_MANY_TO_RANK = 'TOO_MANY_TO_RANK',
}

registerUserErrorCodes(DeliverableListErrorReason, {
  TOO_MANY_TO_RANK:
    'A risk filter or the RISK order matched more deliverables than can be ranked; narrow the filter',
});

// Another tenant's deal or deliverable reads exactly like a missing one (DEAL_NOT_FOUND,
// DELIVERABLE_NOT_FOUND).
export const dealNotFound = (id: string): AppError => notFound('Deal', id);
export const deliverableNotFound = (id: string): AppError => notFound('Deliverable', id);

export const brandRequired = (): AppError =>
  badInput(
    'Give either brandId or brandName',
    ['input.brandId', 'input.brandName'],
    DealErrorReason.BRAND_REQUIRED,
  );

export const unknownCurrency = (code: string, field: string): AppError =>
  badInput(
    `Unknown currency "${code}"; use an ISO 4217 code such as USD`,
    [field],
    DealErrorReason.UNKNOWN_CURRENCY,
  );

export const duplicateAlternatePlatform = (): AppError =>
  badInput(
    'alternatePlatformSlugs lists a platform twice',
    ['input.alternatePlatformSlugs'],
    DealErrorReason.DUPLICATE_PLATFORM,
  );

/** `field` is the deliverable's input path, e.g. `input.deliverables.2`. */
export const deadlineBeforeSlot = (field: string): AppError =>
  badInput(
    `${field}.dueAt: the deadline is before the scheduled slot`,
    [`${field}.dueAt`],
    DealErrorReason.DEADLINE_BEFORE_SLOT,
  );

/**
 * createDeal's deliverable fees against its total: `shortfall` > 0, the fees exceed the total by
 * that much; < 0, they fall short of it.
 */
export const createFeesDoNotAddUp = (shortfall: bigint, currency: string): AppError => {
  const by = formatMoney(shortfall < 0n ? -shortfall : shortfall, currency);
  const message =
    shortfall > 0n
      ? `The deliverables' fees exceed the deal's total by ${by} ${currency}`
      : `The deliverables' fees fall short of the deal's total by ${by} ${currency}; adjust a fee or omit one to share the rest`;
  return badInput(
    message,
    ['input.totalFee', 'input.deliverables'],
    DealErrorReason.FEES_DO_NOT_ADD_UP,
  );
};

/** updateDeal's new total is below what posted and cancelled deliverables already hold. */
export const totalBelowSettled = (
  settledSum: bigint,
  currency: string,
  everySettled: boolean,
): AppError =>
  badInput(
    everySettled
      ? `Every deliverable is posted or cancelled; the total must stay ${formatMoney(settledSum, currency)} ${currency}`
      : `The new total is below the ${formatMoney(settledSum, currency)} ${currency} already posted or cancelled`,
    ['input.totalFee'],
    DealErrorReason.FEES_DO_NOT_ADD_UP,
  );

export const penaltyCapRequired = (field: string): AppError =>
  badInput(
    'latePenaltyCapBps must be set when latePenaltyBpsPerDay is (10000 = the whole fee)',
    [`${field}.latePenaltyCapBps`],
    DealErrorReason.PENALTY_CAP_REQUIRED,
  );

export const dealClosed = (status: string): AppError =>
  conflict(`The deal is ${status} and can no longer be edited`, DealErrorReason.DEAL_CLOSED);

/** The same refusal, worded for a change to one of the deal's deliverables. */
export const dealClosedForDeliverables = (status: string): AppError =>
  conflict(
    `The deal is ${status}; its deliverables can no longer change`,
    DealErrorReason.DEAL_CLOSED,
  );

export const invalidStatusTransition = (from: string, to: string): AppError =>
  badInput(
    `A ${from} deal cannot become ${to} (allowed: DRAFT → ACTIVE → COMPLETED, DRAFT or ACTIVE → CANCELLED)`,
    ['input.status'],
    DealErrorReason.INVALID_STATUS_TRANSITION,
  );

/** The caller's `expectedVersion` is behind: `what` is "deal" or "deliverable". */
export const staleVersion = (
  what: 'deal' | 'deliverable',
  expected: number,
  current: number,
): AppError =>
  conflict(
    `The ${what} changed since version ${expected}; it is now at version ${current}`,
    DealErrorReason.STALE_VERSION,
    { currentVersion: current, fields: ['input.expectedVersion'] },
  );

/** A guarded UPDATE found the row at another version than the one it read. */
export const changedConcurrently = (
  what: 'deal' | 'deliverable',
  currentVersion: number | null,
): AppError =>
  conflict(
    `The ${what} was changed concurrently; reload and retry`,
    DealErrorReason.STALE_VERSION,
    { currentVersion },
  );

export const deliverableNotPlanned = (status: string): AppError =>
  conflict(`The deliverable is already ${status}`, DealErrorReason.DELIVERABLE_NOT_PLANNED);

export const postedInFuture = (): AppError =>
  badInput('postedAt is in the future', ['input.postedAt'], DealErrorReason.POSTED_IN_FUTURE);

/** The risk filters and the RISK order rank at most `limit` deliverables in memory. */
export const tooManyToRank = (limit: number): AppError =>
  badInput(
    `More than ${limit} deliverables match; narrow the filter (dealId, creatorId, platformSlug, statuses, dueAfter/dueBefore) to rank them by risk`,
    ['filter', 'orderBy'],
    DeliverableListErrorReason.TOO_MANY_TO_RANK,
  );

/** A deal holds at most this many deliverables (cancelled and posted ones included). */
export const MAX_DEAL_DELIVERABLES = 200;

export const tooManyDeliverables = (): AppError =>
  conflict(
    `A deal holds at most ${MAX_DEAL_DELIVERABLES} deliverables; start another deal`,
    DealErrorReason.TOO_MANY_DELIVERABLES,
  );
