import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { containsPattern } from '../common/database/like-pattern';
import { keysetPage, keysetSqlPage } from '../common/database/keyset-page';
import { runTransaction } from '../common/database/retry';
import { rowMapper, type RowMapper } from '../common/database/row-mapper';
import { toDate } from '../common/database/to-date';
import { identifier, joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import { mapNodes, type Connection, type CursorKey } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { CreatorEntity } from '../creators/creator.entity';
import { PlatformEntity } from '../platforms/platform.entity';
import {
  cursorTag,
  isIntegerText,
  isTimestampText,
  tagConnection,
  untagCursor,
} from '../common/graphql/list-order';
import { DealAlternatePlatformEntity, DealEntity, type DealStatus } from './deal.entity';
import { DeliverableEntity, type DeliverableStatus } from './deliverable.entity';
import type { DeliverableOrderField } from './deliverable.enums';
import type { DealOrderField, DealsArgs } from './dto/deals.args';
import type {
  DeliverableFilter,
  DeliverableOrder,
  DeliverablesArgs,
} from './dto/deliverables.args';

/**
 * The tenancy boundary for deals and everything under them, written once: which deals a caller
 * may read. The deal repository and every read model (impact, exposure, reports, audit, CSV,
 * calendar, webhooks, loaders) place this fragment in their SQL, so a nested field can never
 * return another tenant's rows.
 *
 * - administrator: every deal (they run the service; they write only their own)
 * - creator: the deals they logged
 * - brand member: the deals with a brand they belong to
 *
 * `dealAlias` names the `deals` row in the caller's statement.
 */
export function visibleDeals(viewer: Viewer, dealAlias: string): Sql {
  const deal = identifier(dealAlias);
  if (viewer.isAdmin) return sqlText('TRUE');
  if (viewer.role === 'CREATOR') {
    return viewer.creatorId ? sql`${deal}.creator_id = ${viewer.creatorId}` : sqlText('FALSE');
  }
  return viewer.brandIds.length > 0
    ? sql`${deal}.brand_id = ANY(${viewer.brandIds}::uuid[])`
    : sqlText('FALSE');
}

/**
 * {@link visibleDeals} for a statement that reads deliverables joined to their deal: the same
 * rule, but a brand member's condition is on the deliverable's copy of its deal's brand
 * (`deliverables.brand_id`, held equal to the deal's by a trigger and a foreign key), so a brand's
 * list is read in order from the (brand_id, scheduled_at, id) index: the page's rows, not every
 * deliverable of the brand. One brand is compared with `=`: PostgreSQL 15 reads no index in order
 * under `= ANY(array)`.
 */
function visibleDeliverables(viewer: Viewer, deliverableAlias: string, dealAlias: string): Sql {
  if (viewer.isAdmin || viewer.role === 'CREATOR' || viewer.brandIds.length === 0) {
    return visibleDeals(viewer, dealAlias);
  }
  const deliverable = identifier(deliverableAlias);
  return viewer.brandIds.length === 1
    ? sql`${deliverable}.brand_id = ${viewer.brandIds[0]}::uuid`
    : sql`${deliverable}.brand_id = ANY(${viewer.brandIds}::uuid[])`;
}

/** What a deliverable in a list is shown with: fetched in the same statement as the page. */
export interface DeliverableRelations {
  deals: DealEntity[];
  creators: CreatorEntity[];
  platforms: PlatformEntity[];
}

export type DeliverablePage = Connection<DeliverableEntity> & { related: DeliverableRelations };

/** A deliverable with what ranking it in memory needs and what its nested fields show. */
export interface DeliverableCandidate {
  deliverable: DeliverableEntity;
  deal: DealEntity;
  creator: CreatorEntity;
  platform: PlatformEntity;
  /** The deal's alternate platforms, in order of preference. */
  alternatePlatformIds: string[];
}

/** Conditions a caller of {@link DealRepository.deliverableCandidates} adds to the client's filter. */
export interface CandidateNarrowing {
  statuses?: readonly DeliverableStatus[];
  dealStatuses?: readonly DealStatus[];
  /** Deadline strictly before this instant. */
  dueBefore?: Date;
}

/** The deals list's orders: the column and what its keyset values look like. */
const DEAL_ORDER_COLUMNS: Record<
  DealOrderField,
  { column: string; valid: (v: string) => boolean }
> = {
  CREATED_AT: { column: 'deal.created_at', valid: isTimestampText },
  UPDATED_AT: { column: 'deal.updated_at', valid: isTimestampText },
  TITLE: { column: 'deal.title', valid: () => true },
  TOTAL_FEE: { column: 'deal.total_fee', valid: isIntegerText },
};

const DEFAULT_DELIVERABLE_ORDER: DeliverableOrder = { field: 'SCHEDULED_AT', direction: 'ASC' };

/** The SQL orders of the deliverables list: each an instant, ties broken by id. */
const DELIVERABLE_ORDER_COLUMNS: Record<Exclude<DeliverableOrderField, 'RISK'>, string> = {
  DUE_AT: 'd.due_at',
  SCHEDULED_AT: 'd.scheduled_at',
  UPDATED_AT: 'd.updated_at',
};

/** The column that owns a deal in a nested list: a creator's or a brand's deals. */
export type DealOwner = 'creator_id' | 'brand_id';

/** One deal of an owner's first page, with its place in the owner's list. */
export interface RankedDeal {
  ownerId: string;
  /** Null on the row that only carries `total` (no deal of the owner after the cursor). */
  deal: DealEntity | null;
  /** `created_at` as Postgres prints it: the keyset cursor's sort value. */
  sort: string;
  /** How many of the owner's deals the caller may see. */
  total: number;
  /** How many of them come before the page (at or before the `after` cursor). */
  earlier: number;
}

/** Columns a new deal is written with; the rest are defaults. */
export type NewDeal = Omit<DealEntity, 'id' | 'createdAt' | 'updatedAt'>;

/** Columns a new deliverable is written with. */
export type NewDeliverable = Pick<
  DeliverableEntity,
  | 'dealId'
  | 'platformId'
  | 'kind'
  | 'title'
  | 'scheduledAt'
  | 'durationMinutes'
  | 'dueAt'
  | 'fee'
  | 'timing'
  | 'status'
  | 'version'
> &
  Partial<Pick<DeliverableEntity, 'postedAt' | 'postUrl'>>;

interface Mappers {
  deliverable: RowMapper<DeliverableEntity>;
  deal: RowMapper<DealEntity>;
  creator: RowMapper<CreatorEntity>;
  platform: RowMapper<PlatformEntity>;
}

/**
 * Every statement on `deals`, `deliverables` and `deal_alternate_platforms`: services decide and
 * orchestrate (transactions, audit, outbox), loaders batch, this class alone speaks SQL to the
 * deal aggregate and alone places the visibility rule. Writes take the caller's transaction
 * manager; reads outside one may omit it.
 */
@Injectable()
export class DealRepository {
  private mappers?: Mappers;

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction, retried on serialization failures and deadlocks. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runTransaction(this.dataSource, work);
  }

  // ---- deals ----

  /** A deal the caller may see, or null. */
  findVisibleDeal(viewer: Viewer, dealId: string): Promise<DealEntity | null> {
    const visible = visibleDeals(viewer, 'deal').named('visible');
    return this.dataSource
      .getRepository(DealEntity)
      .createQueryBuilder('deal')
      .where('deal.id = :dealId', { dealId })
      .andWhere(visible.condition, visible.params)
      .getOne();
  }

  /** The deals the caller may see, filtered, in `args.orderBy` (default newest first), one keyset page. */
  async listVisibleDeals(viewer: Viewer, args: DealsArgs): Promise<Connection<DealEntity>> {
    const visible = visibleDeals(viewer, 'deal').named('visible');
    const query = this.dataSource
      .getRepository(DealEntity)
      .createQueryBuilder('deal')
      .where(visible.condition, visible.params);
    const filter = args.filter ?? {};
    if (filter.status) query.andWhere('deal.status = :status', { status: filter.status });
    if (filter.brandId) query.andWhere('deal.brand_id = :brandId', { brandId: filter.brandId });
    if (filter.currency)
      query.andWhere('deal.currency = :currency', { currency: filter.currency.toUpperCase() });
    if (filter.search) {
      query.andWhere(`deal.title ILIKE :search ESCAPE '\\'`, {
        search: containsPattern(filter.search),
      });
    }
    const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' };
    const { column, valid } = DEAL_ORDER_COLUMNS[order.field];
    // The default order's cursors carry no tag: those issued before orderBy existed still work.
    const isDefault = order.field === 'CREATED_AT' && order.direction === 'DESC';
    const tag = isDefault ? null : cursorTag(order.field, order.direction, 'keyset');
    const page = await keysetPage(
      query,
      { sortColumn: column, idColumn: 'deal.id', direction: order.direction },
      {
        ...args,
        after: untagCursor(args.after, tag, valid),
        before: untagCursor(args.before, tag, valid, 'before'),
      },
      (deal) => deal,
    );
    return tagConnection(page, tag);
  }

  /** The creator's own deal, locked FOR UPDATE until the transaction ends; null otherwise. */
  lockOwnedDeal(
    manager: EntityManager,
    creatorId: string,
    dealId: string,
  ): Promise<DealEntity | null> {
    return manager
      .getRepository(DealEntity)
      .createQueryBuilder('deal')
      .setLock('pessimistic_write')
      .where('deal.id = :dealId AND deal.creator_id = :creatorId', { dealId, creatorId })
      .getOne();
  }

  /**
   * Inserts the deals in one statement whatever their number (arrays, not a bind parameter per
   * value); the deals as stored, in the order given.
   */
  async insertDeals(manager: EntityManager, deals: readonly NewDeal[]): Promise<DealEntity[]> {
    if (deals.length === 0) return [];
    // Ids chosen here (random, as the column's default), so rows pair with deals by id.
    const ids = deals.map(() => randomUUID());
    const statement = sql`INSERT INTO deals (id, creator_id, brand_id, title, currency, total_fee, status, signed_on,
             net_payment_days, late_penalty_bps_per_day, late_penalty_cap_bps, kill_after_days_late,
             kill_fee_bps, force_majeure, notes, shared_notes, version, upfront_share_bps, upfront_due_days,
             activated_at, requires_approval, approval_lead_hours)
      SELECT * FROM unnest(${ids}::uuid[], ${deals.map((d) => d.creatorId)}::uuid[], ${deals.map((d) => d.brandId)}::uuid[],
             ${deals.map((d) => d.title)}::text[], ${deals.map((d) => d.currency)}::text[],
             ${deals.map((d) => d.totalFee.toString())}::bigint[], ${deals.map((d) => d.status)}::text[],
             ${deals.map((d) => d.signedOn)}::date[], ${deals.map((d) => d.netPaymentDays)}::int[],
             ${deals.map((d) => d.latePenaltyBpsPerDay)}::int[], ${deals.map((d) => d.latePenaltyCapBps)}::int[],
             ${deals.map((d) => d.killAfterDaysLate)}::int[], ${deals.map((d) => d.killFeeBps)}::int[],
             ${deals.map((d) => d.forceMajeure)}::boolean[], ${deals.map((d) => d.notes)}::text[],
             ${deals.map((d) => d.sharedNotes)}::text[], ${deals.map((d) => d.version)}::int[],
             ${deals.map((d) => d.upfrontShareBps)}::int[], ${deals.map((d) => d.upfrontDueDays)}::int[],
             ${deals.map((d) => d.activatedAt)}::timestamptz[],
             ${deals.map((d) => d.requiresApproval)}::boolean[], ${deals.map((d) => d.approvalLeadHours)}::int[])
      RETURNING id, created_at, updated_at, activated_at`;
    const rows = await manager.query<
      Array<{
        id: string;
        created_at: Date | string;
        updated_at: Date | string;
        activated_at: Date | string | null;
      }>
    >(statement.text, statement.values);
    const stored = new Map(rows.map((row) => [row.id, row]));
    return deals.map((deal, index) => {
      const row = stored.get(ids[index])!;
      return Object.assign(new DealEntity(), deal, {
        id: row.id,
        createdAt: toDate(row.created_at),
        updatedAt: toDate(row.updated_at),
        activatedAt: row.activated_at === null ? null : toDate(row.activated_at),
      });
    });
  }

  /**
   * Writes `changes` and bumps the version in one UPDATE guarded by the version the caller read;
   * the row afterwards, or null when someone else changed it first.
   */
  async updateDeal(
    manager: EntityManager,
    deal: Pick<DealEntity, 'id' | 'version'>,
    changes: Partial<DealEntity>,
  ): Promise<DealEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(DealEntity)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id: deal.id, version: deal.version })
      .execute();
    if (result.affected !== 1) return null;
    return manager.getRepository(DealEntity).findOneByOrFail({ id: deal.id });
  }

  /** The deal's stored version (null when it is gone), to report a lost race. */
  async dealVersion(manager: EntityManager, dealId: string): Promise<number | null> {
    const current = await manager.getRepository(DealEntity).findOneBy({ id: dealId });
    return current?.version ?? null;
  }

  /** The deals the caller may see among `ids` (any order). */
  async visibleDealsByIds(viewer: Viewer, ids: readonly string[]): Promise<DealEntity[]> {
    const statement = sql`SELECT d.id FROM deals d WHERE d.id = ANY(${ids}::uuid[]) AND ${visibleDeals(viewer, 'd')}`;
    const visibleIds = await this.dataSource.query<Array<{ id: string }>>(
      statement.text,
      statement.values,
    );
    return this.dataSource
      .getRepository(DealEntity)
      .findBy({ id: In(visibleIds.map((row) => row.id)) });
  }

  /**
   * The first `limit` deals of each owner that the caller may see, newest first, ordered by
   * owner then position: one windowed query whatever the number of owners.
   */
  async visibleDealsByOwner(
    viewer: Viewer,
    owner: DealOwner,
    ownerIds: readonly string[],
    limit: number,
    after: CursorKey | null = null,
  ): Promise<RankedDeal[]> {
    const column = identifier(`d.${owner}`);
    // Newest first, as the deals query's default order, so a nested cursor pages on there too.
    // `total` counts every visible deal of the owner, before `after`; an owner whose page after
    // the cursor is empty keeps one row (in_page false) to carry it.
    const later = after
      ? sql`(d.created_at, d.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : sql`true`;
    const statement = sql`SELECT id, owner_id, sort, total, earlier, in_page FROM (
             SELECT d.id, ${column} AS owner_id, d.created_at::text AS sort, ${later} AS in_page,
                    row_number() OVER (PARTITION BY ${column}
                                       ORDER BY ${later} DESC, d.created_at DESC, d.id DESC) AS position,
                    count(*) OVER (PARTITION BY ${column}) AS total,
                    count(*) FILTER (WHERE NOT ${later}) OVER (PARTITION BY ${column}) AS earlier
               FROM deals d
              WHERE ${column} = ANY(${ownerIds}::uuid[]) AND ${visibleDeals(viewer, 'd')}
           ) ranked
           WHERE (in_page AND position <= ${limit}) OR position = 1
           ORDER BY owner_id, position`;
    const ranked = await this.dataSource.query<
      Array<{
        id: string;
        owner_id: string;
        sort: string;
        total: string | number;
        earlier: string | number;
        in_page: boolean;
      }>
    >(statement.text, statement.values);
    const inPage = ranked.filter((row) => row.in_page);
    const deals = await this.dataSource
      .getRepository(DealEntity)
      .findBy({ id: In(inPage.map((row) => row.id)) });
    const dealById = new Map(deals.map((deal) => [deal.id, deal]));
    return ranked.map((row) => ({
      ownerId: row.owner_id,
      deal: row.in_page ? dealById.get(row.id)! : null,
      sort: row.sort,
      total: Number(row.total),
      earlier: Number(row.earlier),
    }));
  }

  // ---- alternate platforms ----

  /** Replaces the deal's alternate platforms with `platformIds`, in that order of preference. */
  async replaceAlternates(
    manager: EntityManager,
    dealId: string,
    platformIds: readonly string[],
  ): Promise<void> {
    await manager.delete(DealAlternatePlatformEntity, { dealId });
    await this.insertAlternates(manager, [{ dealId, platformIds }]);
  }

  /**
   * Gives deals that have none yet their alternate platforms, each list in its order of
   * preference: one statement for every deal (none when no deal has any).
   */
  async insertAlternates(
    manager: EntityManager,
    alternates: ReadonlyArray<{ dealId: string; platformIds: readonly string[] }>,
  ): Promise<void> {
    const rows = alternates.flatMap(({ dealId, platformIds }) =>
      platformIds.map((platformId, position) => ({ dealId, platformId, position })),
    );
    if (rows.length === 0) return;
    const statement = sql`INSERT INTO deal_alternate_platforms (deal_id, platform_id, position)
      SELECT * FROM unnest(${rows.map((row) => row.dealId)}::uuid[],
                           ${rows.map((row) => row.platformId)}::uuid[],
                           ${rows.map((row) => row.position)}::int[])`;
    await manager.query(statement.text, statement.values);
  }

  /** The deal's alternate platforms' slugs, in order of preference. */
  async alternateSlugs(manager: EntityManager, dealId: string): Promise<string[]> {
    const statement = sql`SELECT p.slug FROM deal_alternate_platforms a JOIN platforms p ON p.id = a.platform_id
      WHERE a.deal_id = ${dealId} ORDER BY a.position`;
    const rows = await manager.query<Array<{ slug: string }>>(statement.text, statement.values);
    return rows.map((row) => row.slug);
  }

  /** The alternate platforms of each deal, by deal then preference: one joined query. */
  async alternatePlatformsByDealIds(
    dealIds: readonly string[],
  ): Promise<Array<{ dealId: string; platform: PlatformEntity }>> {
    const { entities, raw } = await this.dataSource
      .getRepository(PlatformEntity)
      .createQueryBuilder('platform')
      .innerJoin(DealAlternatePlatformEntity, 'alternate', 'alternate.platform_id = platform.id')
      .addSelect('alternate.deal_id', 'alternate_deal_id')
      .where('alternate.deal_id IN (:...dealIds)', { dealIds })
      .orderBy('alternate.deal_id')
      .addOrderBy('alternate.position')
      .getRawAndEntities<{ alternate_deal_id: string }>();
    return entities.map((platform, index) => ({
      platform,
      dealId: raw[index].alternate_deal_id,
    }));
  }

  // ---- deliverables ----

  /** A deal's deliverables by slot (then id): the order the fee rules share remainders in. */
  dealDeliverables(manager: EntityManager, dealId: string): Promise<DeliverableEntity[]> {
    return manager.getRepository(DeliverableEntity).find({
      where: { dealId },
      order: { scheduledAt: 'ASC', id: 'ASC' },
    });
  }

  /** How many deliverables a deal holds (the caller holds the deal's lock). */
  countDealDeliverables(manager: EntityManager, dealId: string): Promise<number> {
    return manager.getRepository(DeliverableEntity).countBy({ dealId });
  }

  /** The deliverables of the given deals, by slot (then id); the caller reached the deals. */
  deliverablesByDealIds(dealIds: readonly string[]): Promise<DeliverableEntity[]> {
    return this.dataSource.getRepository(DeliverableEntity).find({
      where: { dealId: In([...dealIds]) },
      order: { scheduledAt: 'ASC', id: 'ASC' },
    });
  }

  /** A deliverable the caller may see, or null. */
  findVisibleDeliverable(viewer: Viewer, deliverableId: string): Promise<DeliverableEntity | null> {
    const visible = visibleDeals(viewer, 'deal').named('visible');
    return this.dataSource
      .getRepository(DeliverableEntity)
      .createQueryBuilder('deliverable')
      .innerJoin('deals', 'deal', 'deal.id = deliverable.deal_id')
      .where('deliverable.id = :deliverableId', { deliverableId })
      .andWhere(visible.condition, visible.params)
      .getOne();
  }

  /** The deliverables the caller may see among `ids` (any order). */
  async visibleDeliverablesByIds(
    viewer: Viewer,
    ids: readonly string[],
  ): Promise<DeliverableEntity[]> {
    const statement = sql`SELECT d.id FROM deliverables d JOIN deals deal ON deal.id = d.deal_id
            WHERE d.id = ANY(${ids}::uuid[]) AND ${visibleDeals(viewer, 'deal')}`;
    const visible = await this.dataSource.query<Array<{ id: string }>>(
      statement.text,
      statement.values,
    );
    return this.dataSource
      .getRepository(DeliverableEntity)
      .findBy({ id: In(visible.map((row) => row.id)) });
  }

  /** A deliverable by id, unlocked and unscoped (the caller checks ownership through its deal). */
  findDeliverable(
    manager: EntityManager,
    deliverableId: string,
  ): Promise<DeliverableEntity | null> {
    return manager.getRepository(DeliverableEntity).findOneBy({ id: deliverableId });
  }

  /** The deliverable, locked FOR UPDATE; lock its deal first (every writer takes that order). */
  lockDeliverable(manager: EntityManager, deliverableId: string): Promise<DeliverableEntity> {
    return manager
      .getRepository(DeliverableEntity)
      .createQueryBuilder('deliverable')
      .setLock('pessimistic_write')
      .where('deliverable.id = :deliverableId', { deliverableId })
      .getOneOrFail();
  }

  /**
   * Inserts the deliverables (of any number of deals) in one statement, in the order given,
   * passing arrays rather than a bind parameter per value; their ids, in order.
   */
  async insertDeliverables(
    manager: EntityManager,
    rows: readonly NewDeliverable[],
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    // Ids chosen here (random, as the column's default): the caller pairs rows with them.
    const ids = rows.map(() => randomUUID());
    const statement = sql`INSERT INTO deliverables (id, deal_id, platform_id, kind, title, scheduled_at, duration_minutes,
             due_at, fee, timing, status, posted_at, post_url, version)
      SELECT * FROM unnest(${ids}::uuid[], ${rows.map((r) => r.dealId)}::uuid[], ${rows.map((r) => r.platformId)}::uuid[],
             ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.title)}::text[],
             ${rows.map((r) => r.scheduledAt.toISOString())}::timestamptz[],
             ${rows.map((r) => r.durationMinutes)}::int[], ${rows.map((r) => r.dueAt.toISOString())}::timestamptz[],
             ${rows.map((r) => r.fee.toString())}::bigint[], ${rows.map((r) => r.timing)}::text[],
             ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.postedAt?.toISOString() ?? null)}::timestamptz[],
             ${rows.map((r) => r.postUrl ?? null)}::text[], ${rows.map((r) => r.version)}::int[])`;
    await manager.query(statement.text, statement.values);
    return ids;
  }

  /** Inserts one deliverable and reads it back as stored. */
  async insertDeliverable(manager: EntityManager, row: NewDeliverable): Promise<DeliverableEntity> {
    const inserted = await manager.save(manager.create(DeliverableEntity, row));
    return manager.getRepository(DeliverableEntity).findOneByOrFail({ id: inserted.id });
  }

  /** Like {@link updateDeal}: a version-guarded UPDATE; null when someone else won the race. */
  async updateDeliverable(
    manager: EntityManager,
    deliverable: Pick<DeliverableEntity, 'id' | 'version'>,
    changes: Partial<DeliverableEntity>,
  ): Promise<DeliverableEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .update(DeliverableEntity)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', {
        id: deliverable.id,
        version: deliverable.version,
      })
      .execute();
    if (result.affected !== 1) return null;
    return manager.getRepository(DeliverableEntity).findOneByOrFail({ id: deliverable.id });
  }

  async deliverableVersion(manager: EntityManager, deliverableId: string): Promise<number | null> {
    const current = await manager.getRepository(DeliverableEntity).findOneBy({ id: deliverableId });
    return current?.version ?? null;
  }

  /**
   * Sets a deliverable's fee and bumps its version, unguarded: for fees moved by a change to the
   * deal, whose row lock already serialises every writer of its deliverables.
   */
  async setDeliverableFee(
    manager: EntityManager,
    deliverableId: string,
    fee: bigint,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(DeliverableEntity)
      .set({ fee, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id: deliverableId })
      .execute();
  }

  /**
   * One page of the deliverables the caller may see, in `args.orderBy` (default: by slot), with
   * each one's deal, the deal's creator and the platform: ONE statement whatever the page size
   * (the resolver primes the loaders with the related rows, so nested fields cost nothing). The
   * total is counted only when a client asks for `totalCount`. The RISK order is not SQL: the
   * impact module ranks {@link deliverableCandidates} instead.
   */
  async deliverablePage(viewer: Viewer, args: DeliverablesArgs): Promise<DeliverablePage> {
    const mappers = this.rowMappers();
    const order = args.orderBy ?? DEFAULT_DELIVERABLE_ORDER;
    if (order.field === 'RISK') throw new Error('The RISK order is ranked in memory (impact)');
    const column = identifier(DELIVERABLE_ORDER_COLUMNS[order.field]);
    // The default order's cursors carry no tag: those issued before orderBy existed still work.
    const isDefault = order.field === 'SCHEDULED_AT' && order.direction === 'ASC';
    const tag = isDefault ? null : cursorTag(order.field, order.direction, 'keyset');
    const conditions = this.deliverableConditions(viewer, args.filter ?? {});
    type Row = Record<string, unknown> & { keyset_sort: string };
    // Column lists come from entity metadata: none of them is user text.
    const page = await keysetSqlPage(
      this.dataSource,
      {
        select: sql`${sqlText(mappers.deliverable.columns)}, ${sqlText(mappers.deal.columns)}, ${sqlText(mappers.creator.columns)},
            ${sqlText(mappers.platform.columns)}, ${column}::text AS keyset_sort`,
        from: sqlText(`deliverables d
       JOIN deals deal ON deal.id = d.deal_id
       JOIN creators c ON c.id = deal.creator_id
       JOIN platforms p ON p.id = d.platform_id`),
        where: conditions,
        order: {
          columns: [sql`${column}`, sqlText('d.id')],
          direction: order.direction,
          cursorValues: ([sortValue, id]) =>
            isTimestampText(sortValue) && isUuid(id)
              ? [sql`${sortValue}::timestamptz`, sql`${id}::uuid`]
              : null,
        },
        cursorOf: (row: Row) => [row.keyset_sort, row.d__id as string],
      },
      {
        ...args,
        after: untagCursor(args.after, tag, isTimestampText),
        before: untagCursor(args.before, tag, isTimestampText, 'before'),
      },
      (row) => row,
      () => {
        const count = sql`SELECT count(*) AS count FROM deliverables d JOIN deals deal ON deal.id = d.deal_id WHERE ${joinSql(conditions)}`;
        return this.dataSource
          .query<Array<{ count: string | number }>>(count.text, count.values)
          .then(([row]) => Number(row.count));
      },
    );
    const rows = page.edges.map((edge) => edge.node);
    const connection = tagConnection(
      mapNodes(page, (row) => mappers.deliverable.fromRow(row)),
      tag,
    );
    // Object.assign, not a spread: a spread would read the lazy totalCount and always count.
    return Object.assign(connection, { related: this.relatedOf(rows) });
  }

  /**
   * Every deliverable the caller may see that matches `filter` and `also` (narrowing the caller
   * adds, e.g. only PLANNED ones), by slot then id, with its deal, creator, platform and the
   * deal's alternate platforms: ONE statement, for lists ranked in memory by computed values
   * (risk). At most `limit + 1` rows, so the caller can tell that more matched.
   */
  async deliverableCandidates(
    viewer: Viewer,
    filter: DeliverableFilter,
    also: CandidateNarrowing,
    limit: number,
  ): Promise<DeliverableCandidate[]> {
    const mappers = this.rowMappers();
    const conditions = this.deliverableConditions(viewer, filter);
    if (also.statuses) conditions.push(sql`d.status = ANY(${also.statuses}::text[])`);
    if (also.dealStatuses) conditions.push(sql`deal.status = ANY(${also.dealStatuses}::text[])`);
    if (also.dueBefore) conditions.push(sql`d.due_at < ${also.dueBefore}`);
    const statement = sql`SELECT ${sqlText(mappers.deliverable.columns)}, ${sqlText(mappers.deal.columns)}, ${sqlText(mappers.creator.columns)},
            ${sqlText(mappers.platform.columns)},
            COALESCE((SELECT array_agg(a.platform_id::text ORDER BY a.position)
                        FROM deal_alternate_platforms a WHERE a.deal_id = deal.id), '{}') AS alternate_platform_ids
       FROM deliverables d
       JOIN deals deal ON deal.id = d.deal_id
       JOIN creators c ON c.id = deal.creator_id
       JOIN platforms p ON p.id = d.platform_id
      WHERE ${joinSql(conditions)}
      ORDER BY d.scheduled_at, d.id
      LIMIT ${sqlText(String(limit + 1))}`;
    const rows = await this.dataSource.query<
      Array<Record<string, unknown> & { alternate_platform_ids: string[] }>
    >(statement.text, statement.values);
    // Rows of one deal share one deal object (the ranking reads its terms per deliverable).
    const deals = new Map<string, DealEntity>();
    return rows.map((row) => {
      const dealId = row.deal__id as string;
      let deal = deals.get(dealId);
      if (!deal) {
        deal = mappers.deal.fromRow(row);
        deals.set(dealId, deal);
      }
      return {
        deliverable: mappers.deliverable.fromRow(row),
        deal,
        creator: mappers.creator.fromRow(row),
        platform: mappers.platform.fromRow(row),
        alternatePlatformIds: row.alternate_platform_ids,
      };
    });
  }

  /**
   * The SQL side of the deliverables filter, behind the caller's visibility.
   */
  private deliverableConditions(viewer: Viewer, filter: DeliverableFilter): Sql[] {
    const conditions: Sql[] = [visibleDeliverables(viewer, 'd', 'deal')];
    if (filter.statuses) conditions.push(sql`d.status = ANY(${filter.statuses}::text[])`);
    if (filter.dealId) conditions.push(sql`d.deal_id = ${filter.dealId}`);
    // On the deliverable's copy of the brand: the (brand_id, scheduled_at, id) index's path.
    if (filter.brandId) conditions.push(sql`d.brand_id = ${filter.brandId}`);
    if (filter.creatorId) conditions.push(sql`deal.creator_id = ${filter.creatorId}`);
    if (filter.dueBefore) conditions.push(sql`d.due_at < ${filter.dueBefore}`);
    if (filter.dueAfter) conditions.push(sql`d.due_at >= ${filter.dueAfter}`);
    if (filter.updatedSince) conditions.push(sql`d.updated_at >= ${filter.updatedSince}`);
    const slug = filter.platformSlug;
    if (slug) {
      conditions.push(
        sql`d.platform_id = (SELECT pf.id FROM platforms pf WHERE pf.slug = ${slug})`,
      );
    }
    return conditions;
  }

  /** The deals, creators and platforms of a page's rows, each once. */
  private relatedOf(rows: ReadonlyArray<Record<string, unknown>>): DeliverableRelations {
    const mappers = this.rowMappers();
    // Each entity is read from the first row that carries it (a page of 50 holds ≈ 10 deals).
    const unique = <E>(mapper: RowMapper<E>, idKey: string): E[] => {
      const found = new Map<unknown, E>();
      for (const row of rows) {
        if (!found.has(row[idKey])) found.set(row[idKey], mapper.fromRow(row));
      }
      return [...found.values()];
    };
    return {
      deals: unique(mappers.deal, 'deal__id'),
      creators: unique(mappers.creator, 'c__id'),
      platforms: unique(mappers.platform, 'p__id'),
    };
  }

  private rowMappers(): Mappers {
    this.mappers ??= {
      deliverable: rowMapper(this.dataSource, DeliverableEntity, 'd'),
      deal: rowMapper(this.dataSource, DealEntity, 'deal'),
      creator: rowMapper(this.dataSource, CreatorEntity, 'c'),
      platform: rowMapper(this.dataSource, PlatformEntity, 'p'),
    };
    return this.mappers;
  }
}
