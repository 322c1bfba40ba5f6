import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { sql, sqlText, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';

export const PROPOSAL_STATES = ['OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'EXPIRED'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** A reschedule proposal as stored, with its deal's parties. */
export interface ProposalRow {
  readonly id: string;
  readonly dealId: string;
  readonly deliverableId: string;
  readonly creatorId: string;
  readonly brandId: string;
  /** As stored: an OPEN row past its original deadline reads EXPIRED (see {@link stateAt}). */
  readonly state: ProposalState;
  readonly originalPlatformId: string;
  readonly originalPlatformSlug: string;
  readonly originalScheduledAt: Date;
  readonly originalDueAt: Date;
  readonly proposedPlatformId: string;
  readonly proposedPlatformSlug: string;
  readonly proposedScheduledAt: Date;
  readonly proposedDueAt: Date;
  readonly outageIds: readonly string[];
  readonly atStake: Record<string, unknown>;
  readonly note: string;
  readonly responseNote: string;
  readonly proposedByUserId: string | null;
  readonly proposedAt: Date;
  readonly closedByUserId: string | null;
  readonly closedAt: Date | null;
  readonly version: number;
}

export type NewProposal = Omit<
  ProposalRow,
  | 'id'
  | 'state'
  | 'responseNote'
  | 'closedByUserId'
  | 'closedAt'
  | 'version'
  | 'creatorId'
  | 'brandId'
  | 'originalPlatformSlug'
  | 'proposedPlatformSlug'
>;

/** Where and when the deliverable was when proposed, and where and when it would run. */
export function slotsOf(row: ProposalRow): {
  original: { platformSlug: string; scheduledAt: Date; dueAt: Date };
  proposed: { platformSlug: string; scheduledAt: Date; dueAt: Date };
} {
  return {
    original: {
      platformSlug: row.originalPlatformSlug,
      scheduledAt: row.originalScheduledAt,
      dueAt: row.originalDueAt,
    },
    proposed: {
      platformSlug: row.proposedPlatformSlug,
      scheduledAt: row.proposedScheduledAt,
      dueAt: row.proposedDueAt,
    },
  };
}

/** A proposal's state at `now`: an OPEN one expires at the deliverable's original deadline. */
export function stateAt(
  row: Pick<ProposalRow, 'state' | 'originalDueAt'>,
  now: Date,
): ProposalState {
  return row.state === 'OPEN' && now >= row.originalDueAt ? 'EXPIRED' : row.state;
}

export interface ProposalFilter {
  readonly states?: readonly ProposalState[];
  readonly dealId?: string;
  readonly brandId?: string;
  readonly deliverableIds?: readonly string[];
}

interface Row {
  id: string;
  deal_id: string;
  deliverable_id: string;
  creator_id: string;
  brand_id: string;
  state: ProposalState;
  original_platform_id: string;
  original_scheduled_at: Date;
  original_due_at: Date;
  proposed_platform_id: string;
  proposed_scheduled_at: Date;
  proposed_due_at: Date;
  outage_ids: string[];
  at_stake: Record<string, unknown>;
  note: string;
  response_note: string;
  proposed_by_user_id: string | null;
  proposed_at: Date;
  closed_by_user_id: string | null;
  closed_at: Date | null;
  version: number;
  original_platform_slug: string;
  proposed_platform_slug: string;
}

const COLUMNS = sqlText(`p.id, p.deal_id, p.deliverable_id, d.creator_id, d.brand_id, p.state,
  p.original_platform_id, p.original_scheduled_at, p.original_due_at, p.proposed_platform_id,
  p.proposed_scheduled_at, p.proposed_due_at, p.outage_ids::text[] AS outage_ids, p.at_stake,
  p.note, p.response_note, p.proposed_by_user_id, p.proposed_at, p.closed_by_user_id,
  p.closed_at, p.version,
  (SELECT slug FROM platforms WHERE id = p.original_platform_id) AS original_platform_slug,
  (SELECT slug FROM platforms WHERE id = p.proposed_platform_id) AS proposed_platform_slug`);

function fromRow(row: Row): ProposalRow {
  const date = (value: Date | string) => new Date(value);
  return {
    id: row.id,
    dealId: row.deal_id,
    deliverableId: row.deliverable_id,
    creatorId: row.creator_id,
    brandId: row.brand_id,
    state: row.state,
    originalPlatformId: row.original_platform_id,
    originalPlatformSlug: row.original_platform_slug,
    originalScheduledAt: date(row.original_scheduled_at),
    originalDueAt: date(row.original_due_at),
    proposedPlatformId: row.proposed_platform_id,
    proposedPlatformSlug: row.proposed_platform_slug,
    proposedScheduledAt: date(row.proposed_scheduled_at),
    proposedDueAt: date(row.proposed_due_at),
    outageIds: row.outage_ids,
    atStake: row.at_stake,
    note: row.note,
    responseNote: row.response_note,
    proposedByUserId: row.proposed_by_user_id,
    proposedAt: date(row.proposed_at),
    closedByUserId: row.closed_by_user_id,
    closedAt: row.closed_at === null ? null : date(row.closed_at),
    version: row.version,
  };
}

/** All of the reschedule proposals' SQL, behind `visibleDeals`. */
@Injectable()
export class RescheduleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The visible proposals matching `filter`, newest first (a tenant's proposals are few: one
   * open per deliverable, a handful closed).
   */
  async list(
    viewer: Viewer,
    filter: ProposalFilter,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ProposalRow[]> {
    const conditions: Sql[] = [visibleDeals(viewer, 'd')];
    if (filter.dealId) conditions.push(sql`p.deal_id = ${filter.dealId}::uuid`);
    if (filter.brandId) conditions.push(sql`d.brand_id = ${filter.brandId}::uuid`);
    if (filter.deliverableIds) {
      conditions.push(sql`p.deliverable_id = ANY(${filter.deliverableIds}::uuid[])`);
    }
    const where = conditions.reduce((all, next) => sql`${all} AND ${next}`);
    const statement = sql`SELECT ${COLUMNS} FROM reschedule_proposals p
      JOIN deals d ON d.id = p.deal_id
     WHERE ${where}
     ORDER BY p.proposed_at DESC, p.id DESC`;
    const rows = await manager.query<Row[]>(statement.text, statement.values);
    return rows.map(fromRow);
  }

  /** One visible proposal, without a lock (to find its deal before locking in order). */
  async findVisible(viewer: Viewer, id: string): Promise<ProposalRow | null> {
    const statement = sql`SELECT ${COLUMNS} FROM reschedule_proposals p
      JOIN deals d ON d.id = p.deal_id
     WHERE p.id = ${id}::uuid AND ${visibleDeals(viewer, 'd')}`;
    const [row] = await this.dataSource.query<Row[]>(statement.text, statement.values);
    return row ? fromRow(row) : null;
  }

  /** The proposal locked for a state change (its deal locked first by the caller). */
  async lock(manager: EntityManager, id: string): Promise<ProposalRow | null> {
    const statement = sql`SELECT ${COLUMNS} FROM reschedule_proposals p
      JOIN deals d ON d.id = p.deal_id
     WHERE p.id = ${id}::uuid
       FOR UPDATE OF p`;
    const [row] = await manager.query<Row[]>(statement.text, statement.values);
    return row ? fromRow(row) : null;
  }

  /** Closes the deliverable's OPEN proposals past their original deadline as EXPIRED. */
  async expireOpen(manager: EntityManager, deliverableId: string, now: Date): Promise<void> {
    const statement = sql`UPDATE reschedule_proposals
         SET state = 'EXPIRED', closed_at = original_due_at, version = version + 1
       WHERE deliverable_id = ${deliverableId}::uuid AND state = 'OPEN' AND original_due_at <= ${now}`;
    await manager.query(statement.text, statement.values);
  }

  async insert(manager: EntityManager, proposal: NewProposal): Promise<string> {
    const statement = sql`INSERT INTO reschedule_proposals (deal_id, deliverable_id,
        original_platform_id, original_scheduled_at, original_due_at, proposed_platform_id,
        proposed_scheduled_at, proposed_due_at, outage_ids, at_stake, note, proposed_by_user_id,
        proposed_at)
      VALUES (${proposal.dealId}::uuid, ${proposal.deliverableId}::uuid,
        ${proposal.originalPlatformId}::uuid, ${proposal.originalScheduledAt},
        ${proposal.originalDueAt}, ${proposal.proposedPlatformId}::uuid,
        ${proposal.proposedScheduledAt}, ${proposal.proposedDueAt},
        ${[...proposal.outageIds]}::uuid[], ${JSON.stringify(proposal.atStake)}::jsonb,
        ${proposal.note}, ${proposal.proposedByUserId}::uuid, ${proposal.proposedAt})
      RETURNING id`;
    const [row] = await manager.query<Array<{ id: string }>>(statement.text, statement.values);
    return row.id;
  }

  async close(
    manager: EntityManager,
    id: string,
    change: { state: ProposalState; userId: string; note: string; at: Date },
  ): Promise<void> {
    const statement = sql`UPDATE reschedule_proposals
         SET state = ${change.state}, closed_by_user_id = ${change.userId}::uuid,
             response_note = ${change.note}, closed_at = ${change.at}, version = version + 1
       WHERE id = ${id}::uuid`;
    await manager.query(statement.text, statement.values);
  }

  /** The deliverable locked with its deal's parties and status, when the viewer may see it. */
  async lockVisibleDeliverable(
    manager: EntityManager,
    viewer: Viewer,
    deliverableId: string,
  ): Promise<{ dealId: string; creatorId: string; dealStatus: string; status: string } | null> {
    const statement = sql`SELECT x.deal_id, d.creator_id, d.status AS deal_status, x.status
        FROM deliverables x JOIN deals d ON d.id = x.deal_id
       WHERE x.id = ${deliverableId}::uuid AND ${visibleDeals(viewer, 'd')}
         FOR UPDATE OF x`;
    const [row] = await manager.query<
      Array<{ deal_id: string; creator_id: string; deal_status: string; status: string }>
    >(statement.text, statement.values);
    return row
      ? {
          dealId: row.deal_id,
          creatorId: row.creator_id,
          dealStatus: row.deal_status,
          status: row.status,
        }
      : null;
  }
}
