/**
 * Loaded first by src/main.ts, before anything requires `http`, `express`, `graphql` or `pg`:
 * starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (see ./tracing.ts). An
 * invalid configuration starts nothing here; main.ts reports it and exits.
 */
import 'reflect-metadata'; // the config's decorators read design types
import { ConfigValidationError, loadAppConfig } from '../../config/app-config';
import { startTracing } from './tracing';

try {
  startTracing(loadAppConfig());
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
}
