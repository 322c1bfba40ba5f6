import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { WebhookDeliveryAttempt } from './webhook.model';

/** Deliveries reach a field resolver only through a scoped query, so these need no scoping. */
@Injectable()
export class WebhookLoaders {
  constructor(private readonly dataSource: DataSource) {}

  attemptsOf(ctx: RequestContext): DataLoader<string, WebhookDeliveryAttempt[]> {
    return ctx.loader(
      'webhook.attemptsOf',
      () =>
        new DataLoader<string, WebhookDeliveryAttempt[]>(async (deliveryIds) => {
          const rows = await this.dataSource.query<
            Array<{
              delivery_id: string;
              attempt: number;
              started_at: Date;
              duration_ms: number;
              status_code: number | null;
              error: string | null;
            }>
          >(
            `SELECT delivery_id, attempt, started_at, duration_ms, status_code, error
               FROM webhook_delivery_attempts
              WHERE delivery_id = ANY ($1::uuid[])
              ORDER BY delivery_id, attempt`,
            [[...deliveryIds]],
          );
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
