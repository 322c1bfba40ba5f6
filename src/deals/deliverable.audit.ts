import { money, type AuditSnapshot } from '../infrastructure/audit/audit-changes';
import type { DeliverableEntity } from './deliverable.entity';

/**
 * A deliverable's audited fields, its fee in the deal's currency. The platform is added by the
 * caller as `platform` (a slug) when it is known or changes, to spare a lookup otherwise.
 */
export function deliverableSnapshot(
  deliverable: Pick<
    DeliverableEntity,
    | 'kind'
    | 'title'
    | 'scheduledAt'
    | 'durationMinutes'
    | 'dueAt'
    | 'fee'
    | 'timing'
    | 'status'
    | 'postedAt'
    | 'postUrl'
  >,
  currency: string,
): AuditSnapshot {
  return {
    kind: deliverable.kind,
    title: deliverable.title,
    scheduledAt: deliverable.scheduledAt,
    durationMinutes: deliverable.durationMinutes,
    dueAt: deliverable.dueAt,
    fee: money(deliverable.fee, currency),
    timing: deliverable.timing,
    status: deliverable.status,
    postedAt: deliverable.postedAt,
    postUrl: deliverable.postUrl,
  };
}

/** Just the fee, for deliverables whose share moved when the deal's total did. */
export function feeSnapshot(fee: bigint, currency: string): AuditSnapshot {
  return { fee: money(fee, currency) };
}
