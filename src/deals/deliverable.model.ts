import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { DeliverableKind, DeliverableStatus, DeliverableTiming } from './deliverable.entity';
import {
  DeliverableKindEnum,
  DeliverableStatusEnum,
  DeliverableTimingEnum,
} from './deliverable.enums';

@ObjectType({
  description: 'A piece of sponsored content owed under a deal',
  implements: () => [Node],
})
export class Deliverable {
  @Field(() => ID)
  id: string;

  @Field(() => DeliverableKindEnum)
  kind: DeliverableKind;

  @Field()
  title: string;

  @Field({ description: 'Start of the slot' })
  scheduledAt: Date;

  @Field(() => Int, { description: '0 for a post; the length of a live stream' })
  durationMinutes: number;

  @Field({ description: 'Contract deadline' })
  dueAt: Date;

  @Field(() => DeliverableTimingEnum)
  timing: DeliverableTiming;

  @Field(() => DeliverableStatusEnum)
  status: DeliverableStatus;

  @Field(() => Date, { nullable: true })
  postedAt: Date | null;

  @Field(() => String, { nullable: true })
  postUrl: string | null;

  @Field(() => Int, {
    description: 'Increases with every change; pass as expectedVersion to update safely',
  })
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}
