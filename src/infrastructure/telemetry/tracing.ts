/* eslint-disable @typescript-eslint/no-require-imports -- the SDK is loaded only when tracing is on */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../../config/app-config';

type TracingSettings = Pick<
  AppConfig,
  'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME' | 'NODE_ENV'
>;

/** The running tracing set-up, to flush and stop at shutdown. */
export interface Tracing {
  /** Where spans go: the collector's traces URL. */
  readonly url: string;
  shutdown(): Promise<void>;
}

/** Incoming requests that would only add noise: probes and scrapes. */
const UNTRACED_PATHS = /^\/(health(\/|$)|metrics(\/|\?|$))/;

/** How long finished spans wait to be sent, in ms (batched). */
const EXPORT_DELAY_MS = 2000;

let active: Tracing | null = null;

/** The running set-up, if `startTracing` started one in this process. */
export function activeTracing(): Tracing | null {
  return active;
}

/** This package's version, from the nearest package.json above this file (src/ or dist/src/). */
export function serviceVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
      return version ?? 'unknown';
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * OpenTelemetry tracing over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing at
 * all otherwise: the SDK and the instrumentations are required only here, so with tracing off no
 * module is loaded, nothing is patched, and `@opentelemetry/api` (used by the manual spans)
 * keeps its no-op tracer. Must run before `http`, `express`, `graphql` and `pg` are first
 * required, so that their instrumentations can patch them: see ./start-tracing.ts.
 *
 * Spans: the HTTP server span of each request (probes and /metrics left out) as the root,
 * Express request handlers, GraphQL parse/validate/execute (no per-field resolver spans:
 * resolvers of interest open their own with `withSpan`), and `pg` queries inside a request (the
 * SQL text with its `$n` placeholders; parameter values are never recorded).
 */
export function startTracing(settings: TracingSettings): Tracing | null {
  if (active) return active;
  const endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return null;
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;

  const { context, propagation, trace } =
    require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator } =
    require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor, TracerProvider } =
    require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': settings.OTEL_SERVICE_NAME,
      'service.version': serviceVersion(),
      'deployment.environment.name': settings.NODE_ENV,
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url }),
        scheduledDelayMillis: EXPORT_DELAY_MS,
      }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // Route handlers only: one span per middleware (body parsers, CORS…) is noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true }),
      // Statements outside a request (the webhook worker's polls) would each be a trace.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  active = {
    url,
    shutdown: async () => {
      active = null;
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  return active;
}
