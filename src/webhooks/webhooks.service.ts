import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { sql, sqlText } from '../common/database/sql';
import { notFound } from '../common/errors/app-error';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type Connection,
  invalidCursor,
} from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { AppConfig } from '../config/app-config';
import { returnedRows } from '../platforms/platform.rows';
import type { CreateWebhookInput, WebhookDeliveriesArgs } from './dto/webhook.input';
import { envelopeBody } from './payloads';
import { checkWebhookUrl } from './url-policy';
import { TEST_EVENT_TYPE } from '../infrastructure/outbox/webhook-events';
import { visibleWebhooks } from './webhook.repository';
import { brandRequired, tooManyWebhooks, urlRefused } from './webhooks.errors';
import {
  eventNameOf,
  eventTypeOf,
  type CreateWebhookPayload,
  type DeliveryStatus,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventName,
} from './webhook.model';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';

/** Endpoints one owner (a user, or a brand) may register. */
export const MAX_WEBHOOKS_PER_OWNER = 20;

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  brand_id: string | null;
  created_at: Date;
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

export const DELIVERY_COLUMNS = `d.id, d.seq::text AS seq, d.event_id, e.type AS event_type, d.status, d.attempts,
  d.last_status_code, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.body`;

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events.map(eventNameOf).filter((name): name is WebhookEventName => name !== null),
    brandId: row.brand_id,
    createdAt: new Date(row.created_at),
  };
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at ? new Date(row.next_attempt_at) : null,
    deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null,
    createdAt: new Date(row.created_at),
    body: row.body,
  };
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async create(viewer: Viewer, input: CreateWebhookInput): Promise<CreateWebhookPayload> {
    const verdict = checkWebhookUrl(
      input.url.trim(),
      !this.config.isProduction || this.config.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    );
    if (!verdict.ok) throw urlRefused(verdict.message, verdict.reason);
    const events = [...new Set(input.events)].map(eventTypeOf);
    let creatorId: string | null = null;
    let brandId: string | null = null;
    if (input.brandId != null) {
      // Another brand's id reads as missing, like every other tenant's record.
      if (!isUuid(input.brandId) || !viewer.brandIds.includes(input.brandId)) {
        throw notFound('Brand', input.brandId);
      }
      brandId = input.brandId;
    } else if (viewer.role === 'CREATOR' && viewer.creatorId) {
      creatorId = viewer.creatorId;
    } else if (!viewer.isAdmin) {
      throw brandRequired();
    }
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return runTransaction(this.dataSource, async (manager) => {
      // Idempotency-Key: taken in this transaction, so a retry cannot register a second endpoint.
      await claimIdempotencyKey(manager);
      const [{ count }] = await manager.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM webhooks
          WHERE ${brandId ? 'brand_id = $1' : 'brand_id IS NULL AND owner_user_id = $1'}`,
        [brandId ?? viewer.userId],
      );
      if (count >= MAX_WEBHOOKS_PER_OWNER) {
        throw tooManyWebhooks(MAX_WEBHOOKS_PER_OWNER);
      }
      const [row] = await manager.query<WebhookRow[]>(
        `INSERT INTO webhooks (owner_user_id, creator_id, brand_id, url, events, secret)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, url, events, brand_id, created_at`,
        [viewer.userId, creatorId, brandId, verdict.url.toString(), events, secret],
      );
      return { webhook: toWebhook(row), secret };
    });
  }

  async list(viewer: Viewer): Promise<Webhook[]> {
    const statement = sql`SELECT w.id, w.url, w.events, w.brand_id, w.created_at FROM webhooks w
        WHERE ${visibleWebhooks(viewer, 'w')} ORDER BY w.created_at, w.id`;
    const rows = await this.dataSource.query<WebhookRow[]>(statement.text, statement.values);
    return rows.map(toWebhook);
  }

  async delete(viewer: Viewer, id: string): Promise<string> {
    if (!isUuid(id)) throw notFound('Webhook', id);
    const statement = sql`DELETE FROM webhooks w WHERE w.id = ${id} AND ${visibleWebhooks(viewer, 'w')} RETURNING w.id`;
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(statement.text, statement.values),
    );
    if (rows.length === 0) throw notFound('Webhook', id);
    return id;
  }

  /** Queues a webhook.test event for this endpoint alone; the worker sends it like any other. */
  async sendTest(viewer: Viewer, id: string): Promise<WebhookDelivery> {
    const webhook = await this.findOwned(viewer, id);
    return runTransaction(this.dataSource, async (manager) => {
      const [event] = await manager.query<Array<{ id: string; created_at: Date }>>(
        `INSERT INTO webhook_events (type, data, fanned_out_at)
         VALUES ($1, $2, now()) RETURNING id, created_at`,
        [TEST_EVENT_TYPE, JSON.stringify({ webhookId: webhook.id })],
      );
      const body = envelopeBody({
        id: event.id,
        type: TEST_EVENT_TYPE,
        createdAt: new Date(event.created_at).toISOString(),
        data: { webhookId: webhook.id, message: 'A test delivery from Deal Ledger' },
      });
      const [inserted] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, body, next_attempt_at)
         VALUES ($1, $2, $3, now()) RETURNING id`,
        [webhook.id, event.id, body],
      );
      const [row] = await manager.query<DeliveryRow[]>(
        `SELECT ${DELIVERY_COLUMNS}
           FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
          WHERE d.id = $1`,
        [inserted.id],
      );
      return toDelivery(row);
    });
  }

  /** The delivery log of one endpoint, newest first. */
  async deliveries(
    viewer: Viewer,
    args: WebhookDeliveriesArgs,
  ): Promise<Connection<WebhookDelivery>> {
    const webhook = await this.findOwned(viewer, args.webhookId);
    const size = pageSize(args);
    const params: unknown[] = [webhook.id];
    let after = '';
    if (args.after) {
      const [seq, id] = decodeCursor(args.after);
      if (!/^\d{1,19}$/.test(seq) || !isUuid(id)) throw invalidCursor();
      params.push(seq);
      after = `AND d.seq < $2::bigint`;
    }
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query<Array<{ total: number }>>(
        `SELECT count(*)::int AS total FROM webhook_deliveries WHERE webhook_id = $1`,
        [webhook.id],
      ),
      this.dataSource.query<DeliveryRow[]>(
        `SELECT ${DELIVERY_COLUMNS}
           FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
          WHERE d.webhook_id = $1 ${after}
          ORDER BY d.seq DESC
          LIMIT ${size + 1}`,
        params,
      ),
    ]);
    return toConnection(rows, size, total, (row) => [row.seq, row.id], toDelivery);
  }

  /**
   * `deliveries` for many endpoints in one windowed statement: each endpoint's newest `limit`
   * deliveries before `beforeSeq` (the cursor's), with the endpoint's whole count, for the
   * endpoints `visibleWebhooks` admits (any other has no rows).
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

  /** Deliveries by id, for the endpoints `visibleWebhooks` admits (one statement). */
  async visibleDeliveries(viewer: Viewer, ids: readonly string[]): Promise<WebhookDelivery[]> {
    const statement = sql`SELECT ${sqlText(DELIVERY_COLUMNS)}
        FROM webhook_deliveries d
        JOIN webhook_events e ON e.id = d.event_id
        JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.id = ANY(${[...ids]}::uuid[]) AND ${visibleWebhooks(viewer, 'w')}`;
    const rows = await this.dataSource.query<DeliveryRow[]>(statement.text, statement.values);
    return rows.map(toDelivery);
  }

  private async findOwned(viewer: Viewer, id: string): Promise<Webhook> {
    if (!isUuid(id)) throw notFound('Webhook', id);
    const statement = sql`SELECT w.id, w.url, w.events, w.brand_id, w.created_at FROM webhooks w
        WHERE w.id = ${id} AND ${visibleWebhooks(viewer, 'w')}`;
    const [row] = await this.dataSource.query<WebhookRow[]>(statement.text, statement.values);
    if (!row) throw notFound('Webhook', id);
    return toWebhook(row);
  }
}
