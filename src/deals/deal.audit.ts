import { money, type AuditSnapshot } from '../infrastructure/audit/audit-changes';
import type { DealEntity } from './deal.entity';

/**
 * A deal's audited fields: money, dates, terms, status and both notes. `notes` is the creator's
 * private text: the trail stores it, and the audit trail shows its values to the deal's creator
 * only (see PRIVATE_DEAL_AUDIT_FIELDS). Empty notes are recorded as no value.
 */
export function dealSnapshot(
  deal: Pick<
    DealEntity,
    | 'title'
    | 'brandId'
    | 'currency'
    | 'totalFee'
    | 'status'
    | 'signedOn'
    | 'netPaymentDays'
    | 'latePenaltyBpsPerDay'
    | 'latePenaltyCapBps'
    | 'killAfterDaysLate'
    | 'killFeeBps'
    | 'forceMajeure'
    | 'upfrontShareBps'
    | 'upfrontDueDays'
    | 'requiresApproval'
    | 'approvalLeadHours'
    | 'notes'
    | 'sharedNotes'
  >,
): AuditSnapshot {
  return {
    title: deal.title,
    brandId: deal.brandId,
    currency: deal.currency,
    totalFee: money(deal.totalFee, deal.currency),
    status: deal.status,
    signedOn: deal.signedOn,
    'terms.netPaymentDays': deal.netPaymentDays,
    'terms.latePenaltyBpsPerDay': deal.latePenaltyBpsPerDay,
    'terms.latePenaltyCapBps': deal.latePenaltyCapBps,
    'terms.killAfterDaysLate': deal.killAfterDaysLate,
    'terms.killFeeBps': deal.killFeeBps,
    'terms.forceMajeure': deal.forceMajeure,
    'terms.upfrontShareBps': deal.upfrontShareBps,
    'terms.upfrontDueDays': deal.upfrontDueDays,
    'terms.requiresApproval': deal.requiresApproval,
    'terms.approvalLeadHours': deal.approvalLeadHours,
    notes: deal.notes === '' ? null : deal.notes,
    sharedNotes: deal.sharedNotes === '' ? null : deal.sharedNotes,
  };
}
