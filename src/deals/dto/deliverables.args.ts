import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination';
import {
  ORDER_DIRECTIONS,
  OrderDirectionEnum,
  type OrderDirection,
} from '../../common/graphql/list-order';
import { DELIVERABLE_STATUSES, type DeliverableStatus } from '../deliverable.entity';
import {
  DELIVERABLE_ORDER_FIELDS,
  DeliverableOrderFieldEnum,
  DeliverableStatusEnum,
  type DeliverableOrderField,
} from '../deliverable.enums';

/**
 * The filters the database applies. The GraphQL input `DeliverableFilter` is declared in impact
 * (`impact/dto/deliverables-query.args.ts`): it adds the risk filters, whose enum deals cannot
 * import.
 */
@InputType({ isAbstract: true })
export class DeliverableFilter {
  @Field(() => [DeliverableStatusEnum], {
    nullable: true,
    description: 'Any of these statuses (1–3 values). More statuses may be added',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DELIVERABLE_STATUSES.length)
  @IsIn(DELIVERABLE_STATUSES, { each: true })
  statuses?: DeliverableStatus[];

  @Field({
    nullable: true,
    description:
      'Deliverables on this platform (slug, e.g. "instagram", at most 63 characters); an unknown slug matches nothing',
  })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  platformSlug?: string;

  @Field(() => ID, { nullable: true, description: 'Deliverables of this deal' })
  @IsOptional()
  @IsUUID()
  dealId?: string;

  @Field(() => ID, { nullable: true, description: 'Deliverables of deals with this brand' })
  @IsOptional()
  @IsUUID()
  brandId?: string;

  @Field(() => ID, {
    nullable: true,
    description: "Deliverables of this creator's deals (an id from the creators query)",
  })
  @IsOptional()
  @IsUUID()
  creatorId?: string;

  @Field({ nullable: true, description: 'Deadline strictly before this instant' })
  @IsOptional()
  @IsDate()
  dueBefore?: Date;

  @Field({ nullable: true, description: 'Deadline at or after this instant' })
  @IsOptional()
  @IsDate()
  dueAfter?: Date;

  @Field({
    nullable: true,
    description:
      'Changed at or after this instant (updatedAt ≥ it): to poll for what changed since the last look',
  })
  @IsOptional()
  @IsDate()
  updatedSince?: Date;
}

@InputType({ description: 'How to sort the deliverables list' })
export class DeliverableOrder {
  @Field(() => DeliverableOrderFieldEnum, { description: 'What to sort by' })
  @IsIn(DELIVERABLE_ORDER_FIELDS)
  field: DeliverableOrderField;

  @Field(() => OrderDirectionEnum, { description: 'Which way' })
  @IsIn(ORDER_DIRECTIONS)
  direction: OrderDirection;
}

/**
 * What the deliverables list takes (the GraphQL arguments, with the risk filters, are declared
 * in impact beside the root query).
 */
export class DeliverablesArgs extends PageArgs {
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverableFilter)
  filter?: DeliverableFilter;

  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverableOrder)
  orderBy?: DeliverableOrder | null;
}
