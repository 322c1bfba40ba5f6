import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import { MS_PER_DAY } from '../common/time/durations';
import { AppConfig } from '../config/app-config';
import type { Receivable } from '../impact/engine';
import { Clock } from '../infrastructure/clock';
import {
  enqueueWebhookEvent,
  receivableOverdueEventData,
} from '../infrastructure/outbox/webhook-events';
import { ReceivableRepository } from './receivable.repository';
import { ReceivablesService } from './receivables.service';

/** Reads every deal, like an administrator: the scan is system work, not a user's request. */
const SCANNER_VIEWER: Viewer = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'receivables@system',
  role: 'CREATOR',
  isAdmin: true,
  tokenId: 'receivable-overdue-scanner',
  creatorId: null,
  brandIds: [],
};

/**
 * One scan at a time across instances: a transaction-scoped advisory lock (released at commit or
 * rollback, so PgBouncer in transaction mode is fine), tried rather than waited for: an instance
 * that finds it taken skips its pass, another is scanning right now.
 */
export const OVERDUE_SCAN_LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtextextended('deal-ledger:receivable-overdue-scan', 0)) AS locked`;

/**
 * How far back a due date may lie for the scan to announce it. A receivable found overdue for
 * longer (the scan was off, or a database was just upgraded and no payment was ever recorded) is
 * listed by `receivables(filter: { status: OVERDUE })` but not announced: the event is for what
 * has just become overdue, and an upgrade must not send a webhook for every old unpaid post.
 */
export const OVERDUE_NOTICE_DAYS = 30;

/**
 * A receivable the scan announces at `now`: past its due date, within the last
 * {@link OVERDUE_NOTICE_DAYS}, with something claimable still open.
 */
export function isOverdue(receivable: Receivable, now?: Date): boolean {
  return (
    (receivable.status === 'OVERDUE' || receivable.status === 'PARTIALLY_PAID') &&
    receivable.daysOverdue > 0 &&
    (!now || receivable.dueAt.getTime() >= now.getTime() - OVERDUE_NOTICE_DAYS * MS_PER_DAY)
  );
}

/**
 * Every RECEIVABLES_OVERDUE_SCAN_SECONDS, finds the receivables past their due date at
 * `clock.now()` and emits one receivable.overdue per receivable and due date: the notice row
 * (`receivable_overdue_notices`, primary key deal, receivable, due date) is claimed and the event
 * enqueued in one transaction, so however many instances scan, and however often, an event is
 * written once; a due date that moves later is announced again once it has passed too. The API
 * server only (not command-line scripts, which have no HTTP server); passes never overlap in one
 * instance, and the advisory lock keeps two instances from scanning at the same time.
 */
@Injectable()
export class ReceivableOverdueScanner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReceivableOverdueScanner');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly receivables: ReceivablesService,
    private readonly repository: ReceivableRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RECEIVABLES_OVERDUE_SCAN_SECONDS === 0) return;
    if (!this.adapterHost.httpAdapter) return;
    this.logger.log(
      `Scanning for overdue receivables every ${this.config.RECEIVABLES_OVERDUE_SCAN_SECONDS} s`,
    );
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.scanOnce()
        .then((emitted) => {
          if (emitted > 0) this.logger.log(`${emitted} receivable(s) found overdue`);
        })
        .catch((error: unknown) =>
          this.logger.error(
            `Overdue scan failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => {
          this.running = null;
          this.schedule(this.config.RECEIVABLES_OVERDUE_SCAN_SECONDS * 1000);
        });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One pass under the scan lock; the number of receivable.overdue events it wrote (0 as well
   * when another instance holds the lock).
   */
  async scanOnce(): Promise<number> {
    // The embedded engine belongs to one process (its folder is locked) and has one connection,
    // which the lock's transaction would hold while the pass needs it: no lock, no other instance.
    if (this.config.usesEmbeddedDatabase) return this.pass();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [row] = (await runner.query(OVERDUE_SCAN_LOCK_SQL)) as Array<{ locked: boolean }>;
      if (!row?.locked) return 0;
      return await this.pass();
    } finally {
      // Nothing was written on this connection: rolling back only lets the lock go.
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    // Only the deals with something falling due in the notice window: not every deal every pass.
    const from = new Date(now.getTime() - OVERDUE_NOTICE_DAYS * MS_PER_DAY);
    const books = await this.receivables.books(SCANNER_VIEWER, { window: { from, to: now } }, now);
    const overdue = books
      .flatMap((book) => book.result.receivables)
      .filter((receivable) => isOverdue(receivable, now));
    let emitted = 0;
    for (const receivable of overdue) {
      if (this.stopped) break;
      try {
        if (await this.announce(receivable)) emitted += 1;
      } catch (error) {
        // One receivable's failure (its deal deleted meanwhile) must not hold up the others.
        this.logger.warn(
          `Receivable ${receivable.id} of deal ${receivable.dealId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return emitted;
  }

  /** Claims the notice and, only when this call claimed it, enqueues the event: one transaction. */
  private announce(receivable: Receivable): Promise<boolean> {
    return runTransaction(this.dataSource, async (manager) => {
      const claimed = await this.repository.claimOverdueNotice(manager, {
        dealId: receivable.dealId,
        receivableId: receivable.id,
        dueAt: receivable.dueAt,
      });
      if (!claimed) return false;
      await enqueueWebhookEvent(manager, {
        type: 'receivable.overdue',
        dealId: receivable.dealId,
        deliverableId: receivable.deliverableId ?? undefined,
        actorUserId: null,
        data: receivableOverdueEventData(receivable),
      });
      return true;
    });
  }
}
