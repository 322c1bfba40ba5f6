import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { ConnectionType } from '../common/graphql/pagination';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../infrastructure/outbox/webhook-events';

/** GraphQL names of the event types (dots are not allowed in enum values). */
export const WEBHOOK_EVENT_NAMES = [
  'DELIVERABLE_RISK_CHANGED',
  'DELIVERABLE_POSTED',
  'OUTAGE_RECORDED',
  'OUTAGE_ENDED',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

export const WebhookEventTypeEnum = graphqlEnum(
  WEBHOOK_EVENT_NAMES,
  'WebhookEventType',
  'DELIVERABLE_RISK_CHANGED is sent as "deliverable.risk_changed" in the body, and so on',
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
  'PENDING: queued or being retried; DELIVERED: a 2xx answer; FAILED: gave up after the last attempt',
);

@ObjectType({
  description: 'An endpoint that receives signed event deliveries',
  implements: () => [Node],
})
export class Webhook {
  @Field(() => ID) id: string;
  @Field() url: string;
  @Field(() => [WebhookEventTypeEnum]) events: WebhookEventName[];
  @Field(() => ID, {
    nullable: true,
    description: "Set for a brand's endpoint: it hears about that brand's deals only",
  })
  brandId: string | null;
  @Field() createdAt: Date;
}

@ObjectType()
export class CreateWebhookPayload {
  @Field(() => Webhook) webhook: Webhook;
  @Field({
    description:
      'Signs every delivery (Deal-Ledger-Signature). Shown only here: store it now; delete and re-create the endpoint to change it',
  })
  secret: string;
}

@ObjectType({ description: 'One try at sending a delivery' })
export class WebhookDeliveryAttempt {
  @Field(() => Int) attempt: number;
  @Field() startedAt: Date;
  @Field(() => Int) durationMs: number;
  @Field(() => Int, { nullable: true, description: 'Null when no HTTP answer came' })
  statusCode: number | null;
  @Field(() => String, { nullable: true }) error: string | null;
}

@ObjectType({ description: 'One event sent (or being sent) to one endpoint' })
export class WebhookDelivery {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The body\'s "id": the same for every endpoint' })
  eventId: string;
  @Field({ description: 'e.g. deliverable.posted' }) eventType: string;
  @Field(() => WebhookDeliveryStatusEnum) status: DeliveryStatus;
  @Field(() => Int, { description: 'Attempts made (or in flight)' }) attempts: number;
  @Field(() => Int, { nullable: true }) lastStatusCode: number | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (PENDING only)' })
  nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
  @Field() createdAt: Date;
  @Field({ description: 'The exact JSON body sent and signed' }) body: string;
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}
