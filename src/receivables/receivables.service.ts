import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { inputProblems, notFound, type AppError } from '../common/errors/app-error';
import { parseMoneyInput } from '../common/graphql/money-input';
import { isUuid } from '../common/validation/uuid';
import {
  cashflow,
  dealReceivables,
  depositReceivableId,
  riskScopes,
  type CashflowBucket,
  type CashflowRow,
  type DealReceivables,
  type Deliverable,
  type DeliverableAssessment,
  type Receivable,
  type ReceivableStatus,
} from '../impact/engine';
import { ImpactRepository } from '../impact/impact.repository';
import { recordAudit } from '../infrastructure/audit/audit-log';
import { Clock } from '../infrastructure/clock';
import { enqueueWebhookEvent } from '../infrastructure/outbox/webhook-events';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';
import { formatMoney } from '../common/money';
import {
  paymentEntries,
  ReceivableRepository,
  type DealLedger,
  type LedgerEntry,
  type LedgerScope,
} from './receivable.repository';
import {
  alreadyReversed,
  alreadyWrittenOff,
  amountNotPositive,
  currencyMismatch,
  duplicateReceivable,
  receivableCancelled,
  receivableNotInDeal,
  receivablePaid,
  receivedInFuture,
  reversalNotReversible,
} from './receivables.errors';

/** One deal's ledger and what the receivable rules make of it. */
export interface DealBook {
  readonly ledger: DealLedger;
  readonly result: DealReceivables;
}

export interface ReceivableFilter {
  readonly statuses?: readonly ReceivableStatus[];
  readonly dealId?: string;
  readonly brandId?: string;
  /** Due strictly before this instant. */
  readonly dueBefore?: Date;
  /** Due at or after this instant. */
  readonly dueAfter?: Date;
}

export interface RecordPaymentCommand {
  readonly dealId: string;
  readonly kind: 'PAYMENT' | 'REFUND';
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly receivedAt: Date;
  readonly reference?: string | null;
  readonly note?: string | null;
  readonly receivableIds?: readonly string[] | null;
}

/** A ledger entry with the deal's currency, as the API shows it. */
export type Payment = LedgerEntry;

/**
 * Money owed: loads a deal's ledger and deliverables, asks the engine (`dealReceivables`,
 * `cashflow`) and writes the ledger. Every write locks the deal's row first, so two payments on
 * one deal are allocated in one order and a reversal or write-off sees the other's result.
 */
@Injectable()
export class ReceivablesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReceivableRepository,
    private readonly impact: ImpactRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The visible deals in `scope` with their receivables at `asOf`, in 3 statements whatever
   * their number. Pass the transaction's `manager` to read the ledger it has written.
   */
  async books(
    viewer: Viewer,
    scope: LedgerScope,
    asOf: Date,
    manager?: EntityManager,
  ): Promise<DealBook[]> {
    const ledgers = await this.repository.ledgers(viewer, scope, asOf, manager);
    const ids = ledgers.flatMap((ledger) => ledger.deliverableIds);
    if (ids.length === 0) {
      return ledgers.map((ledger) => ({ ledger, result: this.evaluate(ledger, new Map(), asOf) }));
    }
    // One connection for a transaction's reads: the embedded engine has only one.
    const deliverables = await this.impact.deliverablesByIds(ids, manager);
    const { outages, graph } = await this.impact.riskContextAround(deliverables, manager);
    const scopes = riskScopes(outages, graph.edges, asOf, graph.platforms);
    const byId = new Map(deliverables.map((d) => [d.id, d]));
    return ledgers.map((ledger) => ({
      ledger,
      result: this.evaluate(ledger, byId, asOf, (d) =>
        // Posted ones too: an outage over the slot extends the deadline under force majeure.
        d.status === 'CANCELLED' ? [] : scopes.assessments({ ...d, status: 'PLANNED' }),
      ),
    }));
  }

  private evaluate(
    ledger: DealLedger,
    deliverables: ReadonlyMap<string, Deliverable>,
    asOf: Date,
    assess: (d: Deliverable) => DeliverableAssessment[] = () => [],
  ): DealReceivables {
    const inputs = ledger.deliverableIds.flatMap((id) => {
      const deliverable = deliverables.get(id);
      return deliverable
        ? [
            {
              deliverable,
              postedAt: ledger.postedAt.get(id) ?? null,
              assessments: assess(deliverable),
            },
          ]
        : [];
    });
    return dealReceivables(
      ledger.deal,
      inputs,
      paymentEntries(ledger.entries),
      ledger.writeOffs,
      asOf,
    );
  }

  /**
   * The visible receivables matching `filter` at `asOf`, by due date then id (deposits of a deal
   * first on a tie). Receivables owing nothing and paid nothing are left out.
   */
  async receivables(viewer: Viewer, filter: ReceivableFilter, asOf: Date): Promise<Receivable[]> {
    if (filter.dealId && !isUuid(filter.dealId)) return [];
    if (filter.brandId && !isUuid(filter.brandId)) return [];
    const books = await this.books(
      viewer,
      {
        dealIds: filter.dealId ? [filter.dealId] : undefined,
        brandId: filter.brandId,
      },
      asOf,
    );
    const statuses = filter.statuses?.length ? new Set(filter.statuses) : null;
    return books
      .flatMap((book) => book.result.receivables)
      .filter(
        (r) =>
          (!statuses || statuses.has(r.status)) &&
          (!filter.dueBefore || r.dueAt < filter.dueBefore) &&
          (!filter.dueAfter || r.dueAt >= filter.dueAfter),
      )
      .sort(
        (a, b) =>
          a.dueAt.getTime() - b.dueAt.getTime() ||
          (a.kind === b.kind ? 0 : a.kind === 'DEPOSIT' ? -1 : 1) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
  }

  /** Cash flow of the viewer's visible deals over [from, to) (see the engine's `cashflow`). */
  async cashflow(
    viewer: Viewer,
    params: { from: Date; to: Date; bucket: CashflowBucket; asOf: Date; dealIds?: string[] },
  ): Promise<CashflowRow[]> {
    const books = await this.books(
      viewer,
      { window: { from: params.from, to: params.to }, dealIds: params.dealIds },
      params.asOf,
    );
    return cashflow(
      books.flatMap((book) => book.result.forecast),
      books.flatMap((book) =>
        paymentEntries(book.ledger.entries).map((entry) => ({
          ...entry,
          currency: book.ledger.deal.currency,
        })),
      ),
      params.from,
      params.to,
      params.bucket,
    );
  }

  /**
   * Records money received from (PAYMENT) or paid back to (REFUND) the deal's brand. Creators,
   * own deals; refused with every problem at once and nothing written. Honours Idempotency-Key.
   */
  async recordPayment(viewer: Viewer, command: RecordPaymentCommand): Promise<Payment> {
    const creatorId = requireCreator(viewer);
    if (!isUuid(command.dealId)) throw notFound('Deal', command.dealId);
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.repository.lockVisibleDeal(manager, viewer, command.dealId);
      if (!deal || deal.creatorId !== creatorId) throw notFound('Deal', command.dealId);
      const problems: AppError[] = [];
      let amount = 0n;
      if (command.amount.currency !== deal.currency) {
        problems.push(currencyMismatch(command.amount.currency, deal.currency));
      } else {
        try {
          amount = parseMoneyInput(command.amount.amount, deal.currency, 'input.amount.amount');
          if (amount === 0n) problems.push(amountNotPositive());
        } catch (error) {
          problems.push(error as AppError);
        }
      }
      if (command.receivedAt.getTime() > this.clock.millis()) problems.push(receivedInFuture());
      const named = [...(command.receivableIds ?? [])];
      if (named.length > 0) {
        const statuses = await this.deliverableStatuses(manager, deal.id);
        const seen = new Set<string>();
        named.forEach((id, index) => {
          const field = `input.receivableIds.${index}`;
          if (seen.has(id)) problems.push(duplicateReceivable(id, field));
          seen.add(id);
          if (id === depositReceivableId(deal.id)) return;
          const status = statuses.get(id);
          if (!status) problems.push(receivableNotInDeal(id, field));
          else if (status === 'CANCELLED') problems.push(receivableCancelled(id, field));
        });
      }
      if (problems.length > 0) throw inputProblems(problems);
      const entry = await this.repository.insertEntry(manager, {
        dealId: deal.id,
        kind: command.kind,
        amount,
        currency: deal.currency,
        receivedAt: command.receivedAt,
        reference: command.reference?.trim() ?? '',
        note: command.note ?? '',
        receivableIds: named,
        reversesPaymentId: null,
        recordedByUserId: viewer.userId,
      });
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'recordPayment',
          entityType: 'DEAL',
          entityId: deal.id,
          dealId: deal.id,
          changes: [
            {
              field: command.kind === 'PAYMENT' ? 'payments' : 'refunds',
              before: null,
              after: {
                minor: amount.toString(),
                currency: deal.currency,
              },
            },
            { field: 'payment.id', before: null, after: entry.id },
            { field: 'payment.receivedAt', before: null, after: entry.receivedAt.toISOString() },
            ...(entry.reference
              ? [{ field: 'payment.reference', before: null, after: entry.reference }]
              : []),
          ],
        },
      ]);
      await enqueueWebhookEvent(manager, {
        type: 'payment.recorded',
        dealId: deal.id,
        actorUserId: viewer.userId,
        data: paymentEventData(entry),
      });
      return entry;
    });
  }

  /**
   * Cancels one PAYMENT or REFUND with a REVERSAL entry (nothing is deleted): the ledger then
   * reads as if it had never been recorded. Reversing twice is CONFLICT (ALREADY_REVERSED).
   */
  async reversePayment(
    viewer: Viewer,
    paymentId: string,
    reason: string | null | undefined,
  ): Promise<{ reversal: Payment; reversed: Payment }> {
    const creatorId = requireCreator(viewer);
    if (!isUuid(paymentId)) throw notFound('Payment', paymentId);
    const dealId = await this.repository.entryDealId(viewer, paymentId);
    if (!dealId) throw notFound('Payment', paymentId);
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.repository.lockVisibleDeal(manager, viewer, dealId);
      if (!deal || deal.creatorId !== creatorId) throw notFound('Payment', paymentId);
      const original = await this.repository.entry(manager, paymentId);
      if (!original) throw notFound('Payment', paymentId);
      if (original.kind === 'REVERSAL') throw reversalNotReversible(paymentId);
      if (await this.repository.isReversed(manager, paymentId)) throw alreadyReversed(paymentId);
      const reversal = await this.repository.insertEntry(manager, {
        dealId,
        kind: 'REVERSAL',
        amount: original.amount,
        currency: original.currency,
        receivedAt: this.clock.now(),
        reference: original.reference,
        note: reason?.trim() ?? '',
        receivableIds: [],
        reversesPaymentId: original.id,
        recordedByUserId: viewer.userId,
      });
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'reversePayment',
          entityType: 'DEAL',
          entityId: dealId,
          dealId,
          changes: [
            {
              field: original.kind === 'PAYMENT' ? 'payments' : 'refunds',
              before: { minor: original.amount.toString(), currency: original.currency },
              after: null,
            },
            { field: 'payment.id', before: original.id, after: null },
            { field: 'payment.reversedBy', before: null, after: reversal.id },
            ...(reversal.note
              ? [{ field: 'payment.reversalReason', before: null, after: reversal.note }]
              : []),
          ],
        },
      ]);
      // Subscribers to the ledger hear of the correction as they heard of the payment.
      await enqueueWebhookEvent(manager, {
        type: 'payment.recorded',
        dealId,
        actorUserId: viewer.userId,
        data: paymentEventData(reversal),
      });
      return { reversal, reversed: { ...original, reversedAt: reversal.receivedAt } };
    });
  }

  /**
   * Gives up on what is open of one receivable, with a reason. Refused when nothing is open
   * (RECEIVABLE_PAID) or it was written off already (CONFLICT).
   */
  async writeOff(viewer: Viewer, receivableId: string, reason: string): Promise<Receivable> {
    const creatorId = requireCreator(viewer);
    const dealId = await this.dealOfReceivable(viewer, receivableId);
    if (!dealId) throw notFound('Receivable', receivableId);
    await runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const deal = await this.repository.lockVisibleDeal(manager, viewer, dealId);
      if (!deal || deal.creatorId !== creatorId) throw notFound('Receivable', receivableId);
      const now = this.clock.now();
      const [book] = await this.books(viewer, { dealIds: [dealId] }, now, manager);
      const receivable = book?.result.forecast.find((r) => r.id === receivableId);
      if (!receivable) throw notFound('Receivable', receivableId);
      if (receivable.writeOffReason !== null) throw alreadyWrittenOff(receivableId);
      if (receivable.open === 0n) throw receivablePaid(receivableId);
      await this.repository.insertWriteOff(manager, {
        dealId,
        receivableId,
        reason: reason.trim(),
        userId: viewer.userId,
        at: now,
      });
      await recordAudit(manager, [
        {
          actorUserId: viewer.userId,
          operation: 'writeOffReceivable',
          entityType: receivable.deliverableId ? 'DELIVERABLE' : 'DEAL',
          entityId: receivable.deliverableId ?? dealId,
          dealId,
          changes: [
            {
              field: 'writtenOff',
              before: null,
              after: { minor: receivable.open.toString(), currency: receivable.currency },
            },
            { field: 'writeOffReason', before: null, after: reason.trim() },
          ],
        },
      ]);
    });
    const [book] = await this.books(viewer, { dealIds: [dealId] }, this.clock.now());
    return book.result.forecast.find((r) => r.id === receivableId)!;
  }

  /** The deal of a receivable id the viewer may see: a deliverable's, or `deposit:<deal id>`. */
  async dealOfReceivable(viewer: Viewer, receivableId: string): Promise<string | null> {
    const depositOf = /^deposit:(.+)$/.exec(receivableId)?.[1];
    if (depositOf !== undefined) {
      if (!isUuid(depositOf)) return null;
      const [book] = await this.repository.ledgers(viewer, { dealIds: [depositOf] }, new Date(0));
      return book ? depositOf : null;
    }
    if (!isUuid(receivableId)) return null;
    return this.repository.deliverableDealId(viewer, receivableId);
  }

  private async deliverableStatuses(
    manager: EntityManager,
    dealId: string,
  ): Promise<Map<string, string>> {
    const rows = await manager.query<Array<{ id: string; status: string }>>(
      `SELECT id, status FROM deliverables WHERE deal_id = $1`,
      [dealId],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }
}

/** The body of a payment.recorded event: money as decimal strings, times as ISO 8601. */
export function paymentEventData(entry: Payment): Record<string, unknown> {
  return {
    paymentId: entry.id,
    dealId: entry.dealId,
    kind: entry.kind,
    amount: formatMoney(entry.amount, entry.currency),
    currency: entry.currency,
    receivedAt: entry.receivedAt.toISOString(),
    reference: entry.reference,
    receivableIds: [...entry.receivableIds],
    reversesPaymentId: entry.reversesPaymentId,
  };
}
