import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { Metrics } from '../../infrastructure/metrics/metrics';
import { parseFeedList, type PolledFeed } from '../../config/statuspage-feed-list';
import { StatuspageService } from './statuspage.service';

/** Longest a feed may take to answer, and the largest document accepted from it. */
const FETCH_TIMEOUT_MS = 30_000;
const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface PollOutcome {
  feed: string;
  ok: boolean;
  message: string;
}

/**
 * Fetches every STATUSPAGE_FEEDS URL every STATUSPAGE_POLL_SECONDS and imports what it gets, in
 * the API server only (not in command-line scripts, which have no HTTP server). Runs never
 * overlap: the next one is scheduled when the previous has finished. On shutdown the timer is
 * cleared, a fetch in flight is aborted and an import in flight is awaited, before the database
 * closes. Several instances may poll the same feeds: the import takes the feed's advisory lock
 * and is idempotent, so the second import of a document changes nothing.
 */
@Injectable()
export class StatuspagePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StatuspagePoller');
  private readonly feeds: PolledFeed[];
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** The last failure logged per feed, so a feed that stays broken is not logged every poll. */
  private readonly lastFailure = new Map<string, string>();

  constructor(
    private readonly service: StatuspageService,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: Metrics,
  ) {
    const parsed = parseFeedList(config.STATUSPAGE_FEEDS);
    this.feeds = 'feeds' in parsed ? parsed.feeds : [];
  }

  onApplicationBootstrap(): void {
    if (this.feeds.length === 0 || this.config.STATUSPAGE_POLL_SECONDS === 0) return;
    if (!this.adapterHost.httpAdapter) return;
    this.logger.log(
      `Polling ${this.feeds.map((feed) => feed.name).join(', ')} every ${this.config.STATUSPAGE_POLL_SECONDS} s`,
    );
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.shutdown.abort();
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pollAll()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`Poll failed: ${String(error)}`))
        .finally(() => {
          this.running = null;
          this.schedule(this.config.STATUSPAGE_POLL_SECONDS * 1000);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass over every feed, one after the other. */
  async pollAll(): Promise<PollOutcome[]> {
    const outcomes: PollOutcome[] = [];
    for (const feed of this.feeds) {
      if (this.stopped) break;
      outcomes.push(await this.pollFeed(feed));
    }
    return outcomes;
  }

  private async pollFeed(feed: PolledFeed): Promise<PollOutcome> {
    try {
      const document = await this.fetchDocument(feed.url);
      const result = await this.service.importDocument(null, feed.name, document);
      const counts = `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.skipped.length} skipped`;
      if (result.created.length + result.updated.length > 0 || this.lastFailure.has(feed.name)) {
        this.logger.log(`Feed ${feed.name}: ${counts}`);
      }
      this.lastFailure.delete(feed.name);
      this.metrics.statuspagePolls.inc({ feed: feed.name, outcome: 'ok' });
      return { feed: feed.name, ok: true, message: counts };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.lastFailure.get(feed.name) !== message && !this.stopped) {
        const what = error instanceof AppError ? 'refused' : 'failed';
        this.logger.warn(`Feed ${feed.name} ${what}: ${message}`);
      }
      this.lastFailure.set(feed.name, message);
      this.metrics.statuspagePolls.inc({ feed: feed.name, outcome: 'failed' });
      return { feed: feed.name, ok: false, message };
    }
  }

  private async fetchDocument(url: string): Promise<string> {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'follow',
      signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${url} answered HTTP ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_DOCUMENT_BYTES) {
      await response.body?.cancel();
      throw new Error(`${url} sent ${length} bytes, more than ${MAX_DOCUMENT_BYTES}`);
    }
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) {
      throw new Error(`${url} sent more than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    return text;
  }
}
