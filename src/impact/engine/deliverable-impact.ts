import { addHours } from 'date-fns';
import { applyBasisPoints, currencyDecimals } from '../../common/money';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../common/time/durations';
import {
  downtimeCluster,
  effectiveWindow,
  isHit,
  isOpenEnded,
  isProvisional,
  slotOf,
  slotOverlapsWindow,
  type DowntimeCluster,
} from './downtime';
import {
  daysWord,
  downPhrase,
  formatAmount,
  formatBpsAsPercent,
  ENDS_AFTER_AS_OF,
  explained,
  formatDuration,
  formatExactBpsOf,
  formatInstant,
  platformName,
  slotPhrase,
} from './explanation';
import { EngineInputError } from './errors';
import { affectedPlatformIds, outageAffectsPlatform, upstreamPlatformIds } from './platform-graph';
import {
  NEVER_KILLED,
  type DealTerms,
  type Deliverable,
  type DeliverableAssessment,
  type Id,
  type ImpactExplanationCode,
  type ImpactOutcome,
  type MoneyPart,
  type Outage,
  type PlatformDirectory,
  type PlatformEdge,
  type TimeWindow,
} from './types';

function requireInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new EngineInputError(`${what} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Checks the figures the rules rely on so that no amount can come out negative or above the fee:
 * fee ≥ 0 in a known currency, every bps in [0, 10 000] (per-day penalty ≥ 0), day counts ≥ 0,
 * duration ≥ 0.
 * @throws EngineInputError naming the deliverable and the field.
 */
export function validateDeliverable(d: Deliverable): void {
  const where = `deliverable ${d.id}`;
  if (d.fee < 0n) throw new EngineInputError(`${where}: fee must be ≥ 0, got ${d.fee}`);
  currencyDecimals(d.currency);
  if (!Number.isFinite(d.durationMinutes) || d.durationMinutes < 0) {
    throw new EngineInputError(`${where}: durationMinutes must be ≥ 0, got ${d.durationMinutes}`);
  }
  const t = d.deal;
  requireInteger(t.netPaymentDays, 0, 100_000, `${where}: netPaymentDays`);
  requireInteger(
    t.latePenaltyBpsPerDay,
    0,
    Number.MAX_SAFE_INTEGER,
    `${where}: latePenaltyBpsPerDay`,
  );
  requireInteger(t.latePenaltyCapBps, 0, 10_000, `${where}: latePenaltyCapBps`);
  requireInteger(t.killAfterDaysLate, 0, NEVER_KILLED, `${where}: killAfterDaysLate`);
  requireInteger(t.killFeeBps, 0, 10_000, `${where}: killFeeBps`);
}

export interface AssessDeliverableParams {
  readonly deliverable: Deliverable;
  /** The outage to assess against. */
  readonly outage: Outage;
  /**
   * Every known outage (the one above may be included or not): FULL ones merge into downtime
   * windows and rule alternates out. Pass at least those on the deliverable's platform, its
   * alternates and their providers.
   */
  readonly allOutages: readonly Outage[];
  readonly edges: readonly PlatformEdge[];
  readonly asOf: Date;
  /** Names for the explanation; slugs are used otherwise. */
  readonly platforms?: PlatformDirectory;
}

/** `outage` plus `others` without duplicates by id; the explicit outage wins. */
export function withOutage(outage: Outage, others: readonly Outage[]): Outage[] {
  return [outage, ...others.filter((o) => o.id !== outage.id)];
}

type AssessmentBase = Pick<
  DeliverableAssessment,
  | 'deliverableId'
  | 'dealId'
  | 'creatorId'
  | 'brandId'
  | 'platformId'
  | 'platformSlug'
  | 'outageId'
  | 'currency'
  | 'fee'
  | 'originalPaymentDue'
  | 'downtime'
>;
type AssessmentMoney = Partial<
  Pick<DeliverableAssessment, 'delayed' | 'lost' | 'retained' | 'recoverable' | 'atRisk'>
>;
type AssessmentDetails = Pick<
  DeliverableAssessment,
  | 'daysLate'
  | 'penaltyBps'
  | 'delayMinutes'
  | 'suggestedSlot'
  | 'suggestedPlatformId'
  | 'newPaymentDue'
  | 'effectiveDeadline'
  | 'provisional'
>;

/**
 * One assessment, every field written out in one literal (object spreads after the first
 * property take V8's slow path, and this runs once per hit deliverable: tens of thousands per
 * outage). The explanation is written on first read (`explained`): a page shows twenty of them.
 */
function assessment(
  base: AssessmentBase,
  outcome: ImpactOutcome,
  money: AssessmentMoney,
  details: AssessmentDetails,
  explanationCode: ImpactExplanationCode,
  sentence: () => string,
): DeliverableAssessment {
  return explained(
    {
      deliverableId: base.deliverableId,
      dealId: base.dealId,
      creatorId: base.creatorId,
      brandId: base.brandId,
      platformId: base.platformId,
      platformSlug: base.platformSlug,
      outageId: base.outageId,
      currency: base.currency,
      fee: base.fee,
      originalPaymentDue: base.originalPaymentDue,
      downtime: base.downtime,
      outcome,
      delayed: money.delayed ?? 0n,
      lost: money.lost ?? 0n,
      retained: money.retained ?? 0n,
      recoverable: money.recoverable ?? 0n,
      atRisk: money.atRisk ?? 0n,
      daysLate: details.daysLate,
      penaltyBps: details.penaltyBps,
      delayMinutes: details.delayMinutes,
      suggestedSlot: details.suggestedSlot,
      suggestedPlatformId: details.suggestedPlatformId,
      newPaymentDue: details.newPaymentDue,
      effectiveDeadline: details.effectiveDeadline,
      provisional: details.provisional,
      explanationCode,
    },
    sentence,
  );
}

/**
 * When a payment falls due: `netPaymentDays` × 24 h after `anchor` (the slot while a post is
 * planned, the engine's new slot when an outage moves it, the posting instant once posted; a
 * deal's activation for a deposit). The one payment-terms rule of the engine and the receivables.
 */
export function paymentDue(anchor: Date, netPaymentDays: number): Date {
  // Hours, not addDays: addDays works in local time and would shift across DST.
  return addHours(anchor, 24 * netPaymentDays);
}

/** What a post loses when it is lost: everything but the kill fee kept under force majeure. */
export function lostSplit(
  fee: bigint,
  terms: Pick<DealTerms, 'forceMajeure' | 'killFeeBps'>,
): { lost: bigint; retained: bigint } {
  const retained = terms.forceMajeure ? applyBasisPoints(fee, terms.killFeeBps) : 0n;
  return { lost: fee - retained, retained };
}

export type Lateness =
  | { readonly killed: true; readonly lost: bigint; readonly retained: bigint }
  | {
      readonly killed: false;
      /** The penalty applied: min(cap, per day × daysLate). */
      readonly penaltyBps: number;
      /** per day × daysLate, before the cap. */
      readonly uncappedBps: number;
      readonly lost: bigint;
    };

/**
 * A FLEXIBLE post `daysLate` whole days (≥ 1) past its deadline in force: killed (see
 * {@link lostSplit}) when more than `killAfterDaysLate`, else the late penalty min(cap, per day ×
 * daysLate) bps of the fee, rounded once half away from zero, is lost.
 */
export function lateness(
  fee: bigint,
  terms: Pick<
    DealTerms,
    | 'killAfterDaysLate'
    | 'latePenaltyBpsPerDay'
    | 'latePenaltyCapBps'
    | 'forceMajeure'
    | 'killFeeBps'
  >,
  daysLate: number,
): Lateness {
  if (daysLate > terms.killAfterDaysLate) return { killed: true, ...lostSplit(fee, terms) };
  const uncappedBps = terms.latePenaltyBpsPerDay * daysLate;
  const penaltyBps = Math.min(terms.latePenaltyCapBps, uncappedBps);
  return { killed: false, penaltyBps, uncappedBps, lost: applyBasisPoints(fee, penaltyBps) };
}

/**
 * Which money parts apply to each outcome; the others are 0 in the engine (so sums stay plain)
 * and null in the API. LOST: lost + retained (kill fee; 0 without force majeure); LATE: delayed +
 * lost (penalty); DELAYED: delayed; AT_RISK: atRisk; RECOVERABLE: recoverable.
 */
export const MONEY_PARTS: Readonly<Record<ImpactOutcome, readonly MoneyPart[]>> = {
  LOST: ['lost', 'retained'],
  LATE: ['delayed', 'lost'],
  DELAYED: ['delayed'],
  AT_RISK: ['atRisk'],
  RECOVERABLE: ['recoverable'],
};

/** Whether a money part applies to an outcome (see {@link MONEY_PARTS}). */
export function moneyPartApplies(outcome: ImpactOutcome, part: MoneyPart): boolean {
  return MONEY_PARTS[outcome].includes(part);
}

/**
 * Rules 2–4 and 6 for one deliverable against one outage. Returns null when the outage does not
 * hit it (rule 2: ACTIVE deal, PLANNED, affected platform, slot overlapping the window
 * ({@link effectiveWindow}: as recorded, an open-ended outage up to `asOf`).
 *
 * Outcome, in this order:
 * - RECOVERABLE: the first alternate of the deal (in the deal's order) with no FULL outage —
 *   direct or through the graph, among all known outages — overlapping the slot. Post there,
 *   same slot; `recoverable` = fee, nothing delayed or lost. An alternate equal to the
 *   deliverable's own platform is skipped: it is never a way out (its own outage hit it).
 * - PARTIAL outage otherwise: AT_RISK, `atRisk` = fee, no money moves.
 * - FULL, FIXED timing: LOST. With force majeure `retained` = fee × killFeeBps / 10 000 (rounded
 *   once, half away from zero) and `lost` = fee − retained; without it `lost` = fee.
 * - FULL, FLEXIBLE: new slot = end of the platform's merged FULL downtime around the outage
 *   ({@link downtimeCluster}: overlapping or touching outages, through the graph). Effective
 *   deadline = dueAt, + the whole merged downtime's length under force majeure.
 *   new slot ≤ deadline ⇒ DELAYED (`delayed` = fee). Otherwise daysLate = ⌈(new slot − deadline)
 *   / 24 h⌉; daysLate > killAfterDaysLate ⇒ LOST as for FIXED; else LATE with penalty
 *   min(cap, perDay × daysLate) bps: `lost` = fee × penalty / 10 000 (rounded once), `delayed` =
 *   fee − lost.
 *
 * Payment due: scheduledAt + netPaymentDays × 24 h, moving to newSlot + netPaymentDays × 24 h for
 * DELAYED/LATE. Amounts are minor units of the deliverable's currency and never negative;
 * delayed + lost + retained is exactly the fee for LOST/LATE/DELAYED and 0 otherwise.
 * Fields that do not apply to the outcome are null (see the field docs on DeliverableAssessment).
 * `provisional` is set when an outage that shaped the result was not over by asOf
 * ({@link isProvisional}): the outage itself or one merged with it, or an outage on an alternate
 * that starts before the slot ends.
 *
 * @throws EngineInputError for terms that break those guarantees (see {@link validateDeliverable}).
 */
export function assessDeliverable(params: AssessDeliverableParams): DeliverableAssessment | null {
  return assessInScope(outageScope(params), params.deliverable);
}

interface PlatformView {
  upstream: ReadonlySet<Id>;
  /** The outage's direct platforms this one sits on, named ("" when it is one of them). */
  through: string | undefined;
  /** FULL windows of known outages that take this platform down, with their provisional flag. */
  full: ReadonlyArray<{ readonly window: TimeWindow; readonly provisional: boolean }>;
  /** The merged FULL downtime around the outage's start (FULL outages only). */
  cluster: DowntimeCluster | null;
}

/**
 * What every deliverable assessed against one outage shares: the affected platforms, the known
 * outages and, per platform (computed on first use), its upstream, downtime and FULL windows.
 * Building it once per outage instead of once per deliverable changes no answer: each part is a
 * function of the outage, the known outages, the graph and asOf only.
 */
export interface OutageScope {
  readonly outage: Outage;
  readonly asOf: Date;
  readonly platforms?: PlatformDirectory;
  readonly affected: ReadonlySet<Id>;
  readonly known: readonly Outage[];
  readonly window: TimeWindow;
  platform(id: Id): PlatformView;
}

export function outageScope(params: Omit<AssessDeliverableParams, 'deliverable'>): OutageScope {
  const { outage, edges, asOf, platforms } = params;
  const known = withOutage(outage, params.allOutages);
  const window = effectiveWindow(outage, asOf);
  const views = new Map<Id, PlatformView>();
  return {
    outage,
    asOf,
    platforms,
    affected: new Set(affectedPlatformIds(outage.platformIds, edges)),
    known,
    window,
    platform(id) {
      let view = views.get(id);
      if (!view) {
        const upstream = upstreamPlatformIds(id, edges);
        const viaIds = outage.platformIds.includes(id)
          ? []
          : outage.platformIds.filter((via) => upstream.has(via));
        const full = known.filter(
          (o) => o.severity === 'FULL' && outageAffectsPlatform(o.platformIds, id, edges),
        );
        view = {
          upstream,
          through: viaIds.length
            ? viaIds.map((via) => platformName(platforms, via)).join(', ')
            : undefined,
          full: full.map((o) => ({
            window: effectiveWindow(o, asOf),
            provisional: isProvisional(o, asOf),
          })),
          cluster:
            outage.severity === 'FULL'
              ? downtimeCluster(id, window.start, known, edges, asOf)
              : null,
        };
        views.set(id, view);
      }
      return view;
    },
  };
}

/** {@link assessDeliverable} for one deliverable against a prepared {@link OutageScope}. */
export function assessInScope(scope: OutageScope, d: Deliverable): DeliverableAssessment | null {
  const { outage, asOf, platforms, window } = scope;
  if (!isHit(d, outage, asOf, scope.affected)) return null;
  validateDeliverable(d);
  if (outage.severity === 'PARTIAL' && outage.degradationBps != null) {
    requireInteger(outage.degradationBps, 0, 10_000, `outage ${outage.id}: degradationBps`);
  }

  const slot = slotOf(d);
  const originalPaymentDue = paymentDue(d.scheduledAt, d.deal.netPaymentDays);
  const name = platformName(platforms, d.platformId, d.platformSlug);
  const view = scope.platform(d.platformId);
  const through = view.through;
  const cluster = view.cluster;
  // The hit guarantees a non-empty FULL window on this platform, so a FULL cluster exists.
  const downtime: TimeWindow | null = cluster?.window ?? null;
  let provisional = cluster ? cluster.provisional : isProvisional(outage, asOf);

  const base: AssessmentBase = {
    deliverableId: d.id,
    dealId: d.dealId,
    creatorId: d.creatorId,
    brandId: d.brandId,
    platformId: d.platformId,
    platformSlug: d.platformSlug,
    outageId: outage.id,
    currency: d.currency,
    fee: d.fee,
    originalPaymentDue,
    downtime,
  };
  // Sentence parts: functions, called only when the explanation is read.
  const fee = () => formatAmount(d.fee, d.currency);
  const day = downtime?.start ?? window.start;
  const down = () =>
    downtime
      ? downPhrase({
          platform: name,
          window: downtime,
          provisional: cluster!.provisional,
          cutAtAsOf: cluster!.cutAtAsOf,
          through,
        })
      : partialPhrase(name, outage, window, through, day, asOf);

  // RECOVERABLE: first alternate that is up for the whole slot.
  for (const alternate of d.deal.alternatePlatformIds) {
    // The deliverable's own platform is down: listing it as an alternate is never a way out.
    if (alternate === d.platformId) continue;
    let alternateDown = false;
    for (const { window: altDown, provisional: moving } of scope.platform(alternate).full) {
      if (slotOverlapsWindow(slot, altDown)) alternateDown = true;
      // An outage on the alternate that may still move and starts by the slot's end could
      // still come to cover (or stop covering) the slot: the answer may change.
      if (moving && startsBy(altDown.start, slot)) provisional = true;
    }
    if (alternateDown) continue;
    const altName = platformName(platforms, alternate);
    return assessment(
      base,
      'RECOVERABLE',
      { recoverable: d.fee },
      {
        daysLate: null,
        penaltyBps: null,
        // Same slot on another platform: a suggested slot, no delay.
        delayMinutes: 0,
        suggestedSlot: d.scheduledAt,
        suggestedPlatformId: alternate,
        newPaymentDue: originalPaymentDue,
        effectiveDeadline: null,
        provisional,
      },
      'ALTERNATE_PLATFORM_UP',
      () =>
        `${down()} during the ${slotPhrase(slot, day)} slot; the deal allows ${altName}, which is up then → post on ${altName} at the same slot; ${fee()} recoverable.`,
    );
  }

  if (outage.severity === 'PARTIAL') {
    return assessment(
      base,
      'AT_RISK',
      { atRisk: d.fee },
      {
        daysLate: null,
        penaltyBps: null,
        delayMinutes: null,
        suggestedSlot: null,
        suggestedPlatformId: null,
        newPaymentDue: originalPaymentDue,
        effectiveDeadline: null,
        provisional,
      },
      'PLATFORM_DEGRADED',
      () =>
        `${down()} during the ${slotPhrase(slot, day)} slot → ${fee()} at risk; no money moves.`,
    );
  }

  if (!cluster) {
    // A FULL outage that hits the post lies inside the platform's downtime by construction.
    throw new Error(`outage ${outage.id} hits deliverable ${d.id} but no downtime was found`);
  }

  const lostOutcome = (
    code: 'FIXED_SLOT_MISSED' | 'KILLED_FOR_LATENESS',
    reason: () => string,
    extra: { daysLate: number | null; effectiveDeadline: Date | null },
  ): DeliverableAssessment => {
    const { lost, retained } = lostSplit(d.fee, d.deal);
    const split = () =>
      d.deal.forceMajeure
        ? `force majeure keeps the ${d.deal.killFeeBps} bps kill fee = ${formatBpsAsPercent(d.deal.killFeeBps)} of ${fee()} ${resultOf(d.fee, d.deal.killFeeBps, d.currency, retained)} retained; ${formatAmount(lost, d.currency)} lost`
        : `no force majeure → ${formatAmount(lost, d.currency)} lost`;
    return assessment(
      base,
      'LOST',
      { lost, retained },
      {
        daysLate: extra.daysLate,
        penaltyBps: null,
        delayMinutes: null,
        suggestedSlot: null,
        suggestedPlatformId: null,
        newPaymentDue: null,
        effectiveDeadline: extra.effectiveDeadline,
        provisional,
      },
      code,
      () => `${down()}${reason()} → ${split()}.`,
    );
  };

  if (d.timing === 'FIXED') {
    return lostOutcome(
      'FIXED_SLOT_MISSED',
      () => ` during the fixed ${slotPhrase(slot, day)} slot, which cannot move`,
      {
        daysLate: null,
        effectiveDeadline: null,
      },
    );
  }

  // FLEXIBLE: post at the first free instant after the whole merged downtime.
  const newSlot = cluster.window.end;
  const downtimeMs = cluster.window.end.getTime() - cluster.window.start.getTime();
  const effectiveDeadline = d.deal.forceMajeure
    ? new Date(d.dueAt.getTime() + downtimeMs)
    : d.dueAt;
  const deadlineText = () =>
    d.deal.forceMajeure
      ? `the ${formatInstant(effectiveDeadline, day)} deadline (due ${formatInstant(d.dueAt, day)} + ${formatDuration(downtimeMs)} downtime under force majeure)`
      : `the ${formatInstant(effectiveDeadline, day)} deadline`;
  const delayMs = newSlot.getTime() - d.scheduledAt.getTime();
  const newPaymentDue = paymentDue(newSlot, d.deal.netPaymentDays);
  const paymentText = () =>
    `payment due moves from ${formatInstant(originalPaymentDue, day)} to ${formatInstant(newPaymentDue, day)} UTC`;
  const moved = (daysLate: number, penaltyBps: number): AssessmentDetails => ({
    daysLate,
    penaltyBps,
    delayMinutes: delayMs / MS_PER_MINUTE,
    suggestedSlot: newSlot,
    suggestedPlatformId: d.platformId,
    newPaymentDue,
    effectiveDeadline,
    provisional,
  });
  const lateMs = newSlot.getTime() - effectiveDeadline.getTime();

  if (lateMs <= 0) {
    return assessment(
      base,
      'DELAYED',
      { delayed: d.fee },
      moved(0, 0),
      'MOVED_WITHIN_DEADLINE',
      () =>
        `${down()}; next free slot ${formatInstant(newSlot, day)} is on or before ${deadlineText()} → ${fee()} delayed by ${formatDuration(delayMs)}; ${paymentText()}.`,
    );
  }

  // A started day counts as a whole day late.
  const daysLate = Math.ceil(lateMs / MS_PER_DAY);
  const lateText = () =>
    `next free slot ${formatInstant(newSlot, day)} is ${formatDuration(lateMs)} after ${deadlineText()} → ${daysWord(daysLate)} late`;
  const late = lateness(d.fee, d.deal, daysLate);
  if (late.killed) {
    return lostOutcome(
      'KILLED_FOR_LATENESS',
      () =>
        `; ${lateText()}, more than the ${daysWord(d.deal.killAfterDaysLate)} the deal allows, so the post is killed`,
      {
        daysLate,
        effectiveDeadline,
      },
    );
  }

  const { penaltyBps, uncappedBps: uncapped, lost } = late;
  const delayed = d.fee - lost;
  const rate =
    uncapped > penaltyBps
      ? `× ${d.deal.latePenaltyBpsPerDay} bps = ${uncapped} bps, capped at ${penaltyBps} bps`
      : `× ${d.deal.latePenaltyBpsPerDay} bps`;
  return assessment(
    base,
    'LATE',
    { delayed, lost },
    moved(daysLate, penaltyBps),
    uncapped > penaltyBps ? 'LATE_PENALTY_CAPPED' : 'LATE_PENALTY',
    () =>
      `${down()}; ${lateText()} ${rate} = ${formatBpsAsPercent(penaltyBps)} of ${fee()} ${resultOf(d.fee, penaltyBps, d.currency, lost)} penalty; ${formatAmount(delayed, d.currency)} delayed; ${paymentText()}.`,
  );
}

/** "= 10.00 USD", or "= 8.33325 → 8.33 USD" when rounding changed the exact figure. */
function resultOf(amount: bigint, bps: number, currency: string, rounded: bigint): string {
  const exact = amount * BigInt(bps) === rounded * 10_000n;
  const shown = formatAmount(rounded, currency);
  return exact ? `= ${shown}` : `= ${formatExactBpsOf(amount, bps, currency)} → ${shown}`;
}

/** An outage window starting at `start` begins by the slot's end (for an instant: at or before it). */
function startsBy(start: Date, slot: TimeWindow): boolean {
  const t = start.getTime();
  return t < slot.end.getTime() || t <= slot.start.getTime();
}

function partialPhrase(
  name: string,
  outage: Outage,
  window: TimeWindow,
  through: string | undefined,
  day: Date,
  asOf: Date,
): string {
  const degree =
    outage.degradationBps != null ? ` by ${formatBpsAsPercent(outage.degradationBps)}` : '';
  const via = through ? ` (through ${through})` : '';
  if (isOpenEnded(outage)) {
    return `${name} has been degraded${degree} since ${formatInstant(window.start, day)} UTC${via}, still ongoing and counted up to ${formatInstant(window.end, day)} (provisional)`;
  }
  const span = `${formatInstant(window.start, day)}–${formatInstant(window.end, day)} UTC${via}`;
  return isProvisional(outage, asOf)
    ? `${name} is degraded${degree} ${span} as recorded, ${ENDS_AFTER_AS_OF}`
    : `${name} was degraded${degree} ${span}`;
}
