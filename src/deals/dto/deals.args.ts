import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import {
  ORDER_DIRECTIONS,
  OrderDirectionEnum,
  type OrderDirection,
} from '../../common/graphql/list-order';
import { DEAL_STATUSES, type DealStatus } from '../deal.entity';
import { DealStatusEnum } from '../deal.model';
import { CurrencyCode } from '../../common/graphql/currency-code.enum';

@InputType({ description: 'Narrows the deals list; every filter given must hold' })
export class DealFilter {
  @Field(() => DealStatusEnum, { nullable: true, description: 'Deals in this status' })
  @IsOptional()
  @IsIn(DEAL_STATUSES)
  status?: DealStatus;

  @Field(() => ID, { nullable: true, description: 'Deals with this brand' })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @Field(() => CurrencyCode, { nullable: true, description: 'Deals in this currency' })
  @IsOptional()
  @IsString()
  currency?: string;

  @Field({
    nullable: true,
    description: 'Case-insensitive part of the title, at most 200 characters',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export const DEAL_ORDER_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'TITLE', 'TOTAL_FEE'] as const;
export type DealOrderField = (typeof DEAL_ORDER_FIELDS)[number];

export const DealOrderFieldEnum = Object.fromEntries(
  DEAL_ORDER_FIELDS.map((field) => [field, field]),
) as { [K in DealOrderField]: K };
registerEnumType(DealOrderFieldEnum, {
  name: 'DealOrderField',
  description:
    'What the deals list is sorted by; ties are broken by id in the same direction. More fields may be added: handle an unknown value',
  valuesMap: {
    CREATED_AT: { description: 'When the deal was logged: the default, DESC (newest first)' },
    UPDATED_AT: { description: 'The last change to the deal row (a new total or status included)' },
    TITLE: { description: "The title, in the database's collation (case-sensitive)" },
    TOTAL_FEE: {
      description:
        'The total fee in minor units, whatever the currency: filter by currency to compare like with like',
    },
  },
});

@InputType({ description: 'How to sort the deals list' })
export class DealOrder {
  @Field(() => DealOrderFieldEnum, { description: 'What to sort by' })
  @IsIn(DEAL_ORDER_FIELDS)
  field: DealOrderField;

  @Field(() => OrderDirectionEnum, { description: 'Which way' })
  @IsIn(ORDER_DIRECTIONS)
  direction: OrderDirection;
}

@ArgsType()
export class DealsArgs extends PageArgs {
  @Field(() => DealFilter, {
    nullable: true,
    description: 'Which deals to list (default: all the caller may see)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DealFilter)
  filter?: DealFilter;

  @Field(() => DealOrder, {
    nullable: true,
    description:
      'Default: createdAt then id, descending (newest first). A cursor belongs to the order it came from (another order refuses it: INVALID_CURSOR)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DealOrder)
  orderBy?: DealOrder | null;
}
