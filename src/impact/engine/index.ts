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
  moneyPartApplies,
  validateDeliverable,
  type AssessDeliverableParams,
} from './deliverable-impact';
export { incomeLoss, platformIncomeLoss } from './platform-income';
export { aggregate, computeOutageImpact, totalsByCurrency } from './outage-impact';
export {
  OUTCOME_SEVERITY,
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
