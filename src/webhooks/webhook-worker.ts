import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookFanout } from './webhook-fanout';

/**
 * Polls the outbox every WEBHOOK_POLL_MS: expands new events into deliveries, then sends the due
 * ones. One pass at a time (the next is scheduled when the last ends, so it never overlaps
 * itself); other instances may poll too, claims keep them apart. On shutdown it stops polling and
 * waits for the pass in flight, whose requests are bounded by WEBHOOK_TIMEOUT_MS, before the
 * database closes (module hooks run before the pool's shutdown hook).
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = true;
  private shuttingDown = false;

  constructor(
    private readonly config: AppConfig,
    private readonly fanout: WebhookFanout,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_WORKER === 'off') return;
    this.stopped = false;
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.shuttingDown = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** One pass: every pending event expanded, then one batch of due deliveries sent. */
  async runOnce(): Promise<{ expanded: number; attempted: number }> {
    let expanded = 0;
    for (let batch = await this.fanout.runOnce(); batch > 0; batch = await this.fanout.runOnce()) {
      expanded += batch;
      if (this.shuttingDown) break;
    }
    const attempted = this.shuttingDown ? 0 : await this.dispatcher.runOnce();
    return { expanded, attempted };
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.runOnce()
        .then(({ attempted }) => attempted)
        .catch((error: unknown) => {
          this.logger.error(
            `Webhook pass failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          return 0;
        })
        .then((attempted) => {
          this.current = undefined;
          // A full batch suggests more are due: go again at once.
          if (!this.stopped) this.schedule(attempted > 0 ? 0 : this.config.WEBHOOK_POLL_MS);
        });
    }, delayMs);
  }
}
