import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { transactionRetries, type TransactionRetryCause } from '../../common/database/retry';
import { AppConfig } from '../../config/app-config';
import { Metrics } from './metrics';

type ConnectCallback = (error: Error | undefined, client: unknown, release: unknown) => void;

/**
 * Database metrics: the pool's state read at scrape time, the wait for each connection (by
 * wrapping the pool's `connect`, which TypeORM calls once per query runner), and transaction
 * retries announced by common/database/retry.ts.
 */
@Injectable()
export class DatabaseMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly onRetry = (message: unknown) => {
    const { cause } = message as { cause: TransactionRetryCause };
    this.metrics.transactionRetries.inc({ cause });
  };

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    subscribe(transactionRetries.name, this.onRetry);
    const engine = this.config.usesEmbeddedDatabase ? 'embedded' : 'server';
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) return;
    this.metrics.setPoolStateSource(() => ({
      engine,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    }));
    this.timeAcquisitions(pool, engine);
  }

  onModuleDestroy(): void {
    unsubscribe(transactionRetries.name, this.onRetry);
    this.metrics.setPoolStateSource(null);
  }

  private timeAcquisitions(pool: Pool, engine: string): void {
    const histogram = this.metrics.poolAcquireDuration;
    const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => unknown;
    const timed = (callback?: ConnectCallback): unknown => {
      const startedAt = process.hrtime.bigint();
      const observe = () => histogram.observe({ engine }, Metrics.secondsSince(startedAt));
      if (callback) {
        return connect((error, client, release) => {
          observe();
          callback(error, client, release);
        });
      }
      return (connect() as Promise<unknown>).finally(observe);
    };
    (pool as unknown as { connect: typeof timed }).connect = timed;
  }
}
