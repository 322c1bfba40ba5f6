import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OperationNameLabels } from './operation-names';

/** Request and operation latencies, in seconds: 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Waits for a pooled connection, in seconds: most are zero, the interesting ones are long. */
const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

export type GraphqlOutcome = 'ok' | 'user_errors' | 'error';
export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'failed';

/** The outbox backlog as counted at scrape time (see WebhookBacklogSource). */
export interface WebhookBacklog {
  /** Events not yet expanded into deliveries. */
  events: number;
  /** Deliveries waiting to be attempted (or attempted again). */
  deliveries: number;
}

/** The connection pool TypeORM uses (pg's Pool, also in front of the embedded engine). */
export interface PoolState {
  engine: 'embedded' | 'server';
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * Every metric the service exports, on a registry of its own (one per application, so two apps
 * in one test process do not mix). Features inject this and call its counters; the gauges that
 * need the database read it at scrape time through the sources registered below. Names and
 * labels are listed in docs/operations.md.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly operationNames = new OperationNameLabels();

  private webhookBacklogSource: (() => Promise<WebhookBacklog>) | null = null;
  private poolStateSource: (() => PoolState | null) | null = null;

  readonly httpRequestDuration = new Histogram({
    name: 'deal_ledger_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status, from arrival to the last byte sent.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlOperationDuration = new Histogram({
    name: 'deal_ledger_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name and outcome (ok, user_errors, error).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'deal_ledger_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'deal_ledger_rate_limit_refusals_total',
    help: 'Requests refused with RATE_LIMITED (HTTP 429), by surface (graphql, http) and reason.',
    labelNames: ['surface', 'reason'] as const,
    registers: [this.registry],
  });

  readonly transactionRetries = new Counter({
    name: 'deal_ledger_transaction_retries_total',
    help: 'Transactions run again after a serialization failure, a deadlock or a lost connection.',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });

  readonly poolAcquireDuration = new Histogram({
    name: 'deal_ledger_db_pool_acquire_duration_seconds',
    help: 'Time to get a connection from the pool (a wait when every connection is in use).',
    labelNames: ['engine'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'deal_ledger_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by outcome: delivered, retry (will be tried again), failed (gave up).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly statuspagePolls = new Counter({
    name: 'deal_ledger_statuspage_polls_total',
    help: 'Polls of the configured Statuspage feeds, by feed and outcome (ok, failed).',
    labelNames: ['feed', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly statuspageIncidents = new Counter({
    name: 'deal_ledger_statuspage_incidents_imported_total',
    help: 'Status page incidents imported (polled or sent to importStatuspageIncidents), by action (created, updated).',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  readonly impactComputations = new Counter({
    name: 'deal_ledger_impact_computations_total',
    help: 'Outage impacts computed, by kind (recorded, simulated).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly impactDeliverablesHit = new Counter({
    name: 'deal_ledger_impact_deliverables_hit_total',
    help: 'Deliverables found hit by the outage impacts computed, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly impactDuration = new Histogram({
    name: 'deal_ledger_impact_computation_duration_seconds',
    help: 'Time to load the data for and compute one request for outage impacts (one or several outages), by kind.',
    labelNames: ['kind'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // prom-client calls `collect` with the gauge as `this`; the sources live on this object.
    const backlogOf = () => this.webhookBacklogSource?.();
    const poolStateOf = () => this.poolStateSource?.() ?? null;
    new Gauge({
      name: 'deal_ledger_webhook_outbox_backlog',
      help: 'Webhook work waiting: events not yet expanded, deliveries not yet done (counted at scrape time).',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const backlog = await backlogOf();
        if (!backlog) return;
        this.set({ kind: 'events' }, backlog.events);
        this.set({ kind: 'deliveries' }, backlog.deliveries);
      },
    });
    const poolGauge = (name: string, help: string, read: (state: PoolState) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['engine'] as const,
        registers: [this.registry],
        collect() {
          const state = poolStateOf();
          if (state) this.set({ engine: state.engine }, read(state));
        },
      });
    poolGauge('deal_ledger_db_pool_connections', 'Connections open in the pool.', (s) => s.total);
    poolGauge(
      'deal_ledger_db_pool_idle_connections',
      'Open connections not in use.',
      (s) => s.idle,
    );
    poolGauge(
      'deal_ledger_db_pool_waiting_requests',
      'Callers waiting for a connection right now.',
      (s) => s.waiting,
    );
    poolGauge(
      'deal_ledger_db_pool_max_connections',
      'Size of the pool (1 for the embedded engine).',
      (s) => s.max,
    );
  }

  /** The webhooks feature counts its outbox here (its repository owns that SQL). */
  setWebhookBacklogSource(source: (() => Promise<WebhookBacklog>) | null): void {
    this.webhookBacklogSource = source;
  }

  setPoolStateSource(source: (() => PoolState | null) | null): void {
    this.poolStateSource = source;
  }

  graphqlOperationLabel(resolved: boolean, name: string | null | undefined): string {
    return this.operationNames.label(resolved, name);
  }

  /** Seconds since `startedAt` (a `process.hrtime.bigint()`). */
  static secondsSince(startedAt: bigint): number {
    return Number(process.hrtime.bigint() - startedAt) / 1e9;
  }
}
