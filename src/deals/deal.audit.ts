import { money, type AuditSnapshot } from '../audit/audit-changes';
import type { DealEntity } from './deal.entity';

/** A deal's audited fields: money, dates, terms, status (notes are free text, not audited). */
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
  };
}
