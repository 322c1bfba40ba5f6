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
  @Field(() => ID, { description: "The deliverable's UUID, unique across the API (see node)" })
  id: string;

  @Field(() => DeliverableKindEnum, { description: 'What sort of content is owed' })
  kind: DeliverableKind;

  @Field({ description: 'What is owed, 1–300 characters, never blank' })
  title: string;

  @Field({ description: 'Start of the slot' })
  scheduledAt: Date;

  @Field(() => Int, { description: '0 for a post; the length of a live stream' })
  durationMinutes: number;

  @Field({ description: 'Contract deadline' })
  dueAt: Date;

  @Field(() => DeliverableTimingEnum, {
    description: 'Whether an outage may move it to a later slot (FLEXIBLE) or not (FIXED)',
  })
  timing: DeliverableTiming;

  @Field(() => DeliverableStatusEnum, {
    description: 'PLANNED until marked posted or cancelled',
  })
  status: DeliverableStatus;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it went live (ISO 8601, UTC), as given to markDeliverablePosted; null unless POSTED',
  })
  postedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Link to the published content (http or https, at most 2000 characters); null when none was given',
  })
  postUrl: string | null;

  @Field(() => Int, {
    description: 'Increases with every change; pass as expectedVersion to update safely',
  })
  version: number;

  @Field({ description: 'When the deliverable was added (ISO 8601, UTC)' })
  createdAt: Date;

  @Field({
    description:
      'When the deliverable last changed (ISO 8601, UTC), its fee moving with the deal included; see filter.updatedSince',
  })
  updatedAt: Date;
}
