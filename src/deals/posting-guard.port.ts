import type { EntityManager } from 'typeorm';

/**
 * What markDeliverablePosted asks before a post counts: provided by the approvals feature (a
 * deal requiring approval needs an APPROVED draft), so that deals need not import it.
 */
export const POSTING_GUARD = Symbol('PostingGuard');

/** Throws the refusal when the deliverable may not be marked posted yet. */
export type PostingGuard = (
  manager: EntityManager,
  deliverableId: string,
  dealRequiresApproval: boolean,
) => Promise<void>;
