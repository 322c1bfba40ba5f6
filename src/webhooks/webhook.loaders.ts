import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupRows } from '../common/dataloader/loaders';
import { sequenceCursor, toConnection, type Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { WebhookDelivery, WebhookDeliveryAttempt } from './webhook.model';
import { WebhookRepository } from './webhook.repository';
import { toDelivery } from './webhooks.service';

/**
 * `attemptsOf`: deliveries reach it only through a scoped query, so it needs no scoping. The
 * others scope by `visibleWebhooks` themselves (an endpoint's log, a delivery by id).
 */
@Injectable()
export class WebhookLoaders {
  constructor(private readonly webhooks: WebhookRepository) {}

  /**
   * Endpoint id → one page of its delivery log, newest first, for one page request (`size`,
   * `after`, a cursor of that log): one windowed statement for every endpoint of the batch.
   */
  deliveriesOf(
    ctx: RequestContext,
    size: number,
    after: string | null,
  ): DataLoader<string, Connection<WebhookDelivery>> {
    const beforeSeq = sequenceCursor(after);
    return ctx.loader(`webhook.deliveriesOf@${size}:${after ?? ''}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, Connection<WebhookDelivery>>(async (webhookIds) => {
        const rows = await this.webhooks.deliveriesOfWebhooks(
          viewer,
          webhookIds,
          size + 1,
          beforeSeq,
        );
        return groupRows(webhookIds, rows, (row) => row.webhook_id).map((group) =>
          toConnection(group, size, group[0]?.total ?? 0, (row) => [row.seq, row.id], toDelivery),
        );
      });
    });
  }

  /** Deliveries by id, null unless their endpoint is one `visibleWebhooks` admits. */
  deliveryById(ctx: RequestContext): DataLoader<string, WebhookDelivery | null> {
    return ctx.loader('webhook.deliveryById', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, WebhookDelivery | null>(async (ids) => {
        const found = new Map(
          (await this.webhooks.visibleDeliveries(viewer, ids)).map((row) => [
            row.id,
            toDelivery(row),
          ]),
        );
        return ids.map((id) => found.get(id) ?? null);
      });
    });
  }

  attemptsOf(ctx: RequestContext): DataLoader<string, WebhookDeliveryAttempt[]> {
    return ctx.loader(
      'webhook.attemptsOf',
      () =>
        new DataLoader<string, WebhookDeliveryAttempt[]>(async (deliveryIds) => {
          const rows = await this.webhooks.attemptsOfDeliveries(deliveryIds);
          return groupRows(deliveryIds, rows, (row) => row.delivery_id).map((group) =>
            group.map((row) => ({
              attempt: row.attempt,
              startedAt: new Date(row.started_at),
              durationMs: row.duration_ms,
              statusCode: row.status_code,
              error: row.error,
            })),
          );
        }),
    );
  }
}
