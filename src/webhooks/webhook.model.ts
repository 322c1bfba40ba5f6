import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { Node } from '../common/graphql/node.interface';
import { ConnectionType } from '../common/graphql/pagination';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../infrastructure/outbox/webhook-events';
import { MutationPayload } from '../common/graphql/user-error';

/** GraphQL names of the event types, in WEBHOOK_EVENT_TYPES order (dots are not allowed). */
export const WEBHOOK_EVENT_NAMES = [
  'DELIVERABLE_RISK_CHANGED',
  'DELIVERABLE_POSTED',
  'OUTAGE_RECORDED',
  'OUTAGE_ENDED',
  'PAYMENT_RECORDED',
  'RECEIVABLE_OVERDUE',
  'RESCHEDULE_PROPOSED',
  'RESCHEDULE_ACCEPTED',
  'RESCHEDULE_DECLINED',
  'RESCHEDULE_WITHDRAWN',
  'DRAFT_SUBMITTED',
  'DRAFT_REVIEWED',
] as const satisfies { length: (typeof WEBHOOK_EVENT_TYPES)['length'] };
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

export const WebhookEventTypeEnum = graphqlEnum(
  WEBHOOK_EVENT_NAMES,
  'WebhookEventType',
  'An event an endpoint subscribes to; DELIVERABLE_RISK_CHANGED is sent as "deliverable.risk_changed" in the body, and so on',
  {
    DELIVERABLE_RISK_CHANGED: "deliverable.risk_changed: a deliverable's risk level moved",
    DELIVERABLE_POSTED: 'deliverable.posted: a deliverable was marked posted',
    OUTAGE_RECORDED: 'outage.recorded: an outage hitting your deliverables was recorded',
    OUTAGE_ENDED: 'outage.ended: such an outage got its end',
    PAYMENT_RECORDED:
      "payment.recorded: a payment or refund was recorded on one of your deals (never the creator's note)",
    RECEIVABLE_OVERDUE:
      'receivable.overdue: something owed on one of your deals passed its due date unpaid (once per receivable and due date)',
    RESCHEDULE_PROPOSED: 'reschedule.proposed: the creator proposed to move a deliverable',
    RESCHEDULE_ACCEPTED: 'reschedule.accepted: the brand accepted a move (the deliverable moved)',
    RESCHEDULE_DECLINED: 'reschedule.declined: the brand declined a move (nothing moved)',
    RESCHEDULE_WITHDRAWN: 'reschedule.withdrawn: the creator withdrew a proposed move',
    DRAFT_SUBMITTED: 'draft.submitted: the creator submitted a draft for the brand to review',
    DRAFT_REVIEWED: 'draft.reviewed: the brand approved a draft or asked for changes',
  },
);

export function eventTypeOf(name: WebhookEventName): WebhookEventType {
  return WEBHOOK_EVENT_TYPES[WEBHOOK_EVENT_NAMES.indexOf(name)];
}

export function eventNameOf(type: string): WebhookEventName | null {
  const index = (WEBHOOK_EVENT_TYPES as readonly string[]).indexOf(type);
  return index < 0 ? null : WEBHOOK_EVENT_NAMES[index];
}

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const WebhookDeliveryStatusEnum = graphqlEnum(
  DELIVERY_STATUSES,
  'WebhookDeliveryStatus',
  'Where a delivery stands',
  {
    PENDING: 'Queued, or being retried after a failed attempt',
    DELIVERED: 'The endpoint answered 2xx',
    FAILED: 'Gave up after the last attempt',
  },
);

@ObjectType({
  description: 'An endpoint that receives signed event deliveries',
  implements: () => [Node],
})
export class Webhook {
  @Field(() => ID, { description: "The endpoint's id" }) id: string;
  @Field({ description: 'The http(s) URL each delivery is POSTed to' }) url: string;
  @Field(() => [WebhookEventTypeEnum], { description: 'The events it subscribes to' })
  events: WebhookEventName[];
  @Field(() => ID, {
    nullable: true,
    description: "Set for a brand's endpoint: it hears about that brand's deals only",
  })
  brandId: string | null;
  @Field({ description: 'When it was registered' }) createdAt: Date;
}

@ObjectType({
  description: 'What createWebhook did: the endpoint and its signing secret (shown only here)',
})
export class CreateWebhookPayload extends MutationPayload {
  @Field(() => Webhook, {
    nullable: true,
    description: 'The endpoint registered; null when refused',
  })
  webhook: Webhook | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Signs every delivery (Deal-Ledger-Signature). Shown only here: store it now; delete and re-create the endpoint to change it. Null when refused',
  })
  secret: string | null;
}

@ObjectType({ description: 'What deleteWebhook did' })
export class DeleteWebhookPayload extends MutationPayload {
  @Field(() => ID, {
    nullable: true,
    description: 'The id of the endpoint deleted; null when refused',
  })
  deletedWebhookId: string | null;
}

@ObjectType({ description: 'What sendTestWebhook did' })
export class SendTestWebhookPayload extends MutationPayload {
  @Field(() => WebhookDelivery, {
    nullable: true,
    description: 'The queued webhook.test delivery; null when refused',
  })
  webhookDelivery: WebhookDelivery | null;
}

@ObjectType({ description: 'One try at sending a delivery' })
export class WebhookDeliveryAttempt {
  @Field(() => Int, { description: '1 for the first try, then 2, 3, …' }) attempt: number;
  @Field({ description: 'When the request was sent' }) startedAt: Date;
  @Field(() => Int, { description: 'How long until the answer (or the failure), in ms' })
  durationMs: number;
  @Field(() => Int, { nullable: true, description: 'Null when no HTTP answer came' })
  statusCode: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Why the attempt failed (a network error, a non-2xx answer); null on success',
  })
  error: string | null;
}

@ObjectType({
  description: 'One event sent (or being sent) to one endpoint',
  implements: () => [Node],
})
export class WebhookDelivery {
  @Field(() => ID, {
    description:
      "The delivery's id (the Deal-Ledger-Delivery-Id header): node(id) finds it again for whoever manages its endpoint",
  })
  id: string;
  @Field(() => ID, { description: 'The body\'s "id": the same for every endpoint' })
  eventId: string;
  @Field({ description: 'e.g. deliverable.posted' }) eventType: string;
  @Field(() => WebhookDeliveryStatusEnum, { description: 'Where the delivery stands' })
  status: DeliveryStatus;
  @Field(() => Int, { description: 'Attempts made (or in flight)' }) attempts: number;
  @Field(() => Int, {
    nullable: true,
    description: "The last attempt's HTTP status; null before any answer",
  })
  lastStatusCode: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed; null when it did not',
  })
  lastError: string | null;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (PENDING only)' })
  nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When a 2xx answer came (DELIVERED only)' })
  deliveredAt: Date | null;
  @Field({ description: 'When the delivery was queued' }) createdAt: Date;
  @Field({ description: 'The exact JSON body sent and signed' }) body: string;
}

@ObjectType({ description: "A page of an endpoint's delivery log, newest first" })
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}
