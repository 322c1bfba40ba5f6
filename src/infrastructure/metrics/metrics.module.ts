import { Global, Module } from '@nestjs/common';
import { DatabaseMetrics } from './database-metrics';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { TracingShutdown } from '../telemetry/tracing-shutdown';

/**
 * Prometheus metrics: the registry every feature counts into (`Metrics`), `GET /metrics`, the
 * GraphQL plugin and the database metrics; also flushes the traces at shutdown (tracing itself
 * starts before Nest, from src/infrastructure/telemetry/start-tracing.ts). Global, so features inject `Metrics` without
 * importing this module; the HTTP timing middleware is installed in bootstrap.ts.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, DatabaseMetrics, GraphqlMetricsPlugin, TracingShutdown],
  exports: [Metrics],
})
export class MetricsModule {}
