import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { notFound } from '../common/errors/app-error';
import { mapNodes, pageWindow, type Connection } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { AppConfig } from '../config/app-config';
import type { CreateWebhookInput, WebhookDeliveriesArgs } from './dto/webhook.input';
import { envelopeBody } from './payloads';
import { checkWebhookUrl } from './url-policy';
import { TEST_EVENT_TYPE } from '../infrastructure/outbox/webhook-events';
import { WebhookRepository, type DeliveryRow, type WebhookRow } from './webhook.repository';
import { brandRequired, tooManyWebhooks, urlRefused } from './webhooks.errors';
import {
  eventNameOf,
  eventTypeOf,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventName,
} from './webhook.model';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';

/** Endpoints one owner (a user, or a brand) may register. */
export const MAX_WEBHOOKS_PER_OWNER = 20;

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

/** A registered endpoint and its secret, shown once. */
export interface NewWebhook {
  webhook: Webhook;
  secret: string;
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly webhooks: WebhookRepository,
  ) {}

  async create(viewer: Viewer, input: CreateWebhookInput): Promise<NewWebhook> {
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
      const count = await this.webhooks.countOwned(manager, { brandId, userId: viewer.userId });
      if (count >= MAX_WEBHOOKS_PER_OWNER) {
        throw tooManyWebhooks(MAX_WEBHOOKS_PER_OWNER);
      }
      const row = await this.webhooks.insert(manager, {
        ownerUserId: viewer.userId,
        creatorId,
        brandId,
        url: verdict.url.toString(),
        events,
        secret,
      });
      return { webhook: toWebhook(row), secret };
    });
  }

  async list(viewer: Viewer): Promise<Webhook[]> {
    const rows = await this.webhooks.listVisible(viewer);
    return rows.map(toWebhook);
  }

  async delete(viewer: Viewer, id: string): Promise<string> {
    if (!isUuid(id)) throw notFound('Webhook', id);
    const deleted = await this.webhooks.deleteVisible(viewer, id);
    if (!deleted) throw notFound('Webhook', id);
    return id;
  }

  /** Queues a webhook.test event for this endpoint alone; the worker sends it like any other. */
  async sendTest(viewer: Viewer, id: string): Promise<WebhookDelivery> {
    const webhook = await this.findOwned(viewer, id);
    return runTransaction(this.dataSource, async (manager) => {
      await claimIdempotencyKey(manager);
      const event = await this.webhooks.insertFannedOutEvent(manager, TEST_EVENT_TYPE, {
        webhookId: webhook.id,
      });
      const body = envelopeBody({
        id: event.id,
        type: TEST_EVENT_TYPE,
        createdAt: new Date(event.created_at).toISOString(),
        data: { webhookId: webhook.id, message: 'A test delivery from Deal Ledger' },
      });
      const deliveryId = await this.webhooks.insertDelivery(manager, webhook.id, event.id, body);
      const row = await this.webhooks.deliveryById(manager, deliveryId);
      return toDelivery(row);
    });
  }

  /** The delivery log of one endpoint, newest first. */
  async deliveries(
    viewer: Viewer,
    args: WebhookDeliveriesArgs,
  ): Promise<Connection<WebhookDelivery>> {
    const webhook = await this.findOwned(viewer, args.webhookId);
    pageWindow(args);
    const total = await this.webhooks.countDeliveries(webhook.id);
    return mapNodes(await this.webhooks.deliveryPage(webhook.id, args, total), toDelivery);
  }

  private async findOwned(viewer: Viewer, id: string): Promise<Webhook> {
    if (!isUuid(id)) throw notFound('Webhook', id);
    const row = await this.webhooks.findVisible(viewer, id);
    if (!row) throw notFound('Webhook', id);
    return toWebhook(row);
  }
}
