import express, { type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AppConfig } from '../../config/app-config';
import { createHttpLogger } from './http-logger';
import { recordGraphqlFields } from './request-log-fields';

type Line = Record<string, any>;

const TOKEN = `dl_tok_${'Q7w'.repeat(14)}x`;

/** An Express app with only the request logger, writing JSON lines into `lines`. */
async function serve(trustProxy: string | false): Promise<{
  lines: Line[];
  url: string;
  server: Server;
}> {
  const lines: Line[] = [];
  const settings = { LOG_LEVEL: 'debug', logFormat: 'json' } as Pick<
    AppConfig,
    'LOG_LEVEL' | 'logFormat'
  >;
  const logger = createHttpLogger(settings, {
    write: (line: string) => lines.push(JSON.parse(line) as Line),
  });
  const app = express();
  app.set('trust proxy', trustProxy);
  app.use(logger);
  app.post('/graphql', (request: Request & { viewer?: object }, response: Response) => {
    request.viewer = { userId: 'user-42', email: 'caller@studio.test' };
    request.log.info({ password: 'hunter2-hunter2' }, `signing in caller@studio.test`);
    recordGraphqlFields(request, {
      operationName: 'SignIn',
      operationType: 'mutation',
      errorCodes: ['UNAUTHENTICATED'],
    });
    response.json({ ok: true });
  });
  app.get('/broken', () => {
    throw Object.assign(new Error('insert failed for owner@brand.test'), {
      parameters: ['owner@brand.test'],
    });
  });
  app.use((request: Request, response: Response) => response.status(404).end());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return { lines, url: `http://127.0.0.1:${port}`, server };
}

describe('the request logger', () => {
  let direct: Awaited<ReturnType<typeof serve>>;
  let behindProxy: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    direct = await serve(false);
    behindProxy = await serve('loopback');
  });
  afterAll(async () => {
    await Promise.all(
      [direct, behindProxy].map(({ server }) => new Promise((r) => server.close(r))),
    );
  });

  /** The request's completion line: the one with a status. */
  const completion = (lines: Line[], requestId: string) =>
    lines.find((line) => line.requestId === requestId && line.status !== undefined);

  it('writes one line per request with method, path, status, duration, caller and GraphQL', async () => {
    const response = await fetch(`${direct.url}/graphql?debug=${TOKEN}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation', variables: { password: 'hunter2-hunter2' } }),
    });
    const id = response.headers.get('x-request-id')!;
    const line = completion(direct.lines, id);
    expect(line).toMatchObject({
      level: 'info',
      requestId: id,
      method: 'POST',
      path: '/graphql',
      status: 200,
      userId: 'user-42',
      graphql: {
        operationName: 'SignIn',
        operationType: 'mutation',
        errorCodes: ['UNAUTHENTICATED'],
      },
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(direct.lines.filter((entry) => entry.requestId === id && entry.status)).toHaveLength(1);
  });

  it('gives lines written during the request its id, with secrets censored', async () => {
    const response = await fetch(`${direct.url}/graphql`, { method: 'POST' });
    const id = response.headers.get('x-request-id')!;
    const during = direct.lines.find((line) => line.requestId === id && line.status === undefined);
    expect(during).toMatchObject({ msg: 'signing in [email]', password: '[redacted]' });
  });

  it('never writes headers, bodies, query strings, tokens or e-mail addresses', () => {
    const everything = JSON.stringify(direct.lines);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain('@studio.test');
    expect(everything).not.toContain('authorization');
    expect(everything).not.toContain('debug=');
  });

  it('ignores X-Request-Id from a client that reaches it directly, and generates a UUID', async () => {
    const response = await fetch(`${direct.url}/graphql`, {
      method: 'POST',
      headers: { 'x-request-id': 'chosen-by-client' },
    });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(completion(direct.lines, id!)).toBeDefined();
  });

  it('takes X-Request-Id from a trusted proxy when it is sane', async () => {
    const sane = await fetch(`${behindProxy.url}/graphql`, {
      method: 'POST',
      headers: { 'x-request-id': 'edge-4711.a' },
    });
    expect(sane.headers.get('x-request-id')).toBe('edge-4711.a');
    expect(completion(behindProxy.lines, 'edge-4711.a')).toMatchObject({ status: 200 });

    const odd = await fetch(`${behindProxy.url}/graphql`, {
      method: 'POST',
      headers: { 'x-request-id': 'x'.repeat(200) },
    });
    expect(odd.headers.get('x-request-id')).not.toBe('x'.repeat(200));
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a failed request at error level with the error scrubbed, and probes at debug', async () => {
    const broken = await fetch(`${direct.url}/broken`);
    const line = completion(direct.lines, broken.headers.get('x-request-id')!);
    expect(line).toMatchObject({ level: 'error', status: 500, path: '/broken' });
    expect(JSON.stringify(line)).not.toContain('owner@brand.test');

    const probe = await fetch(`${direct.url}/health/live`);
    expect(completion(direct.lines, probe.headers.get('x-request-id')!)).toMatchObject({
      level: 'debug',
      status: 404,
    });
  });

  it('hides the calendar-feed secret in the path', async () => {
    const feed = await fetch(`${direct.url}/calendar/dl_cal_${'k'.repeat(43)}.ics`);
    expect(completion(direct.lines, feed.headers.get('x-request-id')!)).toMatchObject({
      path: '/calendar/[redacted]',
    });
    expect(JSON.stringify(direct.lines)).not.toContain('dl_cal_');
  });
});
