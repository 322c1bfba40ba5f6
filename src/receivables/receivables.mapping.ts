import { toMoney } from '../common/graphql/money.model';
import type {
  Allocation,
  CashflowRow as EngineCashflowRow,
  Receivable as EngineReceivable,
} from '../impact/engine';
import type { CashflowRow, Payment, PaymentAllocation, Receivable } from './receivable.model';
import type { LedgerEntry } from './receivable.repository';

export function toReceivableModel(r: EngineReceivable): Receivable {
  return {
    id: r.id,
    kind: r.kind,
    dealId: r.dealId,
    deliverableId: r.deliverableId,
    currency: r.currency,
    contracted: toMoney(r.contracted, r.currency),
    contractedDueAt: r.contractedDueAt,
    lost: toMoney(r.lost, r.currency),
    owed: toMoney(r.owed, r.currency),
    dueAt: r.dueAt,
    paid: toMoney(r.paid, r.currency),
    writtenOff: toMoney(r.writtenOff, r.currency),
    open: toMoney(r.open, r.currency),
    status: r.status,
    daysOverdue: r.daysOverdue,
    writeOffReason: r.writeOffReason,
  };
}

/** A ledger entry as the API shows it; `note` is kept here and hidden by the field resolver. */
export interface PaymentNode extends Omit<Payment, 'allocations' | 'note'> {
  readonly note: string;
}

export function toPaymentNode(entry: LedgerEntry): PaymentNode {
  return {
    id: entry.id,
    dealId: entry.dealId,
    kind: entry.kind,
    amount: toMoney(entry.amount, entry.currency),
    receivedAt: entry.receivedAt,
    recordedAt: entry.recordedAt,
    reference: entry.reference,
    note: entry.note,
    receivableIds: [...entry.receivableIds],
    reversedAt: entry.reversedAt,
    reversesPaymentId: entry.reversesPaymentId,
  };
}

export function toAllocationModels(
  allocations: readonly Allocation[],
  paymentId: string,
  currency: string,
): PaymentAllocation[] {
  return allocations
    .filter((a) => a.paymentId === paymentId)
    .map((a) => ({ receivableId: a.receivableId, amount: toMoney(a.amount, currency) }));
}

export function toCashflowRowModel(row: EngineCashflowRow): CashflowRow {
  return {
    bucketStart: row.bucketStart,
    bucketEnd: row.bucketEnd,
    currency: row.currency,
    expectedAsContracted: toMoney(row.expectedAsContracted, row.currency),
    expectedAfterOutages: toMoney(row.expectedAfterOutages, row.currency),
    movedByOutages: toMoney(row.expectedAsContracted - row.expectedAfterOutages, row.currency),
    received: toMoney(row.received, row.currency),
    overdue: toMoney(row.overdue, row.currency),
  };
}
