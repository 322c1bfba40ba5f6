// Public API of the pure revenue-impact engine. No framework, no database, no clock.
export * from './types';
export { affectedPlatformIds, outageAffectsPlatform, upstreamPlatformIds } from './platform-graph';
export {
  downtimeCluster,
  effectiveWindow,
  isHit,
  isOpenEnded,
  isPlatformUpDuring,
  isProvisional,
  mergedDowntimeWindow,
  slotOf,
  slotOverlapsWindow,
  windowMinutes,
  type DowntimeCluster,
} from './downtime';
export { EngineInputError } from './errors';
export {
  MONEY_PARTS,
  assessDeliverable,
  lateness,
  lostSplit,
  paymentDue,
  moneyPartApplies,
  validateDeliverable,
  type AssessDeliverableParams,
  type Lateness,
} from './deliverable-impact';
export { incomeLoss, platformIncomeLoss } from './platform-income';
export { aggregate, computeOutageImpact, totalsByCurrency } from './outage-impact';
export {
  OUTCOME_SEVERITY,
  compareAssessments,
  compareOutcomes,
  deadlineInForce,
  deliverableRisk,
  deliverableRisks,
  isOverdue,
  riskScopes,
  worseOutcome,
  type RiskScopes,
} from './risk';
export {
  formatAmount,
  formatBpsAsPercent,
  formatDuration,
  explained,
  formatInstant,
  platformName,
} from './explanation';
export {
  bucketStart,
  cashflow,
  dealReceivables,
  depositReceivableId,
  type Allocation,
  type CashflowBucket,
  type CashflowRow,
  type DealReceivables,
  type PaymentEntry,
  type Receivable,
  type ReceivableDeal,
  type ReceivableDeliverable,
  type ReceivableKind,
  type ReceivableStatus,
  type WriteOff,
} from './receivables';
export {
  movedDeliverable,
  rescheduleAtStake,
  suggestedMove,
  type DeliverableMove,
  type MoneyAtStake,
  type RescheduleAtStake,
} from './reschedule';
export {
  approvalRisk,
  withApprovalRisk,
  type ApprovalRisk,
  type ApprovalStanding,
  type ApprovalStatus,
} from './approval';
