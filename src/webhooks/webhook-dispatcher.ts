import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { backoffDelayMs } from '../common/backoff/backoff';
import { runTransaction } from '../common/database/retry';
import { AppConfig } from '../config/app-config';
import { Metrics, type WebhookAttemptOutcome } from '../infrastructure/metrics/metrics';
import { withSpan } from '../infrastructure/telemetry/spans';
import { shouldGiveUp } from './delivery-attempts';
import {
  DELIVERY_ID_HEADER,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signPayload,
  TIMESTAMP_HEADER,
} from './signing';
import { HOST_RESOLVER, postPinned, type HostResolver } from './webhook-transport';
import { WebhookRepository, type ClaimedDelivery } from './webhook.repository';

// A claimed attempt is retried by anyone after the timeout plus this margin: long enough that a
// worker still waiting on its request never races a second one.
const CLAIM_MARGIN_MS = 30_000;
const MAX_ERROR_LENGTH = 500;

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  startedAt: Date;
  durationMs: number;
}

/** Claims due deliveries, sends them, and records each outcome (retry, DELIVERED or FAILED). */
@Injectable()
export class WebhookDispatcher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(HOST_RESOLVER) private readonly resolver: HostResolver,
    private readonly webhooks: WebhookRepository,
    private readonly metrics: Metrics,
  ) {}

  /** Sends up to `limit` due deliveries in parallel; returns how many were attempted. */
  async runOnce(limit = 10): Promise<number> {
    const claimId = randomUUID();
    // One statement: SKIP LOCKED keeps two instances off the same rows, and the claim (a new
    // next_attempt_at in the future, a claim id) is committed before any request is sent.
    const claimed = await this.webhooks.claimDueDeliveries(
      limit,
      claimId,
      (this.config.WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS) / 1000,
    );
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  private attempt(delivery: ClaimedDelivery): Promise<void> {
    return withSpan('webhook.delivery', { 'webhook.delivery_id': delivery.id }, async () => {
      const result = await this.send(delivery);
      await this.record(delivery, result);
    });
  }

  private async send(delivery: ClaimedDelivery): Promise<AttemptResult> {
    // Transport time, not business time: how long the request took, on the wall clock.
    const startedAt = new Date();
    const finish = (statusCode: number | null, error: string | null): AttemptResult => ({
      statusCode,
      error: error === null ? null : error.slice(0, MAX_ERROR_LENGTH),
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    });
    try {
      // Wall clock, not the injected Clock: receivers check it against their own real time.
      const timestamp = Math.floor(Date.now() / 1000);
      // The host is resolved once, checked (in production), and connected to at that address.
      const outcome = await postPinned(delivery.url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'DealLedger-Webhooks/1',
          [EVENT_ID_HEADER]: delivery.event_id,
          [DELIVERY_ID_HEADER]: delivery.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signPayload(delivery.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        resolver: this.resolver,
        // Outside production (and with WEBHOOK_ALLOW_PRIVATE_URLS=true) any address goes.
        checkAddresses:
          this.config.isProduction && this.config.WEBHOOK_ALLOW_PRIVATE_URLS !== 'true',
      });
      if ('refused' in outcome) return finish(null, outcome.refused);
      const { status } = outcome.response;
      const ok = status >= 200 && status < 300;
      return finish(status, ok ? null : `HTTP ${status}`);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        return finish(null, `No response within ${this.config.WEBHOOK_TIMEOUT_MS} ms`);
      }
      const cause =
        error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return finish(null, `${error instanceof Error ? error.message : String(error)}${cause}`);
    }
  }

  private async record(delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
    const delivered =
      result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const giveUp = !delivered && shouldGiveUp(delivery.attempts, this.config.WEBHOOK_MAX_ATTEMPTS);
    const status = delivered ? 'DELIVERED' : giveUp ? 'FAILED' : 'PENDING';
    const delayMs =
      status === 'PENDING'
        ? backoffDelayMs(delivery.attempts, {
            baseMs: this.config.WEBHOOK_BACKOFF_BASE_MS,
            maxMs: this.config.WEBHOOK_BACKOFF_MAX_MS,
            jitter: true,
          })
        : null;
    const recorded = await runTransaction(this.dataSource, async (manager) => {
      // Guarded by the claim: an attempt whose claim expired and was taken over records nothing.
      const updated = await this.webhooks.recordOutcome(
        manager,
        { id: delivery.id, claimId: delivery.claim_id },
        {
          status,
          statusCode: result.statusCode,
          error: result.error,
          retryInSeconds: (delayMs ?? 0) / 1000,
        },
      );
      if (!updated) return false;
      await this.webhooks.insertAttempt(manager, {
        deliveryId: delivery.id,
        attempt: delivery.attempts,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
      });
      return true;
    });
    // An attempt whose claim was taken over is counted by the worker that took it.
    if (recorded) this.metrics.webhookAttempts.inc({ outcome: ATTEMPT_OUTCOME[status] });
  }
}

const ATTEMPT_OUTCOME: Record<'DELIVERED' | 'FAILED' | 'PENDING', WebhookAttemptOutcome> = {
  DELIVERED: 'delivered',
  FAILED: 'failed',
  PENDING: 'retry',
};
