import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { ImpactModule } from '../impact/impact.module';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookFanout } from './webhook-fanout';
import { WebhookLoaders } from './webhook.loaders';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookRepository } from './webhook.repository';
import { HOST_RESOLVER, systemResolver } from './webhook-transport';
import { WebhookWorker } from './webhook-worker';
import { WebhookDeliveryResolver, WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

/**
 * Endpoints, the outbox worker and the delivery log. Producers do not import this module: they
 * call `enqueueWebhookEvent` (a plain function on their transaction) from webhook-events.ts.
 */
@Module({
  imports: [DealsModule, ImpactModule],
  providers: [
    WebhookRepository,
    WebhooksService,
    WebhooksResolver,
    WebhookDeliveryResolver,
    WebhookLoaders,
    WebhookFanout,
    WebhookDispatcher,
    { provide: HOST_RESOLVER, useValue: systemResolver },
    WebhookWorker,
    WebhookMetrics,
  ],
  exports: [WebhookWorker, WebhookLoaders],
})
export class WebhooksModule {}
