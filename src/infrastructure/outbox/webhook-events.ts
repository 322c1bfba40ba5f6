import type { EntityManager } from 'typeorm';
import { formatMoney } from '../../common/money';

/**
 * The events a webhook endpoint can subscribe to. Producers (outages, deliverables, payments, the
 * overdue scan, the Statuspage importer) call `enqueueWebhookEvent` inside the transaction that
 * makes the change, so the event is stored if and only if the change commits (an outbox);
 * delivery happens later.
 */
export const WEBHOOK_EVENT_TYPES = [
  'deliverable.risk_changed',
  'deliverable.posted',
  'outage.recorded',
  'outage.ended',
  'payment.recorded',
  'receivable.overdue',
  'reschedule.proposed',
  'reschedule.accepted',
  'reschedule.declined',
  'reschedule.withdrawn',
  'draft.submitted',
  'draft.reviewed',
] as const satisfies readonly ChangeEventType[];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Every change the outbox records, read back by the `events` feed: the subscribable types and
 * those only the feed shows so far. The latter are written already fanned out (the worker never
 * claims them), so no endpoint hears of a type it did not subscribe to. The order is the feed's
 * (`EVENT_TYPE_NAMES` in events/event.model.ts follows it): a type that becomes subscribable
 * keeps its place here.
 */
export const CHANGE_EVENT_TYPES = [
  'deliverable.risk_changed',
  'deliverable.posted',
  'outage.recorded',
  'outage.ended',
  'deliverable.created',
  'deliverable.updated',
  'deliverable.moved',
  'deliverable.cancelled',
  'deal.status_changed',
  'outage.updated',
  'payment.recorded',
  'receivable.overdue',
  'reschedule.proposed',
  'reschedule.accepted',
  'reschedule.declined',
  'reschedule.withdrawn',
  'draft.submitted',
  'draft.reviewed',
] as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

/**
 * The deliverable fields whose change is a deliverable.moved (where and when it runs); a change
 * to any other field is a deliverable.updated. One update that does both writes both events,
 * each naming its own fields, so every changed field is in exactly one of them.
 */
export const MOVE_FIELDS = ['platform', 'scheduledAt', 'durationMinutes', 'dueAt'] as const;

/** The type of the event `sendTestWebhook` sends; no endpoint subscribes to it. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** An outage as it was before a change, for working out whose risk the change moved. */
export interface OutageShape {
  startsAt: Date;
  endsAt: Date | null;
  severity: 'FULL' | 'PARTIAL';
  degradationBps: number;
  platformIds: string[];
}

/** A deliverable's scheduling fields before a change. */
export interface DeliverableShape {
  platformId: string;
  scheduledAt: Date;
  durationMinutes: number;
  dueAt: Date;
  timing: 'FLEXIBLE' | 'FIXED';
}

export interface WebhookEventInput {
  type: ChangeEventType;
  /** Set for outage.* events: recipients are the owners of the deliverables the outage hits. */
  outageId?: string;
  /**
   * Set for deliverable.* events (recipients are the deal's creator and brand), and for a
   * receivable.overdue of a deliverable (the feed's `deliverable` edge).
   */
  deliverableId?: string;
  /**
   * Set for every event but outage.*: the deal the feed shows it to the parties of; for
   * payment.recorded and receivable.overdue also the recipients (the deal's creator and brand).
   */
  dealId?: string;
  /** Who made the change (null: the system, or an import run without a user). */
  actorUserId?: string | null;
  /** Event-specific body fields (JSON-serialisable; money as decimal strings, times as ISO 8601). */
  data: Record<string, unknown>;
  /**
   * outage.* only: the outage before this change, so the deliverables whose risk it moves get a
   * deliverable.risk_changed each. Omitted: none for outage.recorded (the outage is new), and
   * the same outage still open-ended for outage.ended.
   */
  previousOutage?: OutageShape | null;
}

/**
 * Stores one event in the outbox using the caller's transaction (`manager`). Which endpoints
 * receive it, and with what body, is worked out by the webhook worker from this row (durable:
 * if the process stops, the next worker picks the row up). outage.recorded and outage.ended
 * also queue a risk re-evaluation of the deliverables the outage hits before or after.
 */
export async function enqueueWebhookEvent(
  manager: EntityManager,
  event: WebhookEventInput,
): Promise<void> {
  await enqueueWebhookEvents(manager, [event]);
}

/**
 * {@link enqueueWebhookEvent} for many events at once (an import): one INSERT for all of them,
 * stored in the order given (their `seq`), whatever their number; then the risk re-evaluations
 * outage.* events queue, in the same order.
 */
export async function enqueueWebhookEvents(
  manager: EntityManager,
  events: readonly WebhookEventInput[],
): Promise<void> {
  events.forEach(checkEvent);
  if (events.length === 0) return;
  // Arrays, not a placeholder per value: any number of events stays within the bind limit.
  await manager.query(
    `INSERT INTO webhook_events (type, outage_id, deliverable_id, deal_id, actor_user_id, data, fanned_out_at)
     SELECT e.type, e.outage_id, e.deliverable_id, e.deal_id, e.actor_user_id, e.data::jsonb,
            CASE WHEN e.subscribable THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::boolean[])
            WITH ORDINALITY AS e(type, outage_id, deliverable_id, deal_id, actor_user_id, data, subscribable, ord)
      ORDER BY e.ord`,
    [
      events.map((event) => event.type),
      events.map((event) => event.outageId ?? null),
      events.map((event) => event.deliverableId ?? null),
      events.map((event) => event.dealId ?? null),
      events.map((event) => event.actorUserId ?? null),
      events.map((event) => JSON.stringify(event.data)),
      // Not subscribable (yet): stored as fanned out, so the worker never expands it.
      events.map((event) => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type)),
    ],
  );
  for (const event of events) {
    if (!event.type.startsWith('outage.') || !event.outageId) continue;
    if (event.previousOutage !== undefined) {
      await enqueueOutageRiskReevaluation(manager, event.outageId, event.previousOutage);
    } else if (event.type === 'outage.recorded') {
      await enqueueOutageRiskReevaluation(manager, event.outageId, null);
    } else if (event.type === 'outage.ended') {
      await enqueueOutageRiskReevaluation(manager, event.outageId, 'OPEN_ENDED');
    }
  }
}

/** Refuses an event the outbox cannot route: an unknown type, or one without the ids it needs. */
function checkEvent(event: WebhookEventInput): void {
  if (!(CHANGE_EVENT_TYPES as readonly string[]).includes(event.type)) {
    throw new Error(`Unknown webhook event type ${event.type}`);
  }
  const isOutageEvent = event.type.startsWith('outage.');
  if (isOutageEvent && !event.outageId) throw new Error(`${event.type} needs an outageId`);
  if (event.type.startsWith('deliverable.') && !event.deliverableId)
    throw new Error(`${event.type} needs a deliverableId`);
  if (!isOutageEvent && !event.dealId) throw new Error(`${event.type} needs a dealId`);
}

/**
 * Queues "compare every deliverable's risk with the outage as it was (`previous`; null = it did
 * not exist; OPEN_ENDED = the same without an end) and as it is now": each deliverable whose risk
 * moved gets a deliverable.risk_changed event. For changes that are not an outage.* event
 * (a new window, other platforms, another severity).
 */
export async function enqueueOutageRiskReevaluation(
  manager: EntityManager,
  outageId: string,
  previous: OutageShape | null | 'OPEN_ENDED',
): Promise<void> {
  await manager.query(
    `INSERT INTO webhook_events (type, outage_id, reevaluate) VALUES ('deliverable.risk_changed', $1, $2)`,
    [outageId, JSON.stringify({ previousOutage: previous })],
  );
}

/**
 * Queues "compare the deliverable's risk as it was scheduled (`previous`) with now": a
 * deliverable.risk_changed follows only if it moved (a reschedule that dodges or walks into an
 * outage).
 */
export async function enqueueDeliverableRiskReevaluation(
  manager: EntityManager,
  deliverableId: string,
  previous: DeliverableShape,
  dealId?: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO webhook_events (type, deliverable_id, deal_id, reevaluate) VALUES ('deliverable.risk_changed', $1, $2, $3)`,
    [deliverableId, dealId ?? null, JSON.stringify({ previousDeliverable: previous })],
  );
}

/** The body fields of outage.* events. */
export function outageEventData(
  outage: {
    id: string;
    title: string;
    startsAt: Date;
    endsAt: Date | null;
    severity: string;
    degradationBps: number;
    source: string;
    externalId: string | null;
  },
  platformSlugs: string[],
): Record<string, unknown> {
  return {
    outage: {
      id: outage.id,
      title: outage.title,
      startsAt: outage.startsAt.toISOString(),
      endsAt: outage.endsAt?.toISOString() ?? null,
      severity: outage.severity,
      degradationBps: outage.degradationBps,
      source: outage.source,
      externalId: outage.externalId,
      platforms: [...platformSlugs].sort(),
    },
  };
}

/** A receivable as the overdue scan found it (the engine's `Receivable` fits). */
export interface OverdueReceivable {
  id: string;
  kind: string;
  dealId: string;
  deliverableId: string | null;
  currency: string;
  /** Minor units of `currency`. */
  owed: bigint;
  open: bigint;
  dueAt: Date;
  daysOverdue: number;
}

/**
 * The stored fields of a receivable.overdue event: money as decimal strings in the deal's
 * currency, times as ISO 8601. What a webhook body shows of them is `receivableOverdueData`
 * (webhooks/payloads.ts).
 */
export function receivableOverdueEventData(receivable: OverdueReceivable): Record<string, unknown> {
  return {
    receivable: {
      id: receivable.id,
      kind: receivable.kind,
      dealId: receivable.dealId,
      deliverableId: receivable.deliverableId,
      currency: receivable.currency,
      owed: formatMoney(receivable.owed, receivable.currency),
      open: formatMoney(receivable.open, receivable.currency),
      dueAt: receivable.dueAt.toISOString(),
      daysOverdue: receivable.daysOverdue,
    },
  };
}

/** A reschedule proposal as its events store it (see `rescheduleEventData`). */
export interface RescheduleEventSource {
  readonly id: string;
  readonly dealId: string;
  readonly deliverableId: string;
  readonly state: string;
  readonly original: { platformSlug: string; scheduledAt: Date; dueAt: Date };
  readonly proposed: { platformSlug: string; scheduledAt: Date; dueAt: Date };
  readonly outageIds: readonly string[];
  /** The engine's figures now and if accepted, already in their stored (decimal string) form. */
  readonly atStake: Record<string, unknown>;
  /** The note of the side that acted: the creator's proposal, the brand's answer. */
  readonly note: string;
}

/** The stored data of a reschedule.* event: both parties read all of it. */
export function rescheduleEventData(proposal: RescheduleEventSource): Record<string, unknown> {
  const slot = (s: RescheduleEventSource['original']) => ({
    platform: s.platformSlug,
    scheduledAt: s.scheduledAt.toISOString(),
    dueAt: s.dueAt.toISOString(),
  });
  return {
    proposal: {
      id: proposal.id,
      dealId: proposal.dealId,
      deliverableId: proposal.deliverableId,
      state: proposal.state,
      original: slot(proposal.original),
      proposed: slot(proposal.proposed),
      outageIds: [...proposal.outageIds],
      atStake: proposal.atStake,
      note: proposal.note,
    },
  };
}

/** A content draft as its events store it (see `draftEventData`). */
export interface DraftEventSource {
  readonly id: string;
  readonly dealId: string;
  readonly deliverableId: string;
  readonly round: number;
  readonly url: string | null;
  readonly state: string;
  /** The note of the side that acted: the creator's submission, the brand's review. */
  readonly note: string;
}

/** The stored data of a draft.* event: both parties read all of it. */
export function draftEventData(draft: DraftEventSource): Record<string, unknown> {
  return {
    draft: {
      id: draft.id,
      dealId: draft.dealId,
      deliverableId: draft.deliverableId,
      round: draft.round,
      url: draft.url,
      state: draft.state,
      note: draft.note,
    },
  };
}
