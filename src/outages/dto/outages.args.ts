import { ArgsType, Field, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import {
  ORDER_DIRECTIONS,
  OrderDirectionEnum,
  type OrderDirection,
} from '../../common/graphql/list-order';
import { OUTAGE_SEVERITIES, type OutageSeverity } from '../outage.entity';
import { OutageSeverityEnum } from '../outage.model';

@InputType({ description: 'Narrows the outages list; every filter given must hold' })
export class OutagesFilter {
  @Field(() => String, { nullable: true, description: 'Outages that name this platform directly' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  platformSlug?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'With `to`: outages overlapping the window [from, to)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'With `from`: outages overlapping [from, to); must be after from (EMPTY_WINDOW)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Started and not ended at the time of the request',
  })
  @IsOptional()
  @IsBoolean()
  ongoing?: boolean | null;

  @Field(() => OutageSeverityEnum, { nullable: true, description: 'Outages of this severity' })
  @IsOptional()
  @IsIn(OUTAGE_SEVERITIES)
  severity?: OutageSeverity | null;

  @Field(() => String, {
    nullable: true,
    description: 'Outages recorded from this source, e.g. MANUAL (1–100 characters)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  source?: string | null;
}

export const OUTAGE_ORDER_FIELDS = ['STARTS_AT', 'ENDS_AT', 'UPDATED_AT'] as const;
export type OutageOrderField = (typeof OUTAGE_ORDER_FIELDS)[number];

export const OutageOrderFieldEnum = Object.fromEntries(
  OUTAGE_ORDER_FIELDS.map((field) => [field, field]),
) as { [K in OutageOrderField]: K };
registerEnumType(OutageOrderFieldEnum, {
  name: 'OutageOrderField',
  description:
    'What the outages list is sorted by; ties are broken by id in the same direction. More fields may be added: handle an unknown value',
  valuesMap: {
    STARTS_AT: { description: 'When the outage began: the default, DESC (newest first)' },
    ENDS_AT: {
      description: 'When it ended; an outage still open (no end) sorts as ending last',
    },
    UPDATED_AT: { description: 'The last change to the record (an end recorded included)' },
  },
});

@InputType({ description: 'How to sort the outages list' })
export class OutageOrder {
  @Field(() => OutageOrderFieldEnum, { description: 'What to sort by' })
  @IsIn(OUTAGE_ORDER_FIELDS)
  field: OutageOrderField;

  @Field(() => OrderDirectionEnum, { description: 'Which way' })
  @IsIn(ORDER_DIRECTIONS)
  direction: OrderDirection;
}

@ArgsType()
export class OutagesArgs extends PageArgs {
  @Field(() => OutagesFilter, {
    nullable: true,
    description: 'Which outages to list (default: all)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutagesFilter)
  filter?: OutagesFilter | null;

  @Field(() => OutageOrder, {
    nullable: true,
    description:
      'Default: startsAt then id, descending (newest first). A cursor belongs to the order it came from (another order refuses it: INVALID_CURSOR)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutageOrder)
  orderBy?: OutageOrder | null;
}
