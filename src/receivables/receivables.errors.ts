import { AppError, badInput, ErrorCode } from '../common/errors/app-error';
import { MS_PER_DAY } from '../common/time/durations';
import { ImpactErrorReason } from '../impact/impact.errors';
import { registerUserErrorCodes } from '../common/graphql/user-error';

/** Stable `extensions.reason` values of payments, refunds, reversals and write-offs. */
export enum ReceivableErrorReason {
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  AMOUNT_NOT_POSITIVE = 'AMOUNT_NOT_POSITIVE',
  RECEIVED_IN_FUTURE = 'RECEIVED_IN_FUTURE',
  RECEIVABLE_NOT_IN_DEAL = 'RECEIVABLE_NOT_IN_DEAL',
  RECEIVABLE_CANCELLED = 'RECEIVABLE_CANCELLED',
  DUPLICATE_RECEIVABLE = 'DUPLICATE_RECEIVABLE',
  ALREADY_REVERSED = 'ALREADY_REVERSED',
  REVERSAL_NOT_REVERSIBLE = 'REVERSAL_NOT_REVERSIBLE',
  RECEIVABLE_PAID = 'RECEIVABLE_PAID',
  ALREADY_WRITTEN_OFF = 'ALREADY_WRITTEN_OFF',
}

// Shared with the exposure's window (described there).
const WINDOW_TOO_LONG = 'WINDOW_TOO_LONG';

registerUserErrorCodes(ReceivableErrorReason, {
  CURRENCY_MISMATCH:
    "The payment's currency is not the deal's; record it in the deal's currency (convert first)",
  AMOUNT_NOT_POSITIVE: 'The amount is zero; record what actually arrived (more than 0)',
  RECEIVED_IN_FUTURE: 'receivedAt is in the future; give the time the money actually arrived',
  RECEIVABLE_NOT_IN_DEAL:
    'A receivable named is not one of this deal (its deliverables, or deposit:<deal id>)',
  RECEIVABLE_CANCELLED: 'The deliverable named is cancelled and is owed nothing',
  DUPLICATE_RECEIVABLE: 'receivableIds lists a receivable twice; list each once',
  ALREADY_REVERSED: 'That ledger entry was reversed already; nothing is reversed twice',
  REVERSAL_NOT_REVERSIBLE:
    'That entry is itself a reversal; record the payment again instead of reversing the reversal',
  RECEIVABLE_PAID: 'The receivable is paid in full: there is nothing open to write off',
  ALREADY_WRITTEN_OFF: 'The receivable was written off already',
});

export const currencyMismatch = (given: string, dealCurrency: string): AppError =>
  badInput(
    `input.amount.currency: the deal is in ${dealCurrency}, the payment in ${given}`,
    ['input.amount.currency'],
    ReceivableErrorReason.CURRENCY_MISMATCH,
  );

export const amountNotPositive = (): AppError =>
  badInput(
    'input.amount.amount: a payment or refund is more than 0',
    ['input.amount.amount'],
    ReceivableErrorReason.AMOUNT_NOT_POSITIVE,
  );

export const receivedInFuture = (): AppError =>
  badInput(
    'input.receivedAt is in the future',
    ['input.receivedAt'],
    ReceivableErrorReason.RECEIVED_IN_FUTURE,
  );

export const receivableNotInDeal = (id: string, field: string): AppError =>
  badInput(
    `${field}: ${id} is not a receivable of this deal`,
    [field],
    ReceivableErrorReason.RECEIVABLE_NOT_IN_DEAL,
  );

export const receivableCancelled = (id: string, field: string): AppError =>
  badInput(
    `${field}: deliverable ${id} is cancelled and owed nothing`,
    [field],
    ReceivableErrorReason.RECEIVABLE_CANCELLED,
  );

export const duplicateReceivable = (id: string, field: string): AppError =>
  badInput(`${field}: ${id} is listed twice`, [field], ReceivableErrorReason.DUPLICATE_RECEIVABLE);

export const alreadyReversed = (paymentId: string): AppError =>
  new AppError(ErrorCode.CONFLICT, `Ledger entry ${paymentId} was reversed already`, {
    reason: ReceivableErrorReason.ALREADY_REVERSED,
    fields: ['input.paymentId'],
  });

export const reversalNotReversible = (paymentId: string): AppError =>
  badInput(
    `input.paymentId: ${paymentId} is a reversal`,
    ['input.paymentId'],
    ReceivableErrorReason.REVERSAL_NOT_REVERSIBLE,
  );

export const receivablePaid = (id: string): AppError =>
  badInput(
    `input.receivableId: ${id} is paid in full`,
    ['input.receivableId'],
    ReceivableErrorReason.RECEIVABLE_PAID,
  );

export const alreadyWrittenOff = (id: string): AppError =>
  new AppError(ErrorCode.CONFLICT, `Receivable ${id} was written off already`, {
    reason: ReceivableErrorReason.ALREADY_WRITTEN_OFF,
    fields: ['input.receivableId'],
  });

/** Longest cash-flow window, as for the period report and the exposure (a leap year). */
export const MAX_CASHFLOW_DAYS = 366;

/** Refuses a cash-flow window that is empty, reversed or longer than {@link MAX_CASHFLOW_DAYS}. */
export function checkCashflowWindow(from: Date, to: Date): void {
  if (to <= from) {
    throw badInput(
      `to (${to.toISOString()}) must be after from (${from.toISOString()})`,
      ['to'],
      ImpactErrorReason.WINDOW_INVALID,
    );
  }
  if (to.getTime() - from.getTime() > MAX_CASHFLOW_DAYS * MS_PER_DAY) {
    throw badInput(
      `The window from from to to may span at most ${MAX_CASHFLOW_DAYS} days`,
      ['to'],
      WINDOW_TOO_LONG,
    );
  }
}
