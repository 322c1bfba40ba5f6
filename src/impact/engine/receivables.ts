// Pure rules for money owed: what each deliverable (and a deal's deposit) is owed, when it falls
// due, what the recorded payments paid and what is left. The amounts come from the impact
// engine's own rules (payment terms, late penalty, kill fee), never from a second copy of them.
import { allocateLargestRemainder, applyBasisPoints } from '../../common/money';
import { MS_PER_DAY } from '../../common/time/durations';
import { lateness, paymentDue } from './deliverable-impact';
import { compareAssessments, deadlineInForce } from './risk';
import type { DealStatus, Deliverable, DeliverableAssessment, Id } from './types';

export type ReceivableStatus =
  /** Nothing can be claimed yet: the post is still planned (its due date is a forecast). */
  | 'NOT_DUE'
  /** Posted (or the deposit of an active deal), payment terms running, not past due. */
  | 'DUE'
  /** Past due, nothing paid. */
  | 'OVERDUE'
  /** Something paid, something open (past due or not: see `daysOverdue`). */
  | 'PARTIALLY_PAID'
  | 'PAID'
  /** The creator gave up on what was open. */
  | 'WRITTEN_OFF';

export type ReceivableKind = 'DELIVERABLE' | 'DEPOSIT';

/** The deal-level terms receivables need beyond the engine's `DealTerms`. */
export interface ReceivableDeal {
  readonly id: Id;
  readonly creatorId: Id;
  readonly brandId: Id;
  readonly currency: string;
  readonly status: DealStatus;
  readonly netPaymentDays: number;
  /** Share of the fee paid up front, 0–10 000 bps (0: no deposit). */
  readonly upfrontShareBps: number;
  /** The deposit falls due this many days after the deal became ACTIVE. */
  readonly upfrontDueDays: number;
  /** When the deal became ACTIVE; null while it never was. */
  readonly activatedAt: Date | null;
}

export interface ReceivableDeliverable {
  /** With the deal's terms, as the impact engine reads it. */
  readonly deliverable: Deliverable;
  readonly postedAt: Date | null;
  /**
   * The engine's assessments of the outages whose windows hit the deliverable's slot, judged as
   * if it were still planned (`RiskScopes.assessments`), in any order. For a planned post the
   * worst one decides what is lost and when payment falls due; for a posted one they only extend
   * the deadline under force majeure.
   */
  readonly assessments: readonly DeliverableAssessment[];
}

export interface PaymentEntry {
  readonly id: Id;
  /** PAYMENT: received from the brand; REFUND: paid back to it. */
  readonly kind: 'PAYMENT' | 'REFUND';
  /** Minor units of the deal's currency, > 0. */
  readonly amount: bigint;
  readonly receivedAt: Date;
  /** Ties on `receivedAt` are taken in recording order. */
  readonly recordedAt: Date;
  /** Reversed by a later correcting entry: as if it had never been recorded. */
  readonly reversed: boolean;
  /** Receivables to pay first, in this order (a PAYMENT naming deliverables); else oldest due first. */
  readonly receivableIds?: readonly Id[];
}

export interface WriteOff {
  readonly receivableId: Id;
  readonly writtenOffAt: Date;
  readonly reason: string;
}

export interface Receivable {
  /** The deliverable's id, or {@link depositReceivableId} of the deal. */
  readonly id: Id;
  readonly kind: ReceivableKind;
  readonly dealId: Id;
  readonly deliverableId: Id | null;
  readonly creatorId: Id;
  readonly brandId: Id;
  readonly currency: string;
  /** What the contract promised (fee less its part of the deposit), before any outage. */
  readonly contracted: bigint;
  /** When the contract said it falls due: the slot (or the activation) + the payment terms. */
  readonly contractedDueAt: Date;
  /** What the engine says is lost: late penalty, or all but the kill fee of a killed post. */
  readonly lost: bigint;
  /** contracted − lost, never below 0. */
  readonly owed: bigint;
  /** When it falls due now: moved with the engine's new slot, or from the posting instant. */
  readonly dueAt: Date;
  readonly paid: bigint;
  readonly writtenOff: bigint;
  /** owed − paid − writtenOff. */
  readonly open: bigint;
  readonly status: ReceivableStatus;
  /** Whole days past `dueAt` (a started day counts) while something claimable is open; else 0. */
  readonly daysOverdue: number;
  readonly writeOffReason: string | null;
}

export interface Allocation {
  readonly paymentId: Id;
  readonly receivableId: Id;
  /** Negative for a refund taking back what a payment had paid. */
  readonly amount: bigint;
}

export interface DealReceivables {
  /** Deposit first, then by due date, then id. Receivables owing nothing and paid nothing are left out. */
  readonly receivables: Receivable[];
  /** Every receivable, also those an outage took to nothing: what the cash-flow forecast counts. */
  readonly forecast: Receivable[];
  readonly allocations: Allocation[];
  /** Paid beyond what is owed, less refunds: the brand's credit on the deal (negative: refunded more than received). */
  readonly unallocated: bigint;
}

/** The id of a deal's deposit receivable. */
export function depositReceivableId(dealId: Id): Id {
  return `deposit:${dealId}`;
}

interface Draft {
  id: Id;
  kind: ReceivableKind;
  deliverableId: Id | null;
  contracted: bigint;
  contractedDueAt: Date;
  lost: bigint;
  owed: bigint;
  dueAt: Date;
  /** Posted, or the deposit of an active deal: payment can be claimed. */
  claimable: boolean;
  paid: bigint;
  writtenOff: bigint;
  writeOff: WriteOff | null;
}

/**
 * A deal's receivables at `asOf`, with the payments allocated to them.
 *
 * - No receivables for a DRAFT or CANCELLED deal, nor for CANCELLED deliverables.
 * - Deposit (upfrontShareBps > 0, deal ACTIVE or COMPLETED with `activatedAt`): the share of the
 *   fees of the deal's live deliverables (rounded once, half away from zero), due
 *   `upfrontDueDays` × 24 h after activation; each deliverable's part of it is split by fee
 *   (largest remainder) and taken off what the deliverable is owed.
 * - A PLANNED deliverable is owed fee − deposit part − what its worst outage assessment loses
 *   (same order as the risk: outcome, then most lost, then latest suggested slot), due
 *   `paymentDue` of the assessment's new payment date, else of its slot.
 * - A POSTED deliverable is due `netPaymentDays` after `postedAt`; posted after the deadline in
 *   force (dueAt, extended by force majeure: `deadlineInForce`) by ⌈late / 24 h⌉ days, it loses
 *   the engine's `lateness` (late penalty, or all but the kill fee when killed for lateness).
 * - Payments, in received order (then recorded order), reversed ones skipped: a PAYMENT fills the
 *   receivables it names, then the open ones oldest due first (never a written-off one), and the
 *   rest is credit; a REFUND takes from the credit first, then from what was paid, latest due first.
 * - A write-off at its instant turns what is open then into `writtenOff`.
 * - Status at asOf: WRITTEN_OFF, PAID (nothing open), PARTIALLY_PAID, then NOT_DUE while the post
 *   is planned, OVERDUE after `dueAt`, else DUE.
 *
 * Never creates or loses a minor unit: for each receivable paid + open + writtenOff = owed; the
 * allocations plus `unallocated` equal the payments less the refunds.
 */
export function dealReceivables(
  deal: ReceivableDeal,
  deliverables: readonly ReceivableDeliverable[],
  payments: readonly PaymentEntry[],
  writeOffs: readonly WriteOff[],
  asOf: Date,
): DealReceivables {
  if (deal.status === 'DRAFT' || deal.status === 'CANCELLED') {
    return { receivables: [], forecast: [], allocations: [], unallocated: netPayments(payments) };
  }
  const live = deliverables.filter(({ deliverable }) => deliverable.status !== 'CANCELLED');
  const drafts: Draft[] = [];

  let depositParts = live.map(() => 0n);
  if (deal.upfrontShareBps > 0 && deal.activatedAt) {
    const fees = live.map(({ deliverable }) => deliverable.fee);
    const deposit = applyBasisPoints(
      fees.reduce((sum, fee) => sum + fee, 0n),
      deal.upfrontShareBps,
    );
    if (deposit > 0n) {
      depositParts = allocateLargestRemainder(deposit, fees);
      const due = paymentDue(deal.activatedAt, deal.upfrontDueDays);
      drafts.push(
        draft({
          id: depositReceivableId(deal.id),
          kind: 'DEPOSIT',
          deliverableId: null,
          contracted: deposit,
          contractedDueAt: due,
          lost: 0n,
          dueAt: due,
          claimable: true,
        }),
      );
    }
  }

  live.forEach((input, index) => {
    const { deliverable: d } = input;
    const contracted = d.fee - depositParts[index];
    const contractedDueAt = paymentDue(d.scheduledAt, deal.netPaymentDays);
    const { lost, dueAt } = owedTerms(input, deal.netPaymentDays, contractedDueAt);
    const kept = contracted - lost;
    drafts.push(
      draft({
        id: d.id,
        kind: 'DELIVERABLE',
        deliverableId: d.id,
        contracted,
        contractedDueAt,
        // The deposit part is kept whatever happens: nothing below 0 is owed.
        lost: kept < 0n ? contracted : lost,
        dueAt,
        claimable: d.status === 'POSTED',
      }),
    );
  });

  const { allocations, credit } = allocate(drafts, payments, writeOffs);
  const forecast = drafts
    .map((r) => finish(r, deal, asOf))
    .sort(
      (a, b) => (a.kind === b.kind ? 0 : a.kind === 'DEPOSIT' ? -1 : 1) || oldestDueFirst(a, b),
    );
  const receivables = forecast.filter(
    (r) => r.owed > 0n || r.paid > 0n || r.writeOffReason !== null,
  );
  return { receivables, forecast, allocations, unallocated: credit };
}

function draft(fields: Omit<Draft, 'owed' | 'paid' | 'writtenOff' | 'writeOff'>): Draft {
  return {
    ...fields,
    owed: fields.contracted - fields.lost,
    paid: 0n,
    writtenOff: 0n,
    writeOff: null,
  };
}

/** By due date, then id: the order payments fill receivables in. */
function oldestDueFirst(a: Pick<Draft, 'dueAt' | 'id'>, b: Pick<Draft, 'dueAt' | 'id'>): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What the engine's rules take off a deliverable's fee, and when its payment falls due. */
function owedTerms(
  { deliverable: d, postedAt, assessments }: ReceivableDeliverable,
  netPaymentDays: number,
  contractedDueAt: Date,
): { lost: bigint; dueAt: Date } {
  if (d.status === 'POSTED' && postedAt) {
    const dueAt = paymentDue(postedAt, netPaymentDays);
    const lateMs = postedAt.getTime() - deadlineInForce(d, assessments).getTime();
    if (lateMs <= 0) return { lost: 0n, dueAt };
    // A started day counts as a whole day late, as for a post an outage moves.
    return { lost: lateness(d.fee, d.deal, Math.ceil(lateMs / MS_PER_DAY)).lost, dueAt };
  }
  if (d.status === 'POSTED') return { lost: 0n, dueAt: contractedDueAt };
  const worst = [...assessments].sort(compareAssessments)[0];
  if (!worst) return { lost: 0n, dueAt: contractedDueAt };
  // A lost post (LOST has no new payment date) owes its kill fee, if any, when the post was due.
  return { lost: worst.lost, dueAt: worst.newPaymentDue ?? worst.originalPaymentDue };
}

function netPayments(payments: readonly PaymentEntry[]): bigint {
  return payments.reduce(
    (sum, p) => (p.reversed ? sum : p.kind === 'PAYMENT' ? sum + p.amount : sum - p.amount),
    0n,
  );
}

/**
 * Replays payments and write-offs in time order onto `drafts` (mutated); returns the allocations
 * and the credit left.
 */
function allocate(
  drafts: Draft[],
  payments: readonly PaymentEntry[],
  writeOffs: readonly WriteOff[],
): { allocations: Allocation[]; credit: bigint } {
  type Event =
    | { at: number; order: number; payment: PaymentEntry }
    | { at: number; order: number; writeOff: WriteOff };
  const events: Event[] = [
    ...payments
      .filter((p) => !p.reversed)
      .map((payment) => ({
        at: payment.receivedAt.getTime(),
        order: payment.recordedAt.getTime(),
        payment,
      })),
    ...writeOffs.map((writeOff) => ({
      at: writeOff.writtenOffAt.getTime(),
      order: writeOff.writtenOffAt.getTime(),
      writeOff,
    })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const oldestFirst = [...drafts].sort(oldestDueFirst);
  const allocations: Allocation[] = [];
  let credit = 0n;
  const openOf = (d: Draft) => d.owed - d.paid - d.writtenOff;

  for (const event of events) {
    if ('writeOff' in event) {
      const target = byId.get(event.writeOff.receivableId);
      if (target && !target.writeOff) {
        target.writeOff = event.writeOff;
        target.writtenOff = openOf(target);
      }
      continue;
    }
    const { payment } = event;
    if (payment.kind === 'PAYMENT') {
      let left = payment.amount;
      const named = (payment.receivableIds ?? [])
        .map((id) => byId.get(id))
        .filter((d): d is Draft => d !== undefined);
      for (const target of [...named, ...oldestFirst]) {
        if (left === 0n) break;
        if (target.writeOff) continue;
        const take = min(left, openOf(target));
        if (take <= 0n) continue;
        target.paid += take;
        left -= take;
        allocations.push({ paymentId: payment.id, receivableId: target.id, amount: take });
      }
      credit += left;
      continue;
    }
    // A refund gives back the credit first, then what was paid, latest due first.
    const fromCredit = min(payment.amount, credit > 0n ? credit : 0n);
    credit -= fromCredit;
    let left = payment.amount - fromCredit;
    for (let i = oldestFirst.length - 1; i >= 0 && left > 0n; i--) {
      const target = oldestFirst[i];
      if (target.writeOff || target.paid === 0n) continue;
      const take = min(left, target.paid);
      target.paid -= take;
      left -= take;
      allocations.push({ paymentId: payment.id, receivableId: target.id, amount: -take });
    }
    credit -= left;
  }
  return { allocations, credit };
}

function finish(d: Draft, deal: ReceivableDeal, asOf: Date): Receivable {
  const open = d.owed - d.paid - d.writtenOff;
  const pastDueMs = asOf.getTime() - d.dueAt.getTime();
  const daysOverdue =
    d.claimable && !d.writeOff && open > 0n && pastDueMs > 0
      ? Math.ceil(pastDueMs / MS_PER_DAY)
      : 0;
  const status: ReceivableStatus = d.writeOff
    ? 'WRITTEN_OFF'
    : open === 0n
      ? 'PAID'
      : d.paid > 0n
        ? 'PARTIALLY_PAID'
        : !d.claimable
          ? 'NOT_DUE'
          : daysOverdue > 0
            ? 'OVERDUE'
            : 'DUE';
  return {
    id: d.id,
    kind: d.kind,
    dealId: deal.id,
    deliverableId: d.deliverableId,
    creatorId: deal.creatorId,
    brandId: deal.brandId,
    currency: deal.currency,
    contracted: d.contracted,
    contractedDueAt: d.contractedDueAt,
    lost: d.lost,
    owed: d.owed,
    dueAt: d.dueAt,
    paid: d.paid,
    writtenOff: d.writtenOff,
    open,
    status,
    daysOverdue,
    writeOffReason: d.writeOff?.reason ?? null,
  };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export type CashflowBucket = 'WEEK' | 'MONTH';

export interface CashflowRow {
  /** UTC midnight of the bucket's Monday (WEEK) or first day (MONTH). */
  readonly bucketStart: Date;
  readonly bucketEnd: Date;
  readonly currency: string;
  /** Falling due in the bucket as contracted, before any outage. */
  readonly expectedAsContracted: bigint;
  /** Falling due in the bucket after the recorded outages moved and cut it. */
  readonly expectedAfterOutages: bigint;
  /** Payments received in the bucket, less refunds (reversed entries left out). */
  readonly received: bigint;
  /** Still open of what fell due in the bucket and is overdue. */
  readonly overdue: bigint;
}

/** The start (UTC) of the WEEK (ISO: Monday) or MONTH bucket holding `at`. */
export function bucketStart(at: Date, bucket: CashflowBucket): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (bucket === 'MONTH') return new Date(Date.UTC(y, m, 1));
  const day = new Date(Date.UTC(y, m, at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * MS_PER_DAY);
}

function nextBucket(start: Date, bucket: CashflowBucket): Date {
  return bucket === 'MONTH'
    ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
    : new Date(start.getTime() + 7 * MS_PER_DAY);
}

/**
 * Cash flow over the buckets meeting [from, to), per currency (currencies by code, buckets in
 * time order; every bucket for each currency that has an amount in any of them, so each bucket
 * and currency is one bar). An amount counts in the bucket of its instant only when that instant
 * lies in [from, to): contracted amounts at `contractedDueAt`, owed at `dueAt`, payments at
 * `receivedAt`, overdue open amounts at `dueAt`. What the outages changed in a bucket is
 * expectedAsContracted − expectedAfterOutages.
 */
export function cashflow(
  receivables: readonly Receivable[],
  payments: readonly (PaymentEntry & { readonly currency: string })[],
  from: Date,
  to: Date,
  bucket: CashflowBucket,
): CashflowRow[] {
  const starts: Date[] = [];
  for (let s = bucketStart(from, bucket); s < to; s = nextBucket(s, bucket)) starts.push(s);
  type Sums = { contracted: bigint; after: bigint; received: bigint; overdue: bigint };
  const sums = new Map<string, Sums[]>();
  const add = (currency: string, at: Date, part: keyof Sums, amount: bigint) => {
    if (at < from || at >= to) return;
    let rows = sums.get(currency);
    if (!rows) {
      rows = starts.map(() => ({ contracted: 0n, after: 0n, received: 0n, overdue: 0n }));
      sums.set(currency, rows);
    }
    // The last bucket starting at or before `at`.
    let i = starts.length - 1;
    while (i > 0 && starts[i] > at) i--;
    rows[i][part] += amount;
  };
  for (const r of receivables) {
    add(r.currency, r.contractedDueAt, 'contracted', r.contracted);
    add(r.currency, r.dueAt, 'after', r.owed);
    if (r.daysOverdue > 0) add(r.currency, r.dueAt, 'overdue', r.open);
  }
  for (const p of payments) {
    if (!p.reversed)
      add(p.currency, p.receivedAt, 'received', p.kind === 'PAYMENT' ? p.amount : -p.amount);
  }
  return [...sums.keys()].sort().flatMap((currency) =>
    sums.get(currency)!.map((s, i) => ({
      bucketStart: starts[i],
      bucketEnd: nextBucket(starts[i], bucket),
      currency,
      expectedAsContracted: s.contracted,
      expectedAfterOutages: s.after,
      received: s.received,
      overdue: s.overdue,
    })),
  );
}
