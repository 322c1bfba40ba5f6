import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { keysetSqlPage } from '../common/database/keyset-page';
import { joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import { isTimestampText } from '../common/graphql/list-order';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import type { DealStatus } from '../deals/deal.entity';
import { visibleDeals } from '../deals/deal.repository';
import type { DeliverableStatus } from '../deals/deliverable.entity';
import type { DraftState } from './draft-state';

/** One round of a deliverable's content approval, as stored in `deliverable_drafts`. */
export interface DraftRow {
  readonly id: string;
  readonly deliverableId: string;
  readonly dealId: string;
  readonly round: number;
  readonly url: string | null;
  /** The creator's note ('' when none). */
  readonly note: string;
  readonly state: DraftState;
  /** The brand's note with its answer ('' when none). */
  readonly reviewNote: string;
  readonly submittedByUserId: string | null;
  readonly submittedAt: Date;
  readonly reviewedByUserId: string | null;
  readonly reviewedAt: Date | null;
}

/** The deal a draft is written under, read with its row locked. */
export interface LockedDeal {
  readonly id: string;
  readonly creatorId: string;
  readonly brandId: string;
  readonly status: DealStatus;
  readonly requiresApproval: boolean;
  readonly approvalLeadHours: number;
}

/** A deliverable's standing and its latest round, as a writer reads them under the deal's lock. */
export interface DeliverableRounds {
  readonly deliverableId: string;
  readonly status: DeliverableStatus;
  readonly latest: DraftRow | null;
}

const DRAFT_COLUMNS = sqlText(`r.id, r.deliverable_id, r.deal_id, r.round, r.url, r.note, r.state,
  r.review_note, r.submitted_by_user_id, r.submitted_at, r.reviewed_by_user_id, r.reviewed_at`);

interface DraftRecord {
  id: string;
  deliverable_id: string;
  deal_id: string;
  round: number;
  url: string | null;
  note: string;
  state: DraftState;
  review_note: string;
  submitted_by_user_id: string | null;
  submitted_at: string | Date;
  reviewed_by_user_id: string | null;
  reviewed_at: string | Date | null;
}

function draftFromRecord(row: DraftRecord): DraftRow {
  return {
    id: row.id,
    deliverableId: row.deliverable_id,
    dealId: row.deal_id,
    round: Number(row.round),
    url: row.url,
    note: row.note,
    state: row.state,
    reviewNote: row.review_note,
    submittedByUserId: row.submitted_by_user_id,
    submittedAt: new Date(row.submitted_at),
    reviewedByUserId: row.reviewed_by_user_id,
    reviewedAt: row.reviewed_at === null ? null : new Date(row.reviewed_at),
  };
}

interface LockedDealRecord {
  id: string;
  creator_id: string;
  brand_id: string;
  status: DealStatus;
  requires_approval: boolean;
  approval_lead_hours: number;
}

function lockedDealFromRecord(row: LockedDealRecord): LockedDeal {
  return {
    id: row.id,
    creatorId: row.creator_id,
    brandId: row.brand_id,
    status: row.status,
    requiresApproval: row.requires_approval,
    approvalLeadHours: Number(row.approval_lead_hours),
  };
}

async function run<T>(runner: EntityManager | DataSource, statement: Sql): Promise<T[]> {
  return runner.query<T[]>(statement.text, statement.values);
}

/**
 * A deliverable's latest round (null before the first), read through the caller's transaction:
 * for checks made inside another aggregate's write (markDeliverablePosted).
 */
export async function latestRound(
  manager: EntityManager,
  deliverableId: string,
): Promise<DraftRow | null> {
  const [row] = await run<DraftRecord>(
    manager,
    sql`SELECT ${DRAFT_COLUMNS} FROM deliverable_drafts r
         WHERE r.deliverable_id = ${deliverableId}::uuid
         ORDER BY r.round DESC LIMIT 1`,
  );
  return row ? draftFromRecord(row) : null;
}

/**
 * All the SQL of `deliverable_drafts`. Reads go through `visibleDeals`: a draft is seen by whoever
 * may see its deal (its creator, its brand's members, administrators). Writers lock the deal's
 * row first, as every writer of a deal's deliverables does, so rounds of one deliverable are
 * numbered, superseded and answered one at a time.
 */
@Injectable()
export class DraftRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The deal of a deliverable the viewer may see, locked until the transaction ends. */
  lockDealOfDeliverable(
    manager: EntityManager,
    viewer: Viewer,
    deliverableId: string,
  ): Promise<LockedDeal | null> {
    return this.lockDealOf(manager, viewer, sqlText('deliverables'), deliverableId);
  }

  /** The deal of a draft the viewer may see, locked until the transaction ends. */
  lockDealOfDraft(
    manager: EntityManager,
    viewer: Viewer,
    draftId: string,
  ): Promise<LockedDeal | null> {
    return this.lockDealOf(manager, viewer, sqlText('deliverable_drafts'), draftId);
  }

  /** The deal of a row of `table` (which has `deal_id`) the viewer may see, locked. */
  private async lockDealOf(
    manager: EntityManager,
    viewer: Viewer,
    table: Sql,
    id: string,
  ): Promise<LockedDeal | null> {
    const [row] = await run<LockedDealRecord>(
      manager,
      sql`SELECT d.id, d.creator_id, d.brand_id, d.status, d.requires_approval, d.approval_lead_hours
            FROM ${table} r JOIN deals d ON d.id = r.deal_id
           WHERE r.id = ${id}::uuid AND ${visibleDeals(viewer, 'd')}
             FOR UPDATE OF d`,
    );
    return row ? lockedDealFromRecord(row) : null;
  }

  /**
   * A deliverable's status and latest round. Read after its deal was locked, so it sees every
   * write that committed before the lock was granted.
   */
  async rounds(manager: EntityManager, deliverableId: string): Promise<DeliverableRounds | null> {
    const [row] = await run<{ id: string; status: DeliverableStatus }>(
      manager,
      sql`SELECT x.id, x.status FROM deliverables x WHERE x.id = ${deliverableId}::uuid`,
    );
    if (!row) return null;
    return {
      deliverableId: row.id,
      status: row.status,
      latest: await latestRound(manager, deliverableId),
    };
  }

  /** One round by id (the caller checked its deal is visible and locked it). */
  async draft(manager: EntityManager, draftId: string): Promise<DraftRow | null> {
    const [row] = await run<DraftRecord>(
      manager,
      sql`SELECT ${DRAFT_COLUMNS} FROM deliverable_drafts r WHERE r.id = ${draftId}::uuid`,
    );
    return row ? draftFromRecord(row) : null;
  }

  async insert(
    manager: EntityManager,
    draft: Pick<
      DraftRow,
      'deliverableId' | 'dealId' | 'round' | 'url' | 'note' | 'submittedByUserId' | 'submittedAt'
    >,
  ): Promise<DraftRow> {
    const [row] = await run<DraftRecord>(
      manager,
      sql`INSERT INTO deliverable_drafts AS r (deliverable_id, deal_id, round, url, note,
                                              submitted_by_user_id, submitted_at)
          VALUES (${draft.deliverableId}::uuid, ${draft.dealId}::uuid, ${draft.round}::int,
                  ${draft.url}, ${draft.note}, ${draft.submittedByUserId}::uuid, ${draft.submittedAt})
          RETURNING ${DRAFT_COLUMNS}`,
    );
    return draftFromRecord(row);
  }

  /** A round still IN_REVIEW becomes SUPERSEDED (a newer round replaces it). */
  async supersede(manager: EntityManager, draftId: string): Promise<void> {
    await run(
      manager,
      sql`UPDATE deliverable_drafts SET state = 'SUPERSEDED'
           WHERE id = ${draftId}::uuid AND state = 'IN_REVIEW'`,
    );
  }

  /** Answers a round still IN_REVIEW; null when it no longer is. */
  async answer(
    manager: EntityManager,
    answer: {
      draftId: string;
      state: 'APPROVED' | 'CHANGES_REQUESTED';
      reviewNote: string;
      userId: string;
      at: Date;
    },
  ): Promise<DraftRow | null> {
    // Wrapped in a SELECT: the driver answers an UPDATE … RETURNING with [rows, count].
    const [row] = await run<DraftRecord>(
      manager,
      sql`WITH answered AS (
            UPDATE deliverable_drafts
               SET state = ${answer.state}, review_note = ${answer.reviewNote},
                   reviewed_by_user_id = ${answer.userId}::uuid, reviewed_at = ${answer.at}
             WHERE id = ${answer.draftId}::uuid AND state = 'IN_REVIEW'
            RETURNING *)
          SELECT ${DRAFT_COLUMNS} FROM answered r`,
    );
    return row ? draftFromRecord(row) : null;
  }

  /**
   * Every round of each deliverable the viewer may see, oldest round first: one statement for any
   * number of deliverables. A deliverable of another tenant has none.
   */
  async visibleRounds(viewer: Viewer, deliverableIds: readonly string[]): Promise<DraftRow[]> {
    const ids = deliverableIds.filter(isUuid);
    if (ids.length === 0) return [];
    const rows = await run<DraftRecord>(
      this.dataSource,
      sql`SELECT ${DRAFT_COLUMNS}
            FROM deliverable_drafts r JOIN deals d ON d.id = r.deal_id
           WHERE r.deliverable_id = ANY(${ids}::uuid[]) AND ${visibleDeals(viewer, 'd')}
           ORDER BY r.deliverable_id, r.round`,
    );
    return rows.map(draftFromRecord);
  }

  /**
   * The latest round's state of each deliverable that has one, for deliverables the caller
   * already reached through a scoped query (a ranked list page): one statement.
   */
  async latestStates(deliverableIds: readonly string[]): Promise<Map<string, DraftState>> {
    if (deliverableIds.length === 0) return new Map();
    const rows = await run<{ deliverable_id: string; state: DraftState }>(
      this.dataSource,
      sql`SELECT DISTINCT ON (r.deliverable_id) r.deliverable_id, r.state
            FROM deliverable_drafts r
           WHERE r.deliverable_id = ANY(${[...deliverableIds]}::uuid[])
           ORDER BY r.deliverable_id, r.round DESC`,
    );
    return new Map(rows.map((row) => [row.deliverable_id, row.state]));
  }

  /**
   * One page of the rounds awaiting an answer that the viewer may see (brand members: their
   * brands' deals; creators: their own; administrators: all), oldest submission first. Only
   * rounds that can still be answered: a PLANNED deliverable of a DRAFT or ACTIVE deal.
   */
  awaitingReview(viewer: Viewer, paging: PageRequest): Promise<Connection<DraftRow>> {
    const conditions = [
      sqlText(`r.state = 'IN_REVIEW'`),
      sqlText(`x.status = 'PLANNED'`),
      sqlText(`d.status IN ('DRAFT', 'ACTIVE')`),
      visibleDeals(viewer, 'd'),
    ];
    const from = sqlText(
      'deliverable_drafts r JOIN deals d ON d.id = r.deal_id JOIN deliverables x ON x.id = r.deliverable_id',
    );
    return keysetSqlPage(
      this.dataSource,
      {
        select: sql`${DRAFT_COLUMNS}, r.submitted_at::text AS sort_key`,
        from,
        where: conditions,
        order: {
          columns: [sqlText('r.submitted_at'), sqlText('r.id')],
          direction: 'ASC',
          cursorValues: ([submittedAt, id]) =>
            isTimestampText(submittedAt) && isUuid(id)
              ? [sql`${submittedAt}::timestamptz`, sql`${id}::uuid`]
              : null,
        },
        cursorOf: (row: DraftRecord & { sort_key: string }) => [row.sort_key, row.id],
      },
      paging,
      draftFromRecord,
      async () => {
        const counted = sql`SELECT count(*)::int AS total FROM ${from} WHERE ${joinSql(conditions)}`;
        const [{ total }] = await run<{ total: number }>(this.dataSource, counted);
        return total;
      },
    );
  }
}
