import { Field, ID, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Node } from '../common/graphql/node.interface';
import { ConnectionType } from '../common/graphql/pagination';
import { DealStatusEnum } from '../deals/deal.model';
import type { DealStatus } from '../deals/deal.entity';
import { RiskLevelEnum } from '../impact/impact.model';
import { CHANGE_EVENT_TYPES, type ChangeEventType } from '../infrastructure/outbox/webhook-events';

/** GraphQL names of the feed's types, in CHANGE_EVENT_TYPES order (dots are not allowed). */
export const EVENT_TYPE_NAMES = [
  'DELIVERABLE_RISK_CHANGED',
  'DELIVERABLE_POSTED',
  'OUTAGE_RECORDED',
  'OUTAGE_ENDED',
  'DELIVERABLE_CREATED',
  'DELIVERABLE_UPDATED',
  'DELIVERABLE_MOVED',
  'DELIVERABLE_CANCELLED',
  'DEAL_STATUS_CHANGED',
  'OUTAGE_UPDATED',
  'PAYMENT_RECORDED',
  'RECEIVABLE_OVERDUE',
  'RESCHEDULE_PROPOSED',
  'RESCHEDULE_ACCEPTED',
  'RESCHEDULE_DECLINED',
  'RESCHEDULE_WITHDRAWN',
  'DRAFT_SUBMITTED',
  'DRAFT_REVIEWED',
] as const satisfies { length: (typeof CHANGE_EVENT_TYPES)['length'] };
export type EventTypeName = (typeof EVENT_TYPE_NAMES)[number];

export const EventTypeEnum = graphqlEnum(
  EVENT_TYPE_NAMES,
  'EventType',
  'A change the events feed records; DELIVERABLE_RISK_CHANGED is "deliverable.risk_changed" in webhook bodies, and so on',
  {
    DELIVERABLE_RISK_CHANGED: "A deliverable's risk level moved",
    DELIVERABLE_POSTED: 'A deliverable was marked posted',
    OUTAGE_RECORDED: 'An outage was recorded',
    OUTAGE_ENDED: 'An outage got its end',
    DELIVERABLE_CREATED: 'A deliverable was added to a deal',
    DELIVERABLE_UPDATED:
      'A deliverable changed other than where or when it runs (see changedFields)',
    DELIVERABLE_MOVED: 'A deliverable changed platform, slot or deadline (see changedFields)',
    DELIVERABLE_CANCELLED: 'A deliverable was cancelled',
    DEAL_STATUS_CHANGED: "A deal's status changed (see previousStatus, status)",
    OUTAGE_UPDATED: 'A recorded outage was edited (see changedFields)',
    PAYMENT_RECORDED: 'A payment or refund was recorded on a deal',
    RECEIVABLE_OVERDUE: 'Something owed on a deal passed its due date unpaid',
    RESCHEDULE_PROPOSED: 'The creator proposed to move a deliverable',
    RESCHEDULE_ACCEPTED: 'The brand accepted a proposed move; the deliverable moved',
    RESCHEDULE_DECLINED: 'The brand declined a proposed move',
    RESCHEDULE_WITHDRAWN: 'The creator withdrew a proposed move',
    DRAFT_SUBMITTED: 'The creator submitted a draft for review',
    DRAFT_REVIEWED: 'The brand approved a draft or asked for changes',
  },
);

export function changeTypeOf(name: EventTypeName): ChangeEventType {
  return CHANGE_EVENT_TYPES[EVENT_TYPE_NAMES.indexOf(name)];
}

export function eventTypeNameOf(type: string): EventTypeName {
  const index = (CHANGE_EVENT_TYPES as readonly string[]).indexOf(type);
  if (index < 0) throw new Error(`Not a feed event type: ${type}`);
  return EVENT_TYPE_NAMES[index];
}

@ObjectType({
  description:
    "One recorded change: a deliverable, a deal status or an outage. The edges (deliverable, deal, outage) read the record as it is now, under the caller's access; null when there is none or the caller may no longer see it",
  implements: () => [Node],
})
export class Event {
  @Field(() => ID, {
    description:
      'The same id webhook deliveries carry for this event: node(id) finds it again for whoever the feed shows it to',
  })
  id: string;

  @Field(() => EventTypeEnum, { description: 'What changed' })
  type: EventTypeName;

  @Field({ description: 'When the change was made (risk_changed: the change that moved the risk)' })
  occurredAt: Date;

  deliverableId: string | null;
  dealId: string | null;
  outageId: string | null;

  @Field(() => RiskLevelEnum, {
    nullable: true,
    description: 'DELIVERABLE_RISK_CHANGED: the level before the change',
  })
  previousRiskLevel: string | null;

  @Field(() => RiskLevelEnum, {
    nullable: true,
    description: 'DELIVERABLE_RISK_CHANGED: the level after it',
  })
  riskLevel: string | null;

  @Field(() => DealStatusEnum, {
    nullable: true,
    description: 'DEAL_STATUS_CHANGED: the status before',
  })
  previousStatus: DealStatus | null;

  @Field(() => DealStatusEnum, {
    nullable: true,
    description: 'DEAL_STATUS_CHANGED: the status after',
  })
  status: DealStatus | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'DELIVERABLE_UPDATED, DELIVERABLE_MOVED, OUTAGE_UPDATED: the fields that changed, by their API names (fee, title, scheduledAt, platform, …)',
  })
  changedFields: string[] | null;
}

@ObjectType({ description: 'A page of the events feed, oldest first' })
export class EventConnection extends ConnectionType(Event) {}
