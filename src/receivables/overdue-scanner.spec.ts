import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { Receivable, ReceivableStatus } from '../impact/engine';
import { FixedClock } from '../infrastructure/clock';
import { isOverdue, OVERDUE_SCAN_LOCK_SQL, ReceivableOverdueScanner } from './overdue-scanner';
import type { ReceivableRepository } from './receivable.repository';
import type { DealBook, ReceivablesService } from './receivables.service';

const NOW = '2030-05-01T12:00:00.000Z';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function receivable(
  id: string,
  status: ReceivableStatus,
  daysOverdue: number,
  overrides: Partial<Receivable> = {},
): Receivable {
  return {
    id,
    kind: 'DELIVERABLE',
    dealId: 'deal-1',
    deliverableId: id,
    creatorId: 'creator-1',
    brandId: 'brand-1',
    currency: 'USD',
    contracted: 100_000n,
    contractedDueAt: new Date('2030-04-01T12:00:00Z'),
    lost: 0n,
    owed: 100_000n,
    dueAt: new Date('2030-04-01T12:00:00Z'),
    paid: status === 'PARTIALLY_PAID' ? 40_000n : 0n,
    writtenOff: 0n,
    open: status === 'PARTIALLY_PAID' ? 60_000n : 100_000n,
    status,
    daysOverdue,
    writeOffReason: null,
    ...overrides,
  };
}

/**
 * A scanner over stubs: `books` answers these receivables, `claimed` says which notices are new,
 * the database records each statement. `embedded` skips the scan lock; else the lock's answer is
 * `locked`.
 */
function setUp(
  receivables: Receivable[],
  options: {
    claimed?: (id: string) => boolean;
    embedded?: boolean;
    locked?: boolean;
    seconds?: number;
    http?: boolean;
    booksMs?: number;
  } = {},
) {
  const stats = { passes: 0, inFlight: 0, maxInFlight: 0 };
  const statements: Array<{ text: string; values: unknown[] }> = [];
  const manager = {
    query: jest.fn(async (text: string, values: unknown[] = []) => {
      statements.push({ text, values });
      return [];
    }),
  } as unknown as EntityManager;
  const runner = {
    isTransactionActive: false,
    connect: jest.fn(async () => undefined),
    startTransaction: jest.fn(async () => {
      runner.isTransactionActive = true;
    }),
    query: jest.fn(async () => [{ locked: options.locked ?? true }]),
    rollbackTransaction: jest.fn(async () => {
      runner.isTransactionActive = false;
    }),
    release: jest.fn(async () => undefined),
  };
  const dataSource = {
    transaction: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager)),
    createQueryRunner: jest.fn(() => runner),
  } as unknown as DataSource;
  const book: DealBook = {
    ledger: {} as DealBook['ledger'],
    result: { receivables, forecast: receivables, allocations: [], unallocated: 0n },
  };
  const service = {
    books: jest.fn(async () => {
      stats.passes += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await sleep(options.booksMs ?? 0);
      stats.inFlight -= 1;
      return [book];
    }),
  };
  const repository = {
    claimOverdueNotice: jest.fn(async (_m: EntityManager, notice: { receivableId: string }) =>
      (options.claimed ?? (() => true))(notice.receivableId),
    ),
  };
  const config = {
    RECEIVABLES_OVERDUE_SCAN_SECONDS: options.seconds ?? 300,
    usesEmbeddedDatabase: options.embedded ?? true,
  } as unknown as AppConfig;
  const host = { httpAdapter: options.http === false ? undefined : {} } as HttpAdapterHost;
  const scanner = new ReceivableOverdueScanner(
    dataSource,
    service as unknown as ReceivablesService,
    repository as unknown as ReceivableRepository,
    new FixedClock(NOW),
    config,
    host,
  );
  const enqueued = () =>
    statements
      .filter((s) => s.text.startsWith('INSERT INTO webhook_events'))
      .map((s) => ({
        type: (s.values[0] as string[])[0],
        deliverableId: (s.values[2] as Array<string | null>)[0],
        dealId: (s.values[3] as string[])[0],
        data: JSON.parse((s.values[5] as string[])[0]),
      }));
  return { scanner, service, repository, runner, stats, enqueued };
}

describe('ReceivableOverdueScanner', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('announces what is past due with something open: OVERDUE, and PARTIALLY_PAID once late', () => {
    expect(isOverdue(receivable('a', 'OVERDUE', 3))).toBe(true);
    expect(isOverdue(receivable('b', 'PARTIALLY_PAID', 1))).toBe(true);
    // Partly paid before its due date: nothing late yet.
    expect(isOverdue(receivable('c', 'PARTIALLY_PAID', 0))).toBe(false);
    for (const status of ['NOT_DUE', 'DUE', 'PAID', 'WRITTEN_OFF'] as const) {
      expect(isOverdue(receivable('d', status, 0))).toBe(false);
    }
  });

  it('announces only what fell due in the last 30 days (no flood of old unpaid posts after an upgrade)', () => {
    const dueAt = new Date('2030-04-01T12:00:00Z');
    const late = receivable('a', 'OVERDUE', 30, { dueAt });
    expect(isOverdue(late, new Date('2030-05-01T12:00:00Z'))).toBe(true); // exactly 30 days
    expect(isOverdue(late, new Date('2030-05-01T12:00:01Z'))).toBe(false);
  });

  it('reads every book at the clock, claims a notice per overdue receivable, enqueues only what it claimed', async () => {
    const { scanner, service, repository, enqueued } = setUp(
      [
        receivable('late', 'OVERDUE', 30),
        receivable('part', 'PARTIALLY_PAID', 2),
        receivable('due', 'DUE', 0),
        receivable('paid', 'PAID', 0),
        receivable('noticed', 'OVERDUE', 9),
      ],
      { claimed: (id) => id !== 'noticed' },
    );
    expect(await scanner.scanOnce()).toBe(2);
    expect(service.books).toHaveBeenCalledWith(
      expect.objectContaining({ isAdmin: true }),
      // The deals with something due in the 30 days before now.
      { window: { from: new Date('2030-04-01T12:00:00.000Z'), to: new Date(NOW) } },
      new Date(NOW),
    );
    expect(repository.claimOverdueNotice.mock.calls.map((call) => call[1])).toEqual(
      ['late', 'part', 'noticed'].map((id) => ({
        dealId: 'deal-1',
        receivableId: id,
        dueAt: new Date('2030-04-01T12:00:00Z'),
      })),
    );
    expect(enqueued()).toEqual([
      {
        type: 'receivable.overdue',
        deliverableId: 'late',
        dealId: 'deal-1',
        data: {
          receivable: {
            id: 'late',
            kind: 'DELIVERABLE',
            dealId: 'deal-1',
            deliverableId: 'late',
            currency: 'USD',
            owed: '1000.00',
            open: '1000.00',
            dueAt: '2030-04-01T12:00:00.000Z',
            daysOverdue: 30,
          },
        },
      },
      expect.objectContaining({ deliverableId: 'part', dealId: 'deal-1' }),
    ]);
  });

  it('skips its pass when another instance holds the scan lock, and always lets the lock go', async () => {
    const busy = setUp([receivable('late', 'OVERDUE', 3)], { embedded: false, locked: false });
    expect(await busy.scanner.scanOnce()).toBe(0);
    expect(busy.runner.query).toHaveBeenCalledWith(OVERDUE_SCAN_LOCK_SQL);
    expect(busy.service.books).not.toHaveBeenCalled();
    expect(busy.runner.rollbackTransaction).toHaveBeenCalledTimes(1);
    expect(busy.runner.release).toHaveBeenCalledTimes(1);

    const free = setUp([receivable('late', 'OVERDUE', 3)], { embedded: false, locked: true });
    expect(await free.scanner.scanOnce()).toBe(1);
    expect(free.runner.rollbackTransaction).toHaveBeenCalledTimes(1);
    expect(free.runner.release).toHaveBeenCalledTimes(1);
  });

  it('scans on a timer that never overlaps itself, and stops on shutdown', async () => {
    // 10 ms interval, 40 ms passes: a setInterval would stack them up.
    const { scanner, stats } = setUp([], { seconds: 0.01, booksMs: 40 });
    scanner.onApplicationBootstrap();
    const deadline = Date.now() + 5000;
    while (stats.passes < 3 && Date.now() < deadline) await sleep(5);
    await scanner.onModuleDestroy();
    expect(stats.passes).toBeGreaterThanOrEqual(3);
    expect(stats.maxInFlight).toBe(1);
    const passes = stats.passes;
    await sleep(60);
    expect(stats.passes).toBe(passes);
  });

  it('does not scan without an HTTP server (scripts) or with the interval at 0', async () => {
    for (const options of [
      { seconds: 0.01, http: false },
      { seconds: 0, http: true },
    ]) {
      const { scanner, stats } = setUp([], options);
      scanner.onApplicationBootstrap();
      await sleep(50);
      await scanner.onModuleDestroy();
      expect(stats.passes).toBe(0);
    }
  });
});
