import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { Payment, Receivable } from '../receivable.model';

@ObjectType({ description: 'What recordPayment did' })
export class RecordPaymentPayload extends MutationPayload {
  @Field(() => Payment, { nullable: true, description: 'The new ledger entry; null when refused' })
  payment: Payment | null;
}

@ObjectType({ description: 'What reversePayment did' })
export class ReversePaymentPayload extends MutationPayload {
  @Field(() => Payment, { nullable: true, description: 'The REVERSAL entry; null when refused' })
  reversal: Payment | null;

  @Field(() => Payment, {
    nullable: true,
    description: 'The entry it cancels, now with reversedAt; null when refused',
  })
  payment: Payment | null;
}

@ObjectType({ description: 'What writeOffReceivable did' })
export class WriteOffReceivablePayload extends MutationPayload {
  @Field(() => Receivable, {
    nullable: true,
    description: 'The receivable, now WRITTEN_OFF; null when refused',
  })
  receivable: Receivable | null;
}
