import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../infrastructure/metrics/metrics';
import { WebhookRepository } from './webhook.repository';

/** Gives the metrics the outbox backlog, counted by the repository when /metrics is scraped. */
@Injectable()
export class WebhookMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly metrics: Metrics,
    private readonly webhooks: WebhookRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.setWebhookBacklogSource(() => this.webhooks.backlog());
  }

  onModuleDestroy(): void {
    this.metrics.setWebhookBacklogSource(null);
  }
}
