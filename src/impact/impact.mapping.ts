import { toMoney } from '../common/graphql/money.model';
import type { CurrencyTotals } from './engine';
import type { ImpactTotals } from './impact.model';

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
    counts: {
      lost: totals.counts.LOST,
      late: totals.counts.LATE,
      delayed: totals.counts.DELAYED,
      atRisk: totals.counts.AT_RISK,
      recoverable: totals.counts.RECOVERABLE,
    },
  };
}
