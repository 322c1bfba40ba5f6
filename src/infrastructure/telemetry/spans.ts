import { SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

const tracer = trace.getTracer('deal-ledger');

/**
 * Runs `work` inside a span named `name`, for the resolvers and jobs worth seeing in a trace
 * (impact computations, imports, webhook deliveries). With tracing off the API's tracer is a
 * no-op, so this costs a function call. Failures are recorded on the span and rethrown.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      if (error instanceof Error) span.recordException(error);
      throw error;
    } finally {
      span.end();
    }
  });
}
