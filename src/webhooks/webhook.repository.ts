import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { keysetSqlPage } from '../common/database/keyset-page';
import { identifier, sql, sqlText, type Sql } from '../common/database/sql';
import { isSequenceKey, type Connection, type PageRequest } from '../common/graphql/pagination';
import type { DeliverableShape, OutageShape } from '../infrastructure/outbox/webhook-events';
import { returnedRows } from '../platforms/platform.rows';
import type { DeliveryStatus } from './webhook.model';

/**
 * The access rule for webhook endpoints (subscriptions), written once: which endpoints a caller
 * manages, and so whose delivery log they read (deliveries are reached only through an endpoint
 * this rule admits; anything else is NOT_FOUND).
 *
 * - any user: the endpoints they registered for themselves (no brand)
 * - brand member: besides, every endpoint of the brands they belong to, whoever registered it
 *
 * Administrators get no more than anyone else. `webhookAlias` names the `webhooks` row.
 */
export function visibleWebhooks(viewer: Viewer, webhookAlias: string): Sql {
  const webhook = identifier(webhookAlias);
  return sql`((${webhook}.brand_id IS NULL AND ${webhook}.owner_user_id = ${viewer.userId}) OR ${webhook}.brand_id = ANY (${viewer.brandIds}::uuid[]))`;
}

/** An endpoint as the fan-out reads it, with whether its owner is an administrator. */
export interface WebhookRecipient {
  id: string;
  creator_id: string | null;
  brand_id: string | null;
  /** An administrator's own (non-brand) endpoint. */
  is_admin: boolean;
}

/**
 * Which endpoints may hear about deliverables of these creators and brands, in SQL: the
 * creators' own endpoints, the brands' endpoints (only while the member who registered one still
 * belongs to the brand) and, with `admins`, every administrator's own endpoints.
 * `webhookAlias` names the `webhooks` row, `ownerAlias` the `users` row of its owner.
 */
export function webhookRecipients(
  webhookAlias: string,
  ownerAlias: string,
  audience: { creatorIds: string[]; brandIds: string[]; admins: boolean },
): Sql {
  const webhook = identifier(webhookAlias);
  const owner = identifier(ownerAlias);
  return sql`(${webhook}.creator_id = ANY (${audience.creatorIds}::uuid[])
               OR (${webhook}.brand_id = ANY (${audience.brandIds}::uuid[])
                   AND EXISTS (SELECT 1 FROM brand_members m
                                WHERE m.brand_id = ${webhook}.brand_id AND m.user_id = ${webhook}.owner_user_id))
               OR (${audience.admins} AND ${webhook}.brand_id IS NULL AND ${owner}.is_admin))`;
}

/**
 * The same rule for one deliverable, on an endpoint `webhookRecipients` returned: its creator's,
 * its deal's brand's and, with `admins`, an administrator's own endpoint hear of it.
 */
export function recipientHears(
  endpoint: WebhookRecipient,
  deliverable: { creatorId: string; brandId: string },
  admins: boolean,
): boolean {
  return (
    (admins && endpoint.is_admin && !endpoint.brand_id) ||
    deliverable.creatorId === endpoint.creator_id ||
    deliverable.brandId === endpoint.brand_id
  );
}

/** A `webhooks` row as the API returns it. */
export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  brand_id: string | null;
  created_at: Date;
}

/** A `webhook_deliveries` row with its event's type, as the delivery log shows it. */
export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

export interface DeliveryRow {
  id: string;
  seq: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  body: string;
}

/** Columns to select (`d` the delivery, `e` its event) for a {@link DeliveryRow}. */
export const DELIVERY_COLUMNS = `d.id, d.seq::text AS seq, d.event_id, e.type AS event_type, d.status, d.attempts,
  d.last_status_code, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.body`;

/** A delivery claimed for sending, with its endpoint's url and secret. */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  body: string;
  attempts: number;
  claim_id: string;
  url: string;
  secret: string;
}

export type SerializedOutageShape = Omit<OutageShape, 'startsAt' | 'endsAt'> & {
  startsAt: string;
  endsAt: string | null;
};
export type SerializedDeliverableShape = Omit<DeliverableShape, 'scheduledAt' | 'dueAt'> & {
  scheduledAt: string;
  dueAt: string;
};

/** An outbox row claimed for fan-out. */
export interface EventRow {
  id: string;
  type: string;
  outage_id: string | null;
  deliverable_id: string | null;
  deal_id: string | null;
  data: Record<string, unknown>;
  reevaluate: {
    previousOutage?: SerializedOutageShape | null | 'OPEN_ENDED';
    previousDeliverable?: SerializedDeliverableShape;
  } | null;
  created_at: Date;
  claim_id: string;
}

/**
 * Every statement on webhooks, their outbox events, deliveries and attempts. Methods that take an
 * `EntityManager` run inside the caller's transaction; the others use the pool.
 */
@Injectable()
export class WebhookRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- endpoints -------------------------------------------------------------------------------

  /** How many endpoints an owner has: a brand's, or else a user's own (non-brand) ones. */
  async countOwned(
    manager: EntityManager,
    owner: { brandId: string | null; userId: string },
  ): Promise<number> {
    const where = owner.brandId
      ? sql`brand_id = ${owner.brandId}`
      : sql`brand_id IS NULL AND owner_user_id = ${owner.userId}`;
    const statement = sql`SELECT count(*)::int AS count FROM webhooks
          WHERE ${where}`;
    const [{ count }] = await manager.query<Array<{ count: number }>>(
      statement.text,
      statement.values,
    );
    return count;
  }

  async insert(
    manager: EntityManager,
    webhook: {
      ownerUserId: string;
      creatorId: string | null;
      brandId: string | null;
      url: string;
      events: string[];
      secret: string;
    },
  ): Promise<WebhookRow> {
    const statement = sql`INSERT INTO webhooks (owner_user_id, creator_id, brand_id, url, events, secret)
         VALUES (${webhook.ownerUserId}, ${webhook.creatorId}, ${webhook.brandId}, ${webhook.url}, ${webhook.events}, ${webhook.secret})
         RETURNING id, url, events, brand_id, created_at`;
    const [row] = await manager.query<WebhookRow[]>(statement.text, statement.values);
    return row;
  }

  /** The endpoints `visibleWebhooks` admits, oldest first. */
  listVisible(viewer: Viewer): Promise<WebhookRow[]> {
    const statement = sql`SELECT w.id, w.url, w.events, w.brand_id, w.created_at FROM webhooks w
        WHERE ${visibleWebhooks(viewer, 'w')} ORDER BY w.created_at, w.id`;
    return this.dataSource.query<WebhookRow[]>(statement.text, statement.values);
  }

  async findVisible(viewer: Viewer, id: string): Promise<WebhookRow | undefined> {
    const statement = sql`SELECT w.id, w.url, w.events, w.brand_id, w.created_at FROM webhooks w
        WHERE w.id = ${id} AND ${visibleWebhooks(viewer, 'w')}`;
    const [row] = await this.dataSource.query<WebhookRow[]>(statement.text, statement.values);
    return row;
  }

  /** Deletes the endpoint if `visibleWebhooks` admits it; whether a row went. */
  async deleteVisible(viewer: Viewer, id: string): Promise<boolean> {
    const statement = sql`DELETE FROM webhooks w WHERE w.id = ${id} AND ${visibleWebhooks(viewer, 'w')} RETURNING w.id`;
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(statement.text, statement.values),
    );
    return rows.length > 0;
  }

  /**
   * Endpoints subscribed to `type` that `webhookRecipients` admits for this audience, with
   * whether each is an administrator's own.
   */
  recipients(
    type: string,
    audience: { creatorIds: string[]; brandIds: string[]; admins: boolean },
  ): Promise<WebhookRecipient[]> {
    const statement = sql`SELECT w.id, w.creator_id, w.brand_id, (w.brand_id IS NULL AND u.is_admin) AS is_admin
         FROM webhooks w
         JOIN users u ON u.id = w.owner_user_id
        WHERE ${type} = ANY (w.events)
          AND ${webhookRecipients('w', 'u', audience)}
        ORDER BY w.id`;
    return this.dataSource.query<WebhookRecipient[]>(statement.text, statement.values);
  }

  // --- outbox events ---------------------------------------------------------------------------

  /** An event recorded as already fanned out (its deliveries are written by the caller). */
  async insertFannedOutEvent(
    manager: EntityManager,
    type: string,
    data: Record<string, unknown>,
  ): Promise<{ id: string; created_at: Date }> {
    const statement = sql`INSERT INTO webhook_events (type, data, fanned_out_at)
         VALUES (${type}, ${JSON.stringify(data)}, now()) RETURNING id, created_at`;
    const [event] = await manager.query<Array<{ id: string; created_at: Date }>>(
      statement.text,
      statement.values,
    );
    return event;
  }

  /**
   * Claims up to `limit` pending events under a lease of `leaseSeconds`, in one statement:
   * SKIP LOCKED keeps other workers off the same rows.
   */
  async claimPendingEvents(
    limit: number,
    claimId: string,
    leaseSeconds: number,
  ): Promise<EventRow[]> {
    const statement = sql`WITH pending AS (
         SELECT id FROM webhook_events
          WHERE fanned_out_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY seq
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
       UPDATE webhook_events e
          SET claim_id = ${claimId}, claimed_until = now() + make_interval(secs => ${leaseSeconds})
         FROM pending WHERE e.id = pending.id
       RETURNING e.id, e.type, e.outage_id, e.deliverable_id, e.deal_id, e.data, e.reevaluate, e.created_at, e.claim_id`;
    return returnedRows<EventRow>(await this.dataSource.query(statement.text, statement.values));
  }

  /** Marks a claimed event fanned out; false when the claim no longer holds. */
  async markFannedOut(manager: EntityManager, id: string, claimId: string): Promise<boolean> {
    const statement = sql`UPDATE webhook_events SET fanned_out_at = now(), claim_id = NULL, claimed_until = NULL
        WHERE id = ${id} AND claim_id = ${claimId} AND fanned_out_at IS NULL
       RETURNING id`;
    const marked = returnedRows<{ id: string }>(
      await manager.query(statement.text, statement.values),
    );
    return marked.length > 0;
  }

  /** A child event of a re-evaluation, recorded as fanned out (a repeat is ignored). */
  async insertChildEvent(
    manager: EntityManager,
    event: {
      id: string;
      type: string;
      deliverableId: string;
      dealId: string;
      data: Record<string, unknown>;
      parentId: string;
      createdAt: Date;
    },
  ): Promise<void> {
    const statement = sql`INSERT INTO webhook_events (id, type, deliverable_id, deal_id, data, parent_id, created_at, fanned_out_at)
           VALUES (${event.id}, ${event.type}, ${event.deliverableId}, ${event.dealId}, ${JSON.stringify(event.data)}, ${event.parentId}, ${event.createdAt}, now())
           ON CONFLICT DO NOTHING`;
    await manager.query(statement.text, statement.values);
  }

  // --- deliveries ------------------------------------------------------------------------------

  /** One delivery due now; its id. */
  async insertDelivery(
    manager: EntityManager,
    webhookId: string,
    eventId: string,
    body: string,
  ): Promise<string> {
    const statement = sql`INSERT INTO webhook_deliveries (webhook_id, event_id, body, next_attempt_at)
         VALUES (${webhookId}, ${eventId}, ${body}, now()) RETURNING id`;
    const [inserted] = await manager.query<Array<{ id: string }>>(statement.text, statement.values);
    return inserted.id;
  }

  /**
   * Deliveries of one event, due now, one per endpoint with its body. INSERT … SELECT: an
   * endpoint deleted meanwhile is skipped rather than failing the batch; a repeat is ignored.
   */
  async insertDeliveries(
    manager: EntityManager,
    eventId: string,
    webhookIds: string[],
    bodies: string[],
  ): Promise<void> {
    const statement = sql`INSERT INTO webhook_deliveries (webhook_id, event_id, body, next_attempt_at)
         SELECT w.id, ${eventId}, x.body, now()
           FROM unnest(${webhookIds}::uuid[], ${bodies}::text[]) AS x (webhook_id, body)
           JOIN webhooks w ON w.id = x.webhook_id
         ON CONFLICT (event_id, webhook_id) DO NOTHING`;
    await manager.query(statement.text, statement.values);
  }

  async deliveryById(manager: EntityManager, id: string): Promise<DeliveryRow> {
    const statement = sql`SELECT ${sqlText(DELIVERY_COLUMNS)}
           FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
          WHERE d.id = ${id}`;
    const [row] = await manager.query<DeliveryRow[]>(statement.text, statement.values);
    return row;
  }

  /** How many deliveries an endpoint has (unscoped: the caller checked the endpoint). */
  async countDeliveries(webhookId: string): Promise<number> {
    const statement = sql`SELECT count(*)::int AS total FROM webhook_deliveries WHERE webhook_id = ${webhookId}`;
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      statement.text,
      statement.values,
    );
    return total;
  }

  /**
   * One page of an endpoint's deliveries, newest first, forward or backward: one statement
   * (unscoped: the caller checked the endpoint). `total` is the caller's count.
   */
  deliveryPage(
    webhookId: string,
    paging: PageRequest,
    total: number,
  ): Promise<Connection<DeliveryRow>> {
    return keysetSqlPage(
      this.dataSource,
      {
        select: sqlText(DELIVERY_COLUMNS),
        from: sqlText('webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id'),
        where: [sql`d.webhook_id = ${webhookId}`],
        order: {
          columns: [sqlText('d.seq')],
          direction: 'DESC',
          cursorValues: (key) => (isSequenceKey(key) ? [sql`${key[0]}::bigint`] : null),
        },
        cursorOf: (row: DeliveryRow) => [row.seq, row.id],
      },
      paging,
      (row) => row,
      total,
    );
  }

  /**
   * Each endpoint's newest `limit` deliveries before `beforeSeq` (when given), with the
   * endpoint's whole count, for the endpoints `visibleWebhooks` admits (any other has no rows).
   */
  deliveriesOfWebhooks(
    viewer: Viewer,
    webhookIds: readonly string[],
    limit: number,
    beforeSeq: string | null,
  ): Promise<Array<DeliveryRow & { webhook_id: string; total: number }>> {
    const after = beforeSeq === null ? sqlText('TRUE') : sql`d.seq < ${beforeSeq}::bigint`;
    const statement = sql`SELECT page.* FROM (
        SELECT ${sqlText(DELIVERY_COLUMNS)}, d.webhook_id, d.seq AS seq_number,
               count(*) OVER (PARTITION BY d.webhook_id)::int AS total,
               ${after} AS after_cursor,
               ROW_NUMBER() OVER (PARTITION BY d.webhook_id, ${after} ORDER BY d.seq DESC) AS position
          FROM webhook_deliveries d
          JOIN webhook_events e ON e.id = d.event_id
          JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.webhook_id = ANY(${[...webhookIds]}::uuid[]) AND ${visibleWebhooks(viewer, 'w')}
      ) page
      WHERE page.after_cursor AND page.position <= ${limit}
      ORDER BY page.webhook_id, page.seq_number DESC`;
    return this.dataSource.query(statement.text, statement.values);
  }

  /**
   * The attempt logs of these deliveries, in attempt order. Unscoped: delivery ids reach it only
   * from a scoped query.
   */
  attemptsOfDeliveries(deliveryIds: readonly string[]): Promise<AttemptRow[]> {
    const statement = sql`SELECT delivery_id, attempt, started_at, duration_ms, status_code, error
        FROM webhook_delivery_attempts
       WHERE delivery_id = ANY(${[...deliveryIds]}::uuid[])
       ORDER BY delivery_id, attempt`;
    return this.dataSource.query<AttemptRow[]>(statement.text, statement.values);
  }

  /** Deliveries by id, for the endpoints `visibleWebhooks` admits (one statement). */
  visibleDeliveries(viewer: Viewer, ids: readonly string[]): Promise<DeliveryRow[]> {
    const statement = sql`SELECT ${sqlText(DELIVERY_COLUMNS)}
        FROM webhook_deliveries d
        JOIN webhook_events e ON e.id = d.event_id
        JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.id = ANY(${[...ids]}::uuid[]) AND ${visibleWebhooks(viewer, 'w')}`;
    return this.dataSource.query<DeliveryRow[]>(statement.text, statement.values);
  }

  /** Work waiting, for the outbox backlog metric: events not yet expanded, deliveries not done. */
  async backlog(): Promise<{ events: number; deliveries: number }> {
    const statement = sql`SELECT
         (SELECT count(*)::int FROM webhook_events WHERE fanned_out_at IS NULL) AS events,
         (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'PENDING') AS deliveries`;
    const [row] = returnedRows<{ events: number; deliveries: number }>(
      await this.dataSource.query(statement.text, statement.values),
    );
    return { events: Number(row?.events ?? 0), deliveries: Number(row?.deliveries ?? 0) };
  }

  /**
   * Claims up to `limit` due deliveries in one statement: SKIP LOCKED keeps other instances off
   * the same rows, and the claim (a claim id, an attempt counted, next_attempt_at moved
   * `leaseSeconds` ahead) is committed before any request is sent.
   */
  async claimDueDeliveries(
    limit: number,
    claimId: string,
    leaseSeconds: number,
  ): Promise<ClaimedDelivery[]> {
    const statement = sql`WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, seq
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries d
          SET claim_id = ${claimId}, attempts = d.attempts + 1, updated_at = now(),
              next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
         FROM due, webhooks w
        WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.event_id, d.body, d.attempts, d.claim_id, w.url, w.secret`;
    return returnedRows<ClaimedDelivery>(
      await this.dataSource.query(statement.text, statement.values),
    );
  }

  /**
   * Records an attempt's outcome on the delivery, guarded by the claim; false (nothing written)
   * when the claim expired and was taken over.
   */
  async recordOutcome(
    manager: EntityManager,
    delivery: { id: string; claimId: string },
    outcome: {
      status: DeliveryStatus;
      statusCode: number | null;
      error: string | null;
      retryInSeconds: number;
    },
  ): Promise<boolean> {
    const statement = sql`UPDATE webhook_deliveries
            SET status = ${outcome.status}, claim_id = NULL, updated_at = now(),
                last_status_code = ${outcome.statusCode}, last_error = ${outcome.error},
                delivered_at = CASE WHEN ${outcome.status}::text = 'DELIVERED' THEN now() END,
                next_attempt_at = CASE WHEN ${outcome.status}::text = 'PENDING' THEN now() + make_interval(secs => ${outcome.retryInSeconds}) END
          WHERE id = ${delivery.id} AND claim_id = ${delivery.claimId}
         RETURNING id`;
    const updated = returnedRows<{ id: string }>(
      await manager.query(statement.text, statement.values),
    );
    return updated.length > 0;
  }

  /** One attempt in the delivery's log (a repeat of the same attempt number is ignored). */
  async insertAttempt(
    manager: EntityManager,
    attempt: {
      deliveryId: string;
      attempt: number;
      startedAt: Date;
      durationMs: number;
      statusCode: number | null;
      error: string | null;
    },
  ): Promise<void> {
    const statement = sql`INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
         VALUES (${attempt.deliveryId}, ${attempt.attempt}, ${attempt.startedAt}, ${attempt.durationMs}, ${attempt.statusCode}, ${attempt.error})
         ON CONFLICT (delivery_id, attempt) DO NOTHING`;
    await manager.query(statement.text, statement.values);
  }
}
