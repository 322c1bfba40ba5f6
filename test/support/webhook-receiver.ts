import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; createdAt: string; data: any };
}

/** A loopback endpoint that records every POST and answers with the queued status (default 200). */
export class Receiver {
  readonly received: Received[] = [];
  private readonly statuses = new Map<string, number[]>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (raw += chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.received.push({ path, headers: request.headers, raw, body: JSON.parse(raw) });
        response.statusCode = this.statuses.get(path)?.shift() ?? 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(path: string, ...statuses: number[]): void {
    this.statuses.set(path, statuses);
  }

  at(path: string, type?: string): Received[] {
    return this.received.filter((r) => r.path === path && (!type || r.body.type === type));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
