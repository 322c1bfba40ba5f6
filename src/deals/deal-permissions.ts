import { creatorsOnly, writingCreatorId } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import type { AppError } from '../common/errors/app-error';
import { DEAL_STATUSES, type DealEntity, type DealStatus } from './deal.entity';
import {
  dealClosed,
  dealClosedForDeliverables,
  dealNotFound,
  deliverableNotFound,
  deliverableNotPlanned,
  invalidStatusTransition,
} from './deal.errors';
import { canMoveDeal, isDealOpen } from './deal-status';
import type { DeliverableEntity } from './deliverable.entity';

// Who may write a deal or one of its deliverables, as pure rules over loaded rows. The mutations
// throw what these return; the `viewerCan…` fields answer `=== null`. One rule, two callers.

type DealFacts = Pick<DealEntity, 'id' | 'creatorId' | 'status'>;
type DeliverableFacts = Pick<DeliverableEntity, 'id' | 'status'>;

/** Why a write is refused: not a creator, another creator's deal, or a state that forbids it. */
export type WriteRefusal =
  | 'NOT_A_CREATOR'
  | 'NOT_OWNER'
  | 'DEAL_CLOSED'
  | 'INVALID_STATUS_TRANSITION'
  | 'DELIVERABLE_NOT_PLANNED';

function ownership(viewer: Viewer, deal: DealFacts): WriteRefusal | null {
  const creatorId = writingCreatorId(viewer);
  if (!creatorId) return 'NOT_A_CREATOR';
  return deal.creatorId === creatorId ? null : 'NOT_OWNER';
}

/**
 * updateDeal and addDeliverable: the deal's own creator, while the deal is DRAFT or ACTIVE.
 * Administrators and brand members never write deals.
 */
export function dealWriteRefusal(viewer: Viewer, deal: DealFacts): WriteRefusal | null {
  return ownership(viewer, deal) ?? (isDealOpen(deal.status) ? null : 'DEAL_CLOSED');
}

/** setDealStatus to `to`: the deal's own creator, along DRAFT → ACTIVE → COMPLETED / CANCELLED. */
export function dealStatusRefusal(
  viewer: Viewer,
  deal: DealFacts,
  to: DealStatus,
): WriteRefusal | null {
  return (
    ownership(viewer, deal) ?? (canMoveDeal(deal.status, to) ? null : 'INVALID_STATUS_TRANSITION')
  );
}

/** updateDeliverable, markDeliverablePosted, cancelDeliverable: a writable deal, a PLANNED item. */
export function deliverableWriteRefusal(
  viewer: Viewer,
  deal: DealFacts,
  deliverable: DeliverableFacts,
): WriteRefusal | null {
  return (
    dealWriteRefusal(viewer, deal) ??
    (deliverable.status === 'PLANNED' ? null : 'DELIVERABLE_NOT_PLANNED')
  );
}

/** Some status the deal may move to now (setDealStatus would accept at least one). */
export function mayChangeDealStatus(viewer: Viewer, deal: DealFacts): boolean {
  return DEAL_STATUSES.some((to) => dealStatusRefusal(viewer, deal, to) === null);
}

/** What a refused write was about, for the wording of its error. */
export interface RefusedWrite {
  /** The deliverable written, if any. */
  deliverable?: DeliverableFacts;
  /** A write on the deal's deliverables (addDeliverable too): DEAL_CLOSED is worded for them. */
  forDeliverables?: boolean;
  /** setDealStatus's target. */
  to?: DealStatus;
}

/**
 * The error a mutation answers a refusal with: FORBIDDEN for a non-creator, NOT_FOUND for another
 * creator's record (exactly as for a missing one), CONFLICT or BAD_USER_INPUT for a state.
 */
export function writeRefusalError(
  refusal: WriteRefusal,
  deal: DealFacts,
  { deliverable, forDeliverables = Boolean(deliverable), to }: RefusedWrite = {},
): AppError {
  switch (refusal) {
    case 'NOT_A_CREATOR':
      return creatorsOnly();
    case 'NOT_OWNER':
      return deliverable ? deliverableNotFound(deliverable.id) : dealNotFound(deal.id);
    case 'DEAL_CLOSED':
      return forDeliverables ? dealClosedForDeliverables(deal.status) : dealClosed(deal.status);
    case 'INVALID_STATUS_TRANSITION':
      return invalidStatusTransition(deal.status, to ?? deal.status);
    case 'DELIVERABLE_NOT_PLANNED':
      return deliverableNotPlanned(deliverable?.status ?? 'unknown');
  }
}
