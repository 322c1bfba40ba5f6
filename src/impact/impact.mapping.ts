import { type Money, toMoney } from '../common/graphql/money.model';
import { FULL_OUTAGE_BPS } from '../outages/dto/outage-fields';
import {
  IMPACT_OUTCOMES,
  aggregate,
  explained,
  moneyPartApplies,
  type CurrencyTotals,
  type DeliverableAssessment,
  type MoneyPart,
  type PlatformIncomeLoss,
} from './engine';
import type {
  BrandImpact,
  CreatorImpact,
  DealImpactTotals,
  DeliverableImpact,
  ImpactTotals,
  OutageImpactModel,
  OutcomeTotal,
  PlatformImpact,
  PlatformIncomeLoss as PlatformIncomeLossModel,
} from './impact.model';
import type { ScopedOutageImpact } from './impact.service';

/** Engine totals → GraphQL, hiding platform income from callers who may not see it. */
export function toImpactTotals(totals: CurrencyTotals, showsPlatformIncome: boolean): ImpactTotals {
  const money = (minor: bigint) => toMoney(minor, totals.currency);
  return {
    currency: totals.currency,
    delayed: money(totals.delayed),
    lost: money(totals.lost),
    retained: money(totals.retained),
    recoverable: money(totals.recoverable),
    atRisk: money(totals.atRisk),
    platformIncomeLost: showsPlatformIncome ? money(totals.platformIncomeLost) : null,
    byOutcome: outcomeTotals(totals.currency, totals.fees, totals.counts),
  };
}

/** Every outcome once, in IMPACT_OUTCOMES order, zero entries included. */
export function outcomeTotals(
  currency: string,
  fees: Readonly<Record<(typeof IMPACT_OUTCOMES)[number], bigint>>,
  counts: Readonly<Record<(typeof IMPACT_OUTCOMES)[number], number>>,
): OutcomeTotal[] {
  return IMPACT_OUTCOMES.map((outcome) => ({
    outcome,
    amount: toMoney(fees[outcome], currency),
    deliverableCount: counts[outcome],
  }));
}

export function toOutageImpactModel(scoped: ScopedOutageImpact): OutageImpactModel {
  const { outage } = scoped;
  return {
    simulated: scoped.simulated,
    evaluatedAt: scoped.asOf,
    provisional: scoped.impact.provisional,
    window: {
      title: outage.title,
      startsAt: outage.startsAt,
      endsAt: outage.endsAt,
      severity: outage.severity,
      degradationBps:
        outage.severity === 'FULL' ? FULL_OUTAGE_BPS : (outage.degradationBps ?? FULL_OUTAGE_BPS),
    },
    scoped,
  };
}

export function toDeliverableImpact(assessment: DeliverableAssessment): DeliverableImpact {
  // Written only when read.
  return explained(
    {
      deliverableId: assessment.deliverableId,
      outcome: assessment.outcome,
      daysLate: assessment.daysLate,
      penaltyBps: assessment.penaltyBps,
      delayMinutes: assessment.delayMinutes,
      suggestedSlotAt: assessment.suggestedSlot,
      originalPaymentDueAt: assessment.originalPaymentDue,
      newPaymentDueAt: assessment.newPaymentDue,
      effectiveDeadlineAt: assessment.effectiveDeadline,
      provisional: assessment.provisional,
      explanationCode: assessment.explanationCode,
      assessment,
    },
    () => assessment.explanation,
  );
}

/** A money part of an item, or null where it does not apply to the outcome (MONEY_PARTS). */
export function moneyPart(item: DeliverableImpact, name: MoneyPart): Money | null {
  const { assessment } = item;
  return moneyPartApplies(assessment.outcome, name)
    ? toMoney(assessment[name], assessment.currency)
    : null;
}

function grouped<T>(
  scoped: ScopedOutageImpact,
  keyOf: (item: DeliverableAssessment) => string,
  income: ((entry: PlatformIncomeLoss) => string) | null,
  build: (key: string, totals: ImpactTotals[]) => T,
): T[] {
  const groups = aggregate(
    scoped.impact.items,
    keyOf,
    income && scoped.showsPlatformIncome
      ? { entries: scoped.impact.platformIncome, keyFn: income }
      : undefined,
  );
  return groups.map((group) =>
    build(
      group.key,
      group.totals.map((totals) => toImpactTotals(totals, scoped.showsPlatformIncome)),
    ),
  );
}

/** Totals per currency of the whole outage. */
export function impactTotals(scoped: ScopedOutageImpact): ImpactTotals[] {
  return scoped.impact.totals.map((totals) => toImpactTotals(totals, scoped.showsPlatformIncome));
}

export function impactByCreator(scoped: ScopedOutageImpact): CreatorImpact[] {
  return grouped(
    scoped,
    (item) => item.creatorId,
    (entry) => entry.creatorId,
    (creatorId, totals) => ({ creatorId, totals }),
  );
}

export function impactByBrand(scoped: ScopedOutageImpact): BrandImpact[] {
  return grouped(
    scoped,
    (item) => item.brandId,
    null,
    (brandId, totals) => ({ brandId, totals }),
  );
}

export function impactByPlatform(scoped: ScopedOutageImpact): PlatformImpact[] {
  return grouped(
    scoped,
    (item) => item.platformId,
    (entry) => entry.platformId,
    (platformId, totals) => ({ platformId, totals }),
  );
}

export function impactByDeal(scoped: ScopedOutageImpact): DealImpactTotals[] {
  return grouped(
    scoped,
    (item) => item.dealId,
    null,
    (dealId, totals) => ({ dealId, totals }),
  );
}

/** Platform income lost per account; empty for callers who may not see platform income. */
export function platformIncomeLosses(scoped: ScopedOutageImpact): PlatformIncomeLossModel[] {
  if (!scoped.showsPlatformIncome) return [];
  return scoped.impact.platformIncome.map((entry) => ({
    accountId: entry.accountId,
    creatorId: entry.creatorId,
    platformId: entry.platformId,
    downtimeMinutes: entry.downtimeMinutes,
    factorBps: entry.factorBps,
    loss: toMoney(entry.loss, entry.currency),
    provisional: entry.provisional,
    explanation: entry.explanation,
    explanationCode: entry.explanationCode,
  }));
}
