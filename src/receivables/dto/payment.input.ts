import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MoneyInput } from '../../common/graphql/money-input';
import { IsNotBlank } from '../../common/validation/input-checks';
import { RecordedPaymentKindEnum } from '../receivable.model';

@InputType({ description: 'Money received from (or paid back to) the brand of one deal' })
export class RecordPaymentInput {
  @Field(() => ID, { description: 'The deal the money is for (creators: their own)' })
  @IsUUID()
  dealId: string;

  @Field(() => RecordedPaymentKindEnum, { nullable: true, description: 'Default PAYMENT' })
  @IsOptional()
  @IsIn(['PAYMENT', 'REFUND'])
  kind?: 'PAYMENT' | 'REFUND';

  @Field(() => MoneyInput, {
    description:
      "More than 0, in the deal's currency (CURRENCY_MISMATCH otherwise), with at most its minor digits",
  })
  @ValidateNested()
  @Type(() => MoneyInput)
  amount: MoneyInput;

  @Field(() => Date, { description: 'When the money arrived; not in the future' })
  @Type(() => Date)
  @IsDate()
  receivedAt: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Bank or invoice reference, ≤ 200 characters',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A private note, ≤ 2000 characters (only the creator reads it)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Receivables to pay first, in order: deliverable ids of this deal, or deposit:<deal id>. Omitted: oldest due first',
  })
  @IsOptional()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  receivableIds?: string[] | null;
}

@InputType({ description: 'Cancels one ledger entry with a REVERSAL entry' })
export class ReversePaymentInput {
  @Field(() => ID, { description: 'The PAYMENT or REFUND to cancel' })
  @IsUUID()
  paymentId: string;

  @Field(() => String, { nullable: true, description: 'Why, ≤ 500 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

@InputType({ description: 'Gives up on what is open of one receivable' })
export class WriteOffReceivableInput {
  @Field(() => ID, { description: "A deliverable's id, or deposit:<deal id>" })
  @IsString()
  @MaxLength(100)
  receivableId: string;

  @Field({ description: 'Why, 1–500 characters, not blank' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  reason: string;
}
