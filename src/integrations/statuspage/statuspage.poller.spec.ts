import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { Metrics } from '../../infrastructure/metrics/metrics';
import type { AppConfig } from '../../config/app-config';
import { StatuspagePoller } from './statuspage.poller';
import type { StatuspageService } from './statuspage.service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await sleep(5);
  }
}

/** A poller over a stub import that takes `importMs`, polling every `seconds`. */
function setUp(options: { seconds: number; importMs: number; http?: boolean; feeds?: string }) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0, finished: 0 };
  const service = {
    importDocument: jest.fn(async () => {
      stats.calls += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await sleep(options.importMs);
      stats.inFlight -= 1;
      stats.finished += 1;
      return { created: [], updated: [], unchanged: [], skipped: [] };
    }),
  };
  const config = {
    STATUSPAGE_FEEDS: options.feeds ?? 'meta=http://127.0.0.1:9/api/v2/incidents.json',
    STATUSPAGE_POLL_SECONDS: options.seconds,
  };
  const host = { httpAdapter: options.http === false ? undefined : {} };
  const poller = new StatuspagePoller(
    service as unknown as StatuspageService,
    config as unknown as AppConfig,
    host as unknown as HttpAdapterHost,
    new Metrics(),
  );
  return { poller, service, stats };
}

describe('StatuspagePoller', () => {
  let fetchSpy: jest.SpyInstance;

  beforeEach(() => {
    fetchSpy = jest
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async () => new Response('{"incidents": []}', { status: 200 }));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('never overlaps itself, even when an import takes longer than the interval', async () => {
    // 10 ms interval, 60 ms imports: a setInterval would stack them up.
    const { poller, stats } = setUp({ seconds: 0.01, importMs: 60 });
    poller.onApplicationBootstrap();
    await waitFor(() => stats.finished >= 4);
    await poller.onModuleDestroy();
    expect(stats.maxInFlight).toBe(1);
  });

  it('on shutdown, waits for the import in flight and starts no other', async () => {
    const { poller, stats } = setUp({ seconds: 0.01, importMs: 150 });
    poller.onApplicationBootstrap();
    await waitFor(() => stats.inFlight === 1); // the first import is running
    expect(stats.inFlight).toBe(1);
    await poller.onModuleDestroy();
    expect(stats.inFlight).toBe(0);
    const calls = stats.calls;
    await sleep(100);
    expect(stats.calls).toBe(calls);
  });

  it('imports what each feed serves under its own name, with no actor', async () => {
    const { poller, service } = setUp({
      seconds: 0,
      importMs: 0,
      feeds: 'meta=http://127.0.0.1:9/a.json,other=http://127.0.0.1:9/b.json',
    });
    const outcomes = await poller.pollAll();
    expect(outcomes.map((o) => [o.feed, o.ok])).toEqual([
      ['meta', true],
      ['other', true],
    ]);
    expect(fetchSpy.mock.calls.map((call) => call[0])).toEqual([
      'http://127.0.0.1:9/a.json',
      'http://127.0.0.1:9/b.json',
    ]);
    expect(service.importDocument.mock.calls).toEqual([
      [null, 'meta', '{"incidents": []}'],
      [null, 'other', '{"incidents": []}'],
    ]);
  });

  it('reports a feed that answers with an error status, and imports nothing from it', async () => {
    fetchSpy.mockImplementation(async () => new Response('down', { status: 503 }));
    const { poller, service } = setUp({ seconds: 0, importMs: 0 });
    const [outcome] = await poller.pollAll();
    expect(outcome).toMatchObject({ feed: 'meta', ok: false });
    expect(outcome.message).toMatch(/HTTP 503/);
    expect(service.importDocument).not.toHaveBeenCalled();
  });

  it('does not poll without an HTTP server (scripts), with polling off, or without feeds', async () => {
    for (const options of [
      { seconds: 0.01, importMs: 0, http: false },
      { seconds: 0, importMs: 0 },
      { seconds: 0.01, importMs: 0, feeds: '' },
    ]) {
      const { poller, stats } = setUp(options);
      poller.onApplicationBootstrap();
      await sleep(50);
      await poller.onModuleDestroy();
      expect(stats.calls).toBe(0);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
