import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger, type NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { formatDuration } from '../database/connect';

/**
 * Express, plus a drain at the start of Nest's shutdown. Nest calls `beforeClose()` first and
 * awaits it, before any module hook: so the server stops accepting connections and finishes
 * the requests in flight (up to `graceMs`) while Apollo and the database pool are still up,
 * and only then does Nest stop Apollo and the shutdown hooks close the pool and the embedded
 * engine. Without this, Nest stops Apollo before closing the server, and a request that
 * arrived just before the signal is answered with an error.
 */
export class GracefulExpressAdapter extends ExpressAdapter {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private readonly shutdownLogger = new Logger('Shutdown');

  constructor(private readonly graceMs: number) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    super.initHttpServer(options);
    const server = this.getHttpServer() as Server;
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.inFlight.add(response);
      // A keep-alive connection may bring one more request while draining: serve it, then close.
      if (this.draining) response.setHeader('connection', 'close');
      response.on('close', () => {
        this.inFlight.delete(response);
        if (this.draining) server.closeIdleConnections();
      });
    });
  }

  // Typed `void` in ExpressAdapter, but Nest awaits it (`await httpAdapter.beforeClose?.()`
  // in NestApplication.prepareClose): the drain must finish before the module hooks run.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override async beforeClose(): Promise<void> {
    super.beforeClose();
    const server = this.getHttpServer() as Server | undefined;
    if (!server?.listening || this.draining) return;
    this.draining = true;
    // Stops accepting at once; the callback runs when the last connection has closed.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const response of this.inFlight) {
      if (!response.headersSent) response.setHeader('connection', 'close');
    }
    server.closeIdleConnections();
    const count = this.inFlight.size;
    this.shutdownLogger.log(
      count === 0
        ? 'Not accepting connections; no request in flight'
        : `Not accepting connections; finishing ${count} request(s) in flight (up to ${formatDuration(this.graceMs)})`,
    );
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.shutdownLogger.warn(
        `${this.inFlight.size} request(s) still running after ${formatDuration(this.graceMs)} (SHUTDOWN_GRACE_MS); closing their connections`,
      );
      server.closeAllConnections();
      await closed;
    }
  }
}

/**
 * SIGTERM and SIGINT: close the application once (drain, then Nest's hooks: Apollo, the pool,
 * the embedded engine and its lock) and exit 0; exit 1 if closing fails or hangs well past the
 * grace period. Installed before the application exists: a signal during start-up (e.g. while
 * waiting for the database) exits at once, with nothing to drain; the embedded engine's lock
 * goes with the process and its log covers the rest. Nest's own signal listener, when enabled,
 * joins the same shutdown and then re-raises the signal: this listener absorbs that, so the
 * exit status stays ours.
 */
export function exitCleanlyOnSignals(
  currentApp: () => { close(): Promise<void> } | undefined,
  graceMs: number,
  logger: Logger,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const app = currentApp();
    if (!app) {
      logger.log(`${signal} received during start-up: exiting`);
      process.exit(0);
    }
    logger.log(`${signal} received: shutting down`);
    const hardLimitMs = graceMs + 15_000;
    setTimeout(() => {
      logger.error(`Shutdown still not finished after ${formatDuration(hardLimitMs)}; exiting`);
      process.exit(1);
    }, hardLimitMs).unref();
    app.close().then(
      () => {
        logger.log('Shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
