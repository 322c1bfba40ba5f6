import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Money } from '../common/graphql/money.model';
import { ConnectionType } from '../common/graphql/pagination';
import type { CashflowBucket, ReceivableKind, ReceivableStatus } from '../impact/engine';
import type { LedgerKind } from './receivable.repository';

export const RECEIVABLE_STATUSES = [
  'NOT_DUE',
  'DUE',
  'OVERDUE',
  'PARTIALLY_PAID',
  'PAID',
  'WRITTEN_OFF',
] as const satisfies readonly ReceivableStatus[];

export const ReceivableStatusEnum = graphqlEnum(
  RECEIVABLE_STATUSES,
  'ReceivableStatus',
  'Where a receivable stands at asOf',
  {
    NOT_DUE: 'Still planned: nothing can be claimed yet (dueAt is a forecast)',
    DUE: 'Posted (or the deposit of an active deal), payment terms running, not past due',
    OVERDUE: 'Past due, nothing paid',
    PARTIALLY_PAID: 'Something paid, something open (see daysOverdue)',
    PAID: 'Nothing open',
    WRITTEN_OFF: 'The creator gave up on what was open (see writeOffReason)',
  },
);

export const ReceivableKindEnum = graphqlEnum(
  ['DELIVERABLE', 'DEPOSIT'] as const satisfies readonly ReceivableKind[],
  'ReceivableKind',
  'What a receivable is for',
  {
    DELIVERABLE: "One deliverable's fee (less its part of the deposit)",
    DEPOSIT: "The deal's up-front share, due after the deal became ACTIVE",
  },
);

export const PaymentKindEnum = graphqlEnum(
  ['PAYMENT', 'REFUND', 'REVERSAL'] as const satisfies readonly LedgerKind[],
  'PaymentKind',
  'A ledger entry: nothing is ever deleted, a correction is a REVERSAL',
  {
    PAYMENT: 'Money received from the brand',
    REFUND: 'Money paid back to the brand',
    REVERSAL: 'Cancels one earlier PAYMENT or REFUND (see reverses)',
  },
);

export const RecordedPaymentKindEnum = graphqlEnum(
  ['PAYMENT', 'REFUND'] as const,
  'RecordedPaymentKind',
  'What recordPayment records',
  {
    PAYMENT: 'Money received from the brand (default)',
    REFUND: 'Money paid back to the brand',
  },
);

export const CashflowBucketEnum = graphqlEnum(
  ['WEEK', 'MONTH'] as const satisfies readonly CashflowBucket[],
  'CashflowBucket',
  'The width of a cash-flow row (UTC)',
  { WEEK: 'Monday 00:00 UTC to the next Monday', MONTH: 'The 1st 00:00 UTC to the next 1st' },
);

@ObjectType({
  description:
    "What a brand owes on one deliverable (or a deal's deposit): the fee less what the impact engine says is lost, when it falls due, what is paid",
})
export class Receivable {
  @Field(() => ID, { description: "The deliverable's id, or deposit:<deal id>" })
  id: string;

  @Field(() => ReceivableKindEnum, { description: 'A deliverable, or the deal deposit' })
  kind: ReceivableKind;

  dealId: string;

  @Field(() => ID, { nullable: true, description: 'Null for a deposit' })
  deliverableId: string | null;

  @Field({ description: 'ISO 4217 code of every amount here' })
  currency: string;

  @Field(() => Money, { description: 'What the contract promised, before any outage' })
  contracted: Money;

  @Field(() => Date, {
    description: 'When the contract said it falls due: slot (or activation) + payment terms',
  })
  contractedDueAt: Date;

  @Field(() => Money, {
    description:
      'What the impact engine says is lost: late penalty, or all but the kill fee of a killed deliverable',
  })
  lost: Money;

  @Field(() => Money, { description: 'contracted − lost' })
  owed: Money;

  @Field(() => Date, {
    description:
      "When it falls due now: moved with the engine's suggested slot after an outage, or from the posting",
  })
  dueAt: Date;

  @Field(() => Money, { description: 'Allocated from the recorded payments, less refunds' })
  paid: Money;

  @Field(() => Money, { description: 'Given up by the creator (see writeOffReason)' })
  writtenOff: Money;

  @Field(() => Money, { description: 'owed − paid − writtenOff' })
  open: Money;

  @Field(() => ReceivableStatusEnum, { description: 'Where it stands at asOf' })
  status: ReceivableStatus;

  @Field(() => Int, { description: 'Started days past dueAt while something claimable is open' })
  daysOverdue: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the creator gave up on it; null unless WRITTEN_OFF',
  })
  writeOffReason: string | null;
}

@ObjectType({ description: 'Part of a payment (or refund, negative) given to one receivable' })
export class PaymentAllocation {
  @Field(() => ID, { description: "A deliverable's id, or deposit:<deal id>" })
  receivableId: string;

  @Field(() => Money, { description: 'Negative when a refund took back what a payment had paid' })
  amount: Money;
}

@ObjectType({ description: "One entry of a deal's payment ledger" })
export class Payment {
  @Field(() => ID, { description: "The entry's UUID" })
  id: string;

  dealId: string;

  @Field(() => PaymentKindEnum, { description: 'PAYMENT, REFUND or REVERSAL' })
  kind: LedgerKind;

  @Field(() => Money, { description: "In the deal's currency; always more than 0" })
  amount: Money;

  @Field(() => Date, { description: 'When the money moved (a REVERSAL: when it was recorded)' })
  receivedAt: Date;

  @Field(() => Date, { description: 'When it was entered in the ledger' })
  recordedAt: Date;

  @Field({ description: 'Bank or invoice reference; may be empty' })
  reference: string;

  note: string | null;

  @Field(() => [ID], { description: 'Receivables the payment was told to pay first' })
  receivableIds: string[];

  @Field(() => Date, { nullable: true, description: 'When a REVERSAL cancelled this entry' })
  reversedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'A REVERSAL: the entry it cancels' })
  reversesPaymentId: string | null;

  allocations: PaymentAllocation[];
}

@ObjectType({
  description: 'One bucket of one currency: what falls due, what arrived, what is late',
})
export class CashflowRow {
  @Field(() => Date, { description: 'Monday or the 1st, 00:00 UTC' })
  bucketStart: Date;

  @Field(() => Date, { description: 'The next bucket start (excluded)' })
  bucketEnd: Date;

  @Field({ description: 'ISO 4217 code of every amount in the row' })
  currency: string;

  @Field(() => Money, { description: 'Falling due in the bucket as contracted, before any outage' })
  expectedAsContracted: Money;

  @Field(() => Money, {
    description: 'Falling due in the bucket after the recorded outages moved and cut it',
  })
  expectedAfterOutages: Money;

  @Field(() => Money, {
    description:
      'expectedAsContracted − expectedAfterOutages: what the outages moved out of (negative: into) the bucket or took',
  })
  movedByOutages: Money;

  @Field(() => Money, { description: 'Payments received in the bucket, less refunds' })
  received: Money;

  @Field(() => Money, { description: 'Still open of what fell due in the bucket and is overdue' })
  overdue: Money;
}

export const ReceivableConnection = ConnectionType(Receivable);
