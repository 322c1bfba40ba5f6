import type { EntityManager } from 'typeorm';
import { approvalRequired } from './approvals.errors';
import { approvalStatus, mayPost } from './draft-state';
import { latestRound } from './draft.repository';

/**
 * Refuses to mark a deliverable posted while its deal requires approval and its latest round is
 * not APPROVED: CONFLICT `APPROVAL_REQUIRED` at `input.id`, naming the approval's status. Call it
 * inside markDeliverablePosted's transaction, after the deal's row is locked (so no review can
 * slip in between), with that transaction's `manager`. A deal that requires no approval costs no
 * statement.
 */
export async function refuseUnapprovedPosting(
  manager: EntityManager,
  deliverableId: string,
  dealRequiresApproval: boolean,
): Promise<void> {
  if (!dealRequiresApproval) return;
  const latest = await latestRound(manager, deliverableId);
  if (!mayPost(true, latest)) throw approvalRequired(approvalStatus(true, latest));
}
