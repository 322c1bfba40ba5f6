// Pure rules for reports spanning several outages: a deliverable or an account's income is
// counted once, however many of the report's outages touched it.
import { roundHalfAwayFromZero } from '../common/money';
import { MS_PER_DAY, MS_PER_MINUTE } from '../common/time/durations';
import {
  compareAssessments,
  explained,
  formatAmount,
  formatDuration,
  platformName,
  type DeliverableAssessment,
  type PlatformDirectory,
  type PlatformIncomeLoss,
  type TimeWindow,
} from '../impact/engine';

export interface MergedAssessment {
  /** The assessment the deliverable is counted at. */
  readonly assessment: DeliverableAssessment;
  /** Every outage that hit it: the one counted first, then the others in input order. */
  readonly outageIds: readonly string[];
}

/**
 * Each deliverable once, at its worst outcome across the given impacts (per `compareOutcomes`:
 * LOST > LATE > DELAYED > AT_RISK > RECOVERABLE); on a tie the assessment losing most, then the
 * one with the latest suggested slot, then the earlier impact. Amounts are the chosen
 * assessment's, never summed across outages, so totals built from the result count each fee once.
 * Deliverables keep the order in which they first appear.
 */
export function mergeAssessments(
  impacts: readonly { readonly items: readonly DeliverableAssessment[] }[],
): MergedAssessment[] {
  const byId = new Map<string, { best: DeliverableAssessment; outageIds: string[] }>();
  for (const impact of impacts) {
    for (const item of impact.items) {
      const seen = byId.get(item.deliverableId);
      if (!seen) {
        byId.set(item.deliverableId, { best: item, outageIds: [item.outageId] });
        continue;
      }
      if (!seen.outageIds.includes(item.outageId)) seen.outageIds.push(item.outageId);
      if (compareAssessments(item, seen.best) < 0) seen.best = item;
    }
  }
  return [...byId.values()].map(({ best, outageIds }) => ({
    assessment: best,
    outageIds: [best.outageId, ...outageIds.filter((id) => id !== best.outageId)],
  }));
}

export interface IncomeSegment {
  /** The engine's loss for one account and one outage. */
  readonly entry: PlatformIncomeLoss;
  /** The window it was counted over (`effectiveWindow(outage, asOf)`, as for deliverables). */
  readonly window: TimeWindow;
}

export interface MergedIncome extends PlatformIncomeLoss {
  readonly outageIds: readonly string[];
}

/**
 * Platform income per account across outages, each instant counted once at the highest
 * degradation covering it: loss = dailyEarnings × Σ(segment ms × factorBps) / (24 h × 10 000),
 * rounded once half away from zero — the engine's `incomeLoss` over the union of the windows. An
 * account hit by a single outage keeps the engine's entry unchanged. `downtimeMinutes` is the
 * union's length, `factorBps` the highest factor applied, `provisional` when any segment is.
 * Accounts keep first-seen order.
 * @throws Error when an account hit by several outages has no daily earnings in `dailyEarnings`.
 */
export function mergePlatformIncome(
  segments: readonly IncomeSegment[],
  dailyEarnings: ReadonlyMap<string, bigint>,
  platforms?: PlatformDirectory,
): MergedIncome[] {
  const byAccount = new Map<string, IncomeSegment[]>();
  for (const segment of segments) {
    const list = byAccount.get(segment.entry.accountId);
    if (list) list.push(segment);
    else byAccount.set(segment.entry.accountId, [segment]);
  }
  return [...byAccount.values()].map((list) => {
    const first = list[0].entry;
    if (list.length === 1) {
      // Not a spread: that would write the engine's explanation (written only when read) for
      // every account of every outage.
      return explained(
        {
          accountId: first.accountId,
          creatorId: first.creatorId,
          platformId: first.platformId,
          outageId: first.outageId,
          currency: first.currency,
          downtimeMinutes: first.downtimeMinutes,
          factorBps: first.factorBps,
          loss: first.loss,
          provisional: first.provisional,
          explanationCode: first.explanationCode,
          outageIds: [first.outageId],
        },
        () => first.explanation,
      );
    }
    const daily = dailyEarnings.get(first.accountId);
    if (daily === undefined) {
      throw new Error(`mergePlatformIncome: no daily earnings for account ${first.accountId}`);
    }
    const { coveredMs, weightedMs, maxFactor } = unionWeighted(list);
    const loss = roundHalfAwayFromZero(daily * weightedMs, BigInt(MS_PER_DAY) * 10_000n);
    const minutes = coveredMs / MS_PER_MINUTE;
    const outageIds = [...new Set(list.map((segment) => segment.entry.outageId))];
    const weighting =
      weightedMs === BigInt(coveredMs) * 10_000n ? '' : ', weighted by each degradation';
    return explained(
      {
        accountId: first.accountId,
        creatorId: first.creatorId,
        platformId: first.platformId,
        currency: first.currency,
        outageIds,
        outageId: outageIds[0],
        downtimeMinutes: minutes,
        factorBps: maxFactor,
        loss,
        provisional: list.some((segment) => segment.entry.provisional),
        explanationCode: 'MERGED_DOWNTIME' as const,
      },
      () =>
        `${platformName(platforms, first.platformId)} down ${formatDuration(coveredMs)} across ${outageIds.length} outages, overlaps counted once at the highest degradation: ${formatAmount(daily, first.currency)}/day × ${formatMinutes(minutes)} min / 1440 min${weighting} → ${formatAmount(loss, first.currency)} income lost.`,
    );
  });
}

/** Sweeps the segments' boundaries; each elementary interval takes the highest covering factor. */
function unionWeighted(list: readonly IncomeSegment[]): {
  coveredMs: number;
  weightedMs: bigint;
  maxFactor: number;
} {
  const bounds = [
    ...new Set(list.flatMap((s) => [s.window.start.getTime(), s.window.end.getTime()])),
  ].sort((a, b) => a - b);
  let coveredMs = 0;
  let weightedMs = 0n;
  let maxFactor = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    let factor = -1;
    for (const s of list) {
      if (s.window.start.getTime() <= from && s.window.end.getTime() >= to) {
        factor = Math.max(factor, s.entry.factorBps);
      }
    }
    if (factor < 0) continue;
    coveredMs += to - from;
    weightedMs += BigInt(to - from) * BigInt(factor);
    maxFactor = Math.max(maxFactor, factor);
  }
  return { coveredMs, weightedMs, maxFactor };
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(3).replace(/0+$/, '');
}
