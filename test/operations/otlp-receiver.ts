import { createServer, type Server } from 'node:http';

/** One span as OTLP/HTTP JSON carries it, with its resource's and scope's names beside it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  scope: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

/** OTLP's SPAN_KIND_SERVER. */
export const SPAN_KIND_SERVER = 2;

interface KeyValue {
  key: string;
  value: Record<string, unknown>;
}

function flatten(attributes: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]),
  );
}

/** A tiny OTLP/HTTP collector: keeps every span POSTed as JSON to /v1/traces. */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every request body, as received: to search for what must never be exported. */
  readonly bodies: string[] = [];
  readonly contentTypes: string[] = [];

  private readonly server: Server;
  private listeningPort = 0;

  private constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        this.accept(request.url ?? '', request.headers['content-type'] ?? '', body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.listeningPort = (receiver.server.address() as { port: number }).port;
    return receiver;
  }

  get port(): number {
    return this.listeningPort;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(url: string, contentType: string, body: string): void {
    this.bodies.push(body);
    this.contentTypes.push(contentType);
    if (url !== '/v1/traces') return;
    const payload = JSON.parse(body) as {
      resourceSpans: Array<{
        resource: { attributes: KeyValue[] };
        scopeSpans: Array<{
          scope: { name: string };
          spans: Array<{
            traceId: string;
            spanId: string;
            parentSpanId?: string;
            name: string;
            kind: number;
            attributes: KeyValue[];
          }>;
        }>;
      }>;
    };
    for (const resourceSpans of payload.resourceSpans) {
      const resource = flatten(resourceSpans.resource.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans) {
        for (const span of scopeSpans.spans) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            scope: scopeSpans.scope.name,
            attributes: flatten(span.attributes),
            resource,
          });
        }
      }
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
