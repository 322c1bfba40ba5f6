import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { sql, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import type { PaymentEntry, ReceivableDeal, WriteOff } from '../impact/engine';

/** Days before a window that a receivable's due date may sit and still be moved into it by an outage. */
export const OUTAGE_MOVE_MARGIN_DAYS = 90;

export type LedgerKind = 'PAYMENT' | 'REFUND' | 'REVERSAL';

/** One row of the append-only payment ledger. */
export interface LedgerEntry {
  readonly id: string;
  readonly dealId: string;
  readonly kind: LedgerKind;
  readonly amount: bigint;
  readonly currency: string;
  readonly receivedAt: Date;
  readonly recordedAt: Date;
  readonly reference: string;
  readonly note: string;
  readonly receivableIds: readonly string[];
  readonly reversesPaymentId: string | null;
  /** A later REVERSAL cancels this entry (at or before the instant the rows were read for). */
  readonly reversedAt: Date | null;
  readonly recordedByUserId: string | null;
}

export interface WriteOffRow extends WriteOff {
  readonly dealId: string;
}

/** What the receivable rules need of one deal, as stored. */
export interface DealLedger {
  readonly deal: ReceivableDeal;
  readonly deliverableIds: readonly string[];
  readonly postedAt: ReadonlyMap<string, Date>;
  readonly entries: readonly LedgerEntry[];
  readonly writeOffs: readonly WriteOffRow[];
}

/** Which visible deals to read. */
export interface LedgerScope {
  readonly dealIds?: readonly string[];
  readonly brandId?: string;
  /**
   * Only deals with something falling due or received in [from, to): a deliverable whose slot,
   * posting and terms (plus {@link OUTAGE_MOVE_MARGIN_DAYS} for an outage's move) can put its
   * due date there, a deposit due there, or a ledger entry received there. Whole deals are read
   * (payments are allocated across all of a deal's receivables).
   */
  readonly window?: { readonly from: Date; readonly to: Date };
}

interface EntryRow {
  id: string;
  kind: LedgerKind;
  amount: string;
  currency: string;
  received_at: string | Date;
  recorded_at: string | Date;
  reference: string;
  note: string;
  receivable_ids: string[];
  reverses_payment_id: string | null;
  reversed_at: string | Date | null;
  recorded_by_user_id: string | null;
}

function entryFromRow(dealId: string, e: EntryRow): LedgerEntry {
  return {
    id: e.id,
    dealId,
    kind: e.kind,
    amount: BigInt(e.amount),
    currency: e.currency.trim(),
    receivedAt: new Date(e.received_at),
    recordedAt: new Date(e.recorded_at),
    reference: e.reference,
    note: e.note,
    receivableIds: e.receivable_ids,
    reversesPaymentId: e.reverses_payment_id,
    reversedAt: e.reversed_at === null ? null : new Date(e.reversed_at),
    recordedByUserId: e.recorded_by_user_id,
  };
}

interface LedgerJsonRow {
  id: string;
  creator_id: string;
  brand_id: string;
  currency: string;
  status: ReceivableDeal['status'];
  net_payment_days: number;
  upfront_share_bps: number;
  upfront_due_days: number;
  activated_at: string | null;
  deliverables: Array<[id: string, postedAt: string | null]>;
  entries: EntryRow[];
  write_offs: Array<{ receivable_id: string; reason: string; written_off_at: string }>;
}

/** The payment ledger and write-offs, and the deals they belong to, behind `visibleDeals`. */
@Injectable()
export class ReceivableRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The visible deals in `scope` with their deliverables (id, posting instant), their ledger
   * entries received by `asOf` and their write-offs made by `asOf`, in one statement. A reversal
   * counts from its own received instant: at an earlier `asOf` the reversed entry still stands.
   */
  async ledgers(
    viewer: Viewer,
    scope: LedgerScope,
    asOf: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DealLedger[]> {
    const conditions: Sql[] = [visibleDeals(viewer, 'd')];
    if (scope.dealIds) conditions.push(sql`d.id = ANY(${scope.dealIds}::uuid[])`);
    if (scope.brandId) conditions.push(sql`d.brand_id = ${scope.brandId}::uuid`);
    if (scope.window) conditions.push(inWindow(scope.window.from, scope.window.to));
    const where = conditions.reduce((all, next) => sql`${all} AND ${next}`);
    const statement = sql`
      SELECT d.id, d.creator_id, d.brand_id, d.currency, d.status, d.net_payment_days,
             d.upfront_share_bps, d.upfront_due_days, d.activated_at,
             (SELECT COALESCE(json_agg(json_build_array(x.id, x.posted_at) ORDER BY x.scheduled_at, x.id), '[]')
                FROM deliverables x WHERE x.deal_id = d.id) AS deliverables,
             (SELECT COALESCE(json_agg(json_build_object(
                       'id', p.id, 'kind', p.kind, 'amount', p.amount::text, 'currency', p.currency,
                       'received_at', p.received_at, 'recorded_at', p.recorded_at,
                       'reference', p.reference, 'note', p.note, 'receivable_ids', p.receivable_ids,
                       'reverses_payment_id', p.reverses_payment_id,
                       'reversed_at', r.received_at,
                       'recorded_by_user_id', p.recorded_by_user_id)
                       ORDER BY p.received_at, p.recorded_at, p.id), '[]')
                FROM payments p
                LEFT JOIN payments r ON r.reverses_payment_id = p.id AND r.received_at <= ${asOf}
               WHERE p.deal_id = d.id AND p.received_at <= ${asOf}) AS entries,
             (SELECT COALESCE(json_agg(json_build_object(
                       'receivable_id', w.receivable_id, 'reason', w.reason,
                       'written_off_at', w.written_off_at)), '[]')
                FROM receivable_write_offs w
               WHERE w.deal_id = d.id AND w.written_off_at <= ${asOf}) AS write_offs
        FROM deals d
       WHERE ${where}
       ORDER BY d.id`;
    const rows = await manager.query<LedgerJsonRow[]>(statement.text, statement.values);
    return rows.map(ledgerFromRow);
  }

  /** One deal of the viewer's, locked against concurrent ledger writes; null when not visible. */
  async lockVisibleDeal(
    manager: EntityManager,
    viewer: Viewer,
    dealId: string,
  ): Promise<{ id: string; creatorId: string; currency: string; status: string } | null> {
    const statement = sql`
      SELECT d.id, d.creator_id, d.currency, d.status FROM deals d
       WHERE d.id = ${dealId}::uuid AND ${visibleDeals(viewer, 'd')}
         FOR UPDATE`;
    const [row] = await manager.query<
      Array<{ id: string; creator_id: string; currency: string; status: string }>
    >(statement.text, statement.values);
    return row
      ? { id: row.id, creatorId: row.creator_id, currency: row.currency.trim(), status: row.status }
      : null;
  }

  /** The deal of a ledger entry the viewer may see; null otherwise. */
  async entryDealId(viewer: Viewer, paymentId: string): Promise<string | null> {
    const statement = sql`
      SELECT p.deal_id FROM payments p JOIN deals d ON d.id = p.deal_id
       WHERE p.id = ${paymentId}::uuid AND ${visibleDeals(viewer, 'd')}`;
    const [row] = await this.dataSource.query<Array<{ deal_id: string }>>(
      statement.text,
      statement.values,
    );
    return row?.deal_id ?? null;
  }

  async insertEntry(
    manager: EntityManager,
    entry: Omit<LedgerEntry, 'id' | 'recordedAt' | 'reversedAt'>,
  ): Promise<LedgerEntry> {
    const statement = sql`
      INSERT INTO payments (deal_id, kind, amount, currency, received_at, reference, note,
                            receivable_ids, reverses_payment_id, recorded_by_user_id)
      VALUES (${entry.dealId}::uuid, ${entry.kind}, ${entry.amount.toString()}::bigint,
              ${entry.currency}, ${entry.receivedAt}, ${entry.reference}, ${entry.note},
              ${[...entry.receivableIds]}::text[], ${entry.reversesPaymentId}::uuid,
              ${entry.recordedByUserId}::uuid)
      RETURNING id, recorded_at`;
    const [row] = await manager.query<Array<{ id: string; recorded_at: Date }>>(
      statement.text,
      statement.values,
    );
    return { ...entry, id: row.id, recordedAt: new Date(row.recorded_at), reversedAt: null };
  }

  /** One ledger entry by id (callers checked the deal is the viewer's). */
  async entry(manager: EntityManager, paymentId: string): Promise<LedgerEntry | null> {
    const statement = sql`
      SELECT p.id, p.deal_id, p.kind, p.amount::text AS amount, p.currency, p.received_at,
             p.recorded_at, p.reference, p.note, p.receivable_ids, p.reverses_payment_id,
             p.recorded_by_user_id,
             (SELECT r.received_at FROM payments r WHERE r.reverses_payment_id = p.id) AS reversed_at
        FROM payments p WHERE p.id = ${paymentId}::uuid`;
    const [row] = await manager.query<Array<EntryRow & { deal_id: string }>>(
      statement.text,
      statement.values,
    );
    return row ? entryFromRow(row.deal_id, row) : null;
  }

  /** The deal of a deliverable the viewer may see; null otherwise. */
  async deliverableDealId(viewer: Viewer, deliverableId: string): Promise<string | null> {
    const statement = sql`
      SELECT x.deal_id FROM deliverables x JOIN deals d ON d.id = x.deal_id
       WHERE x.id = ${deliverableId}::uuid AND ${visibleDeals(viewer, 'd')}`;
    const [row] = await this.dataSource.query<Array<{ deal_id: string }>>(
      statement.text,
      statement.values,
    );
    return row?.deal_id ?? null;
  }

  /** Whether an entry has been reversed already (any time). */
  async isReversed(manager: EntityManager, paymentId: string): Promise<boolean> {
    const statement = sql`SELECT 1 FROM payments WHERE reverses_payment_id = ${paymentId}::uuid`;
    const rows = await manager.query<unknown[]>(statement.text, statement.values);
    return rows.length > 0;
  }

  async insertWriteOff(
    manager: EntityManager,
    writeOff: {
      dealId: string;
      receivableId: string;
      reason: string;
      userId: string | null;
      at: Date;
    },
  ): Promise<Date> {
    const statement = sql`
      INSERT INTO receivable_write_offs (deal_id, receivable_id, reason, written_off_by_user_id,
                                         written_off_at)
      VALUES (${writeOff.dealId}::uuid, ${writeOff.receivableId}, ${writeOff.reason},
              ${writeOff.userId}::uuid, ${writeOff.at})
      RETURNING written_off_at`;
    const [row] = await manager.query<Array<{ written_off_at: Date }>>(
      statement.text,
      statement.values,
    );
    return new Date(row.written_off_at);
  }

  /**
   * Records that a receivable was found overdue for `dueAt`; false when some instance already
   * did (so the event is emitted once per receivable and due date).
   */
  async claimOverdueNotice(
    manager: EntityManager,
    notice: { dealId: string; receivableId: string; dueAt: Date },
  ): Promise<boolean> {
    const statement = sql`
      INSERT INTO receivable_overdue_notices (deal_id, receivable_id, due_at)
      VALUES (${notice.dealId}::uuid, ${notice.receivableId}, ${notice.dueAt})
      ON CONFLICT DO NOTHING
      RETURNING deal_id`;
    const rows = await manager.query<unknown[]>(statement.text, statement.values);
    return rows.length > 0;
  }
}

function inWindow(from: Date, to: Date): Sql {
  // Due = slot (or posting) + net days, moved later only by an outage; a deposit is due after
  // activation + its days; a ledger entry counts at its received instant.
  return sql`(
    EXISTS (SELECT 1 FROM deliverables x
             WHERE x.deal_id = d.id
               AND LEAST(x.scheduled_at, COALESCE(x.posted_at, x.scheduled_at))
                   + make_interval(days => d.net_payment_days) < ${to}
               AND GREATEST(x.scheduled_at, COALESCE(x.posted_at, x.scheduled_at))
                   + make_interval(days => d.net_payment_days + ${OUTAGE_MOVE_MARGIN_DAYS}) >= ${from})
    OR (d.activated_at IS NOT NULL AND d.upfront_share_bps > 0
        AND d.activated_at + make_interval(days => d.upfront_due_days) < ${to}
        AND d.activated_at + make_interval(days => d.upfront_due_days) >= ${from})
    OR EXISTS (SELECT 1 FROM payments p
                WHERE p.deal_id = d.id AND p.received_at >= ${from} AND p.received_at < ${to}))`;
}

function ledgerFromRow(row: LedgerJsonRow): DealLedger {
  const deal: ReceivableDeal = {
    id: row.id,
    creatorId: row.creator_id,
    brandId: row.brand_id,
    currency: row.currency.trim(),
    status: row.status,
    netPaymentDays: row.net_payment_days,
    upfrontShareBps: row.upfront_share_bps,
    upfrontDueDays: row.upfront_due_days,
    activatedAt: row.activated_at === null ? null : new Date(row.activated_at),
  };
  const postedAt = new Map<string, Date>();
  for (const [id, posted] of row.deliverables) if (posted) postedAt.set(id, new Date(posted));
  return {
    deal,
    deliverableIds: row.deliverables.map(([id]) => id),
    postedAt,
    entries: row.entries.map((e) => entryFromRow(row.id, e)),
    writeOffs: row.write_offs.map((w) => ({
      dealId: row.id,
      receivableId: w.receivable_id,
      reason: w.reason,
      writtenOffAt: new Date(w.written_off_at),
    })),
  };
}

/** The engine's view of a deal's ledger: reversals applied, reversal rows themselves dropped. */
export function paymentEntries(entries: readonly LedgerEntry[]): PaymentEntry[] {
  return entries.flatMap((e) =>
    e.kind === 'REVERSAL'
      ? []
      : [
          {
            id: e.id,
            kind: e.kind,
            amount: e.amount,
            receivedAt: e.receivedAt,
            recordedAt: e.recordedAt,
            reversed: e.reversedAt !== null,
            receivableIds: e.receivableIds,
          },
        ],
  );
}
