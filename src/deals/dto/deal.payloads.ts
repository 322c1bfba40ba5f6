import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import type { DealEntity } from '../deal.entity';
import { Deal } from '../deal.model';
import type { DeliverableEntity } from '../deliverable.entity';
import { Deliverable } from '../deliverable.model';

@ObjectType({ description: 'What createDeal did' })
export class CreateDealPayload extends MutationPayload {
  @Field(() => Deal, { nullable: true, description: 'The new deal; null when refused' })
  deal: DealEntity | null;
}

@ObjectType({ description: 'What updateDeal did' })
export class UpdateDealPayload extends MutationPayload {
  @Field(() => Deal, { nullable: true, description: 'The deal as changed; null when refused' })
  deal: DealEntity | null;
}

@ObjectType({ description: 'What setDealStatus did' })
export class SetDealStatusPayload extends MutationPayload {
  @Field(() => Deal, {
    nullable: true,
    description: 'The deal in its new status; null when refused',
  })
  deal: DealEntity | null;
}

@ObjectType({ description: 'What addDeliverable did' })
export class AddDeliverablePayload extends MutationPayload {
  @Field(() => Deliverable, {
    nullable: true,
    description: 'The new deliverable (its deal shows the new total); null when refused',
  })
  deliverable: DeliverableEntity | null;
}

@ObjectType({ description: 'What updateDeliverable did' })
export class UpdateDeliverablePayload extends MutationPayload {
  @Field(() => Deliverable, {
    nullable: true,
    description: 'The deliverable as changed; null when refused',
  })
  deliverable: DeliverableEntity | null;
}

@ObjectType({ description: 'What markDeliverablePosted did' })
export class MarkDeliverablePostedPayload extends MutationPayload {
  @Field(() => Deliverable, {
    nullable: true,
    description: 'The deliverable, now POSTED; null when refused',
  })
  deliverable: DeliverableEntity | null;
}

@ObjectType({ description: 'What cancelDeliverable did' })
export class CancelDeliverablePayload extends MutationPayload {
  @Field(() => Deliverable, {
    nullable: true,
    description: 'The deliverable, now CANCELLED; null when refused',
  })
  deliverable: DeliverableEntity | null;
}
