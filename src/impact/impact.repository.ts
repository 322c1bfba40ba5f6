import { Injectable } from '@nestjs/common';
import { addDays, subDays } from 'date-fns';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { sql, sqlText, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import { visiblePlatformAccounts } from '../platforms/platform-account.repository';
import { engineTerms } from './engine-deliverables';
import {
  type Deliverable,
  type Outage,
  type PlatformAccount,
  type PlatformEdge,
  type PlatformInfo,
} from './engine';

/**
 * Outages this far either side of the window in question are loaded as context: they can merge
 * with it into one downtime (touching outages) or take an alternate platform down.
 */
export const OUTAGE_CONTEXT_DAYS = 14;

// The hit deliverables' own columns, read once in the `hit` CTE.
const HIT_COLUMNS = sqlText(`d.id, d.deal_id, d.platform_id, d.kind, d.title, d.scheduled_at,
  d.duration_minutes, d.due_at, d.fee, d.timing, d.status`);

/**
 * The terms of the deals of the deliverables in the `hit` CTE that meet `condition` (over
 * `deal`), alternates included: read once per deal (an outage hits ~11 000 deliverables of a few
 * thousand deals) and reached by primary key from the hits, never by scanning every deal.
 */
function hitDealsCte(condition: Sql): Sql {
  return sql`hit_deal AS MATERIALIZED (
      SELECT deal.id, deal.creator_id, deal.brand_id, deal.currency, deal.status,
             deal.net_payment_days, deal.late_penalty_bps_per_day, deal.late_penalty_cap_bps,
             deal.kill_after_days_late, deal.kill_fee_bps, deal.force_majeure,
             COALESCE((SELECT array_agg(a.platform_id::text ORDER BY a.position)
                         FROM deal_alternate_platforms a WHERE a.deal_id = deal.id), '{}') AS alternate_platform_ids
        FROM deals deal
       WHERE deal.id = ANY(ARRAY(SELECT DISTINCT hit.deal_id FROM hit))
         AND ${condition}
    )`;
}

/** Rule 2's deals (ACTIVE) among those the caller may see (`visibleDeals(viewer, 'deal')`). */
function activeAnd(visible: Sql): Sql {
  return sql`deal.status = 'ACTIVE' AND ${visible}`;
}

/**
 * The answer of the candidate queries: one row, three JSON columns. The hit deals' terms come
 * once per deal, each hit as an array of its own columns, instant as epoch milliseconds, and the
 * platform slugs once: `pg` then parses three JSON texts instead of 23 typed columns per hit
 * (11 000 hits made 250 000 strings and 22 000 parsed dates, most of a request's garbage).
 * Order is left to the engine, which sorts its hits anyway. With `keyed`, each hit ends with its
 * window's key. See `HitDealJson` and `HitJson` for the columns.
 */
function hitsAsJson(keyed: boolean): Sql {
  const key = keyed ? sqlText(', d.window_key') : sqlText('');
  return sql`SELECT
      (SELECT COALESCE(json_agg(json_build_array(deal.id, deal.creator_id, deal.brand_id, deal.currency,
                deal.status, deal.net_payment_days, deal.late_penalty_bps_per_day, deal.late_penalty_cap_bps,
                deal.kill_after_days_late, deal.kill_fee_bps, deal.force_majeure, deal.alternate_platform_ids)), '[]')
         FROM hit_deal deal) AS deals,
      (SELECT COALESCE(json_agg(json_build_array(d.id, d.deal_id, d.platform_id, d.kind, d.title,
                floor(extract(epoch FROM d.scheduled_at) * 1000)::bigint, d.duration_minutes,
                floor(extract(epoch FROM d.due_at) * 1000)::bigint, d.fee::text, d.timing, d.status${key})), '[]')
         FROM hit d
        WHERE d.deal_id IN (SELECT deal.id FROM hit_deal deal)) AS hits,
      (SELECT json_object_agg(p.id, p.slug) FROM platforms p) AS platform_slugs`;
}

type HitDealJson = [
  id: string,
  creatorId: string,
  brandId: string,
  currency: string,
  status: Deliverable['deal']['status'],
  netPaymentDays: number,
  latePenaltyBpsPerDay: number,
  latePenaltyCapBps: number,
  killAfterDaysLate: number | null,
  killFeeBps: number,
  forceMajeure: boolean,
  alternatePlatformIds: string[],
];
type HitJson = [
  id: string,
  dealId: string,
  platformId: string,
  kind: string,
  title: string,
  scheduledAtMs: number,
  durationMinutes: number,
  dueAtMs: number,
  fee: string,
  timing: Deliverable['timing'],
  status: Deliverable['status'],
  windowKey?: string,
];
interface HitsJsonRow {
  deals: HitDealJson[];
  hits: HitJson[];
  platform_slugs: Record<string, string> | null;
}

/**
 * The candidate query: the dependency closure by recursive CTE, the overlap by the GiST index,
 * then the terms of the hits' deals once per deal (`hitDealsCte`). Materialised CTEs keep the
 * plan's estimated cost low enough that PostgreSQL does not JIT-compile it (JIT cost more than
 * the whole execution).
 * `visible` is the caller's deal visibility (`visibleDeals(viewer, 'deal')`).
 */
export function candidateQuery(
  directPlatformIds: readonly string[],
  start: Date,
  end: Date,
  visible: Sql,
): Sql {
  return sql`
    WITH RECURSIVE affected(id) AS (
      SELECT unnest(${directPlatformIds}::uuid[])
      UNION
      SELECT dependency.platform_id
        FROM platform_dependencies dependency
        JOIN affected ON dependency.provider_id = affected.id
    ),
    hit AS MATERIALIZED (
      SELECT ${HIT_COLUMNS}
        FROM deliverables d
       WHERE deliverable_slot(d.scheduled_at, d.duration_minutes) && tstzrange(${start}, ${end}, '[)')
         AND d.platform_id IN (SELECT id FROM affected)
         AND d.status = 'PLANNED'
    ),
    ${hitDealsCte(activeAnd(visible))}
    ${hitsAsJson(false)}`;
}

/**
 * The candidate query's text for EXPLAIN tooling (the bench, `npm run explain:impact`): platform
 * ids, start and end are $1–$3, and `condition` must be parameter-free (e.g. 'TRUE').
 */
export function candidateSql(condition: string): string {
  return candidateQuery([], new Date(0), new Date(0), sqlText(condition)).text;
}

/**
 * The candidate queries' JSON (`hitsAsJson`) to engine deliverables, grouped by window key (all
 * in the group '' when not `keyed`); each deal's terms are one object shared by its hits. A hit
 * whose deal is not in `deals` (not ACTIVE, or not visible) was already left out by the query.
 */
function deliverablesFromJson(row: HitsJsonRow, keyed: boolean): Map<string, Deliverable[]> {
  const deals = new Map<
    string,
    { creatorId: string; brandId: string; currency: string; terms: Deliverable['deal'] }
  >();
  for (const [
    id,
    creatorId,
    brandId,
    currency,
    status,
    netPaymentDays,
    latePenaltyBpsPerDay,
    latePenaltyCapBps,
    killAfterDaysLate,
    killFeeBps,
    forceMajeure,
    alternatePlatformIds,
  ] of row.deals) {
    deals.set(id, {
      creatorId,
      brandId,
      currency: currency.trim(),
      terms: engineTerms(
        {
          status,
          netPaymentDays,
          latePenaltyBpsPerDay,
          latePenaltyCapBps,
          killAfterDaysLate,
          killFeeBps,
          forceMajeure,
        },
        alternatePlatformIds,
      ),
    });
  }
  const slugs = row.platform_slugs ?? {};
  const groups = new Map<string, Deliverable[]>();
  for (const hit of row.hits) {
    const [id, dealId, platformId, kind, title, scheduledAtMs, durationMinutes, dueAtMs, fee] = hit;
    const key = keyed ? hit[11]! : '';
    const deal = deals.get(dealId)!;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({
      id,
      dealId,
      creatorId: deal.creatorId,
      brandId: deal.brandId,
      platformId,
      platformSlug: slugs[platformId],
      kind,
      title,
      scheduledAt: new Date(scheduledAtMs),
      durationMinutes,
      dueAt: new Date(dueAtMs),
      fee: BigInt(fee),
      currency: deal.currency,
      timing: hit[9],
      status: hit[10],
      deal: deal.terms,
    });
  }
  return groups;
}

export interface PlatformGraph {
  edges: PlatformEdge[];
  platforms: Map<string, PlatformInfo>;
}

interface OutageRow {
  id: string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string | null;
  severity: 'FULL' | 'PARTIAL';
  degradation_bps: number;
  platform_ids: string[];
}

const OUTAGE_PLATFORM_IDS =
  sqlText(`COALESCE((SELECT array_agg(op.platform_id::text ORDER BY op.platform_id)
                FROM outage_platforms op WHERE op.outage_id = o.id), '{}')`);

/** Outages overlapping [from − context, to + context]. */
function outagesAround(from: Date, to: Date): Sql {
  const start = subDays(from, OUTAGE_CONTEXT_DAYS);
  const end = addDays(to, OUTAGE_CONTEXT_DAYS);
  return sql`tstzrange(o.starts_at, o.ends_at, '[)') && tstzrange(${start}, ${end}, '[)')`;
}

/**
 * In memory, whether `outagesAround(from, to)` admits `outage` (the same ranges: an outage is
 * [startsAt, endsAt), open-ended without an end, and an empty one overlaps nothing), so one
 * `riskContext` over several windows can be narrowed to each window's own context.
 */
export function isOutageAround(outage: Outage, from: Date, to: Date): boolean {
  const start = subDays(from, OUTAGE_CONTEXT_DAYS);
  const end = addDays(to, OUTAGE_CONTEXT_DAYS);
  if (outage.endsAt !== null && outage.endsAt <= outage.startsAt) return false;
  return outage.startsAt < end && (outage.endsAt === null || outage.endsAt > start);
}

function outageFromRow(row: OutageRow): Outage {
  return {
    id: row.id,
    title: row.title,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at ? new Date(row.ends_at) : null,
    severity: row.severity,
    degradationBps: row.degradation_bps,
    platformIds: row.platform_ids,
  };
}

interface GraphColumns {
  edges: Array<{ platform_id: string; provider_id: string }>;
  platforms: Array<{ id: string; slug: string; name: string }>;
}

// Both parts of the graph as JSON columns, so the graph costs one statement wherever it is read.
const GRAPH_COLUMNS = sqlText(`
  (SELECT COALESCE(json_agg(json_build_object('platform_id', e.platform_id, 'provider_id', e.provider_id)), '[]')
     FROM platform_dependencies e) AS edges,
  (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'slug', p.slug, 'name', p.name)), '[]')
     FROM platforms p) AS platforms`);

function graphFrom(row: GraphColumns): PlatformGraph {
  return {
    edges: row.edges.map((edge) => ({
      platformId: edge.platform_id,
      providerId: edge.provider_id,
    })),
    platforms: new Map(
      row.platforms.map((platform) => [platform.id, { slug: platform.slug, name: platform.name }]),
    ),
  };
}

/** Loads what the pure engine needs; no rule lives here. */
@Injectable()
export class ImpactRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The platform graph in one statement. */
  async platformGraph(): Promise<PlatformGraph> {
    const statement = sql`SELECT ${GRAPH_COLUMNS}`;
    const [row] = await this.dataSource.query<Array<GraphColumns>>(
      statement.text,
      statement.values,
    );
    return graphFrom(row);
  }

  /** The risk context around every slot and deadline of `deliverables` (see riskContext). */
  riskContextAround(
    deliverables: readonly Deliverable[],
    manager?: EntityManager,
  ): Promise<{ outages: Outage[]; graph: PlatformGraph }> {
    const { from, to } = slotsAndDeadlines(deliverables);
    return this.riskContext(from, to, manager);
  }

  /**
   * What a deliverable's risk is judged against, in one statement: every outage overlapping
   * [from − context, to + context] with its direct platforms, and the platform graph.
   */
  async riskContext(
    from: Date,
    to: Date,
    manager?: EntityManager,
  ): Promise<{ outages: Outage[]; graph: PlatformGraph }> {
    const { outages, graph } = await this.riskContextWithAlternates(from, to, [], manager);
    return { outages, graph };
  }

  /**
   * {@link riskContext} and, in the same statement, the alternate platforms of `dealIds` in order
   * of preference (deals without any are absent): what a list that already read its deliverables
   * and deals still needs to judge their risk.
   */
  async riskContextWithAlternates(
    from: Date,
    to: Date,
    dealIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ outages: Outage[]; graph: PlatformGraph; alternates: Map<string, string[]> }> {
    const statement = sql`SELECT ${GRAPH_COLUMNS},
              (SELECT COALESCE(json_agg(json_build_object(
                        'id', o.id, 'title', o.title, 'starts_at', o.starts_at, 'ends_at', o.ends_at,
                        'severity', o.severity, 'degradation_bps', o.degradation_bps,
                        'platform_ids', ${OUTAGE_PLATFORM_IDS}) ORDER BY o.starts_at, o.id), '[]')
                 FROM outages o
                WHERE ${outagesAround(from, to)}) AS outages,
              (SELECT json_object_agg(a.deal_id, a.platform_ids)
                 FROM (SELECT deal_id, array_agg(platform_id::text ORDER BY position) AS platform_ids
                         FROM deal_alternate_platforms
                        WHERE deal_id = ANY(${dealIds}::uuid[])
                        GROUP BY deal_id) a) AS alternates`;
    const [row] = await manager.query<
      Array<
        GraphColumns & {
          outages: Array<
            Omit<OutageRow, 'starts_at' | 'ends_at'> & { starts_at: string; ends_at: string | null }
          >;
          alternates: Record<string, string[]> | null;
        }
      >
    >(statement.text, statement.values);
    return {
      outages: row.outages.map(outageFromRow),
      graph: graphFrom(row),
      alternates: new Map(Object.entries(row.alternates ?? {})),
    };
  }

  /** Deliverables the caller may see that the window overlaps on the platforms or their dependents. */
  async candidates(
    viewer: Viewer,
    directPlatformIds: string[],
    start: Date,
    end: Date,
  ): Promise<Deliverable[]> {
    if (end <= start) return [];
    const statement = candidateQuery(directPlatformIds, start, end, visibleDeals(viewer, 'deal'));
    const [row] = await this.dataSource.query<Array<HitsJsonRow>>(statement.text, statement.values);
    return deliverablesFromJson(row, false).get('') ?? [];
  }

  /**
   * `candidates` for several outage windows in one statement: each window's own dependency
   * closure and overlap, the same conditions and order, keyed by `window.key`. A window that
   * ends at or before its start gets none, as in `candidates`.
   */
  async candidatesForWindows(
    viewer: Viewer,
    windows: ReadonlyArray<{
      key: string;
      directPlatformIds: readonly string[];
      start: Date;
      end: Date;
    }>,
  ): Promise<Map<string, Deliverable[]>> {
    const open = windows.filter((window) => window.end > window.start);
    const found = new Map<string, Deliverable[]>(windows.map((window) => [window.key, []]));
    if (open.length === 0) return found;
    const seeds = open.flatMap((window) =>
      window.directPlatformIds.map((platformId) => [window.key, platformId] as const),
    );
    const statement = sql`
      WITH RECURSIVE affected(window_key, id) AS (
        SELECT * FROM unnest(${seeds.map(([key]) => key)}::text[], ${seeds.map(([, id]) => id)}::uuid[])
        UNION
        SELECT affected.window_key, dependency.platform_id
          FROM platform_dependencies dependency
          JOIN affected ON dependency.provider_id = affected.id
      ),
      windows(window_key, starts_at, ends_at) AS (
        SELECT * FROM unnest(${open.map((window) => window.key)}::text[],
                             ${open.map((window) => window.start)}::timestamptz[],
                             ${open.map((window) => window.end)}::timestamptz[])
      ),
      hit AS MATERIALIZED (
        SELECT w.window_key, ${HIT_COLUMNS}
          FROM windows w
          JOIN deliverables d
            ON deliverable_slot(d.scheduled_at, d.duration_minutes) && tstzrange(w.starts_at, w.ends_at, '[)')
         WHERE d.platform_id IN (SELECT a.id FROM affected a WHERE a.window_key = w.window_key)
           AND d.status = 'PLANNED'
      ),
      ${hitDealsCte(activeAnd(visibleDeals(viewer, 'deal')))}
      ${hitsAsJson(true)}`;
    const [row] = await this.dataSource.query<Array<HitsJsonRow>>(statement.text, statement.values);
    for (const [key, deliverables] of deliverablesFromJson(row, true)) found.set(key, deliverables);
    return found;
  }

  /** Deliverables by id with their deal terms (callers pass ids the caller may already see). */
  async deliverablesByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Deliverable[]> {
    // The candidates' shape, whatever the deal's status: a risk is also CANCELLED or POSTED.
    const statement = sql`
      WITH hit AS MATERIALIZED (
        SELECT ${HIT_COLUMNS} FROM deliverables d WHERE d.id = ANY(${ids}::uuid[])
      ),
      ${hitDealsCte(sqlText('TRUE'))}
      ${hitsAsJson(false)}`;
    const [row] = await manager.query<HitsJsonRow[]>(statement.text, statement.values);
    return deliverablesFromJson(row, false).get('') ?? [];
  }

  /** Every outage overlapping [from − context, to + context], with its direct platforms. */
  outagesAround(from: Date, to: Date): Promise<Outage[]> {
    return this.outages(outagesAround(from, to));
  }

  outagesByIds(ids: readonly string[]): Promise<Outage[]> {
    return this.outages(sql`o.id = ANY(${ids}::uuid[])`);
  }

  private async outages(condition: Sql): Promise<Outage[]> {
    const statement = sql`SELECT o.id, o.title, o.starts_at, o.ends_at, o.severity, o.degradation_bps,
              ${OUTAGE_PLATFORM_IDS} AS platform_ids
         FROM outages o
        WHERE ${condition}
        ORDER BY o.starts_at, o.id`;
    const rows = await this.dataSource.query<OutageRow[]>(statement.text, statement.values);
    return rows.map(outageFromRow);
  }

  /**
   * Platform accounts on the given platforms whose income the caller may see: a creator their
   * own, an admin everyone's, a brand nobody's.
   */
  async visibleAccounts(viewer: Viewer, platformIds: string[]): Promise<PlatformAccount[]> {
    if (platformIds.length === 0) return [];
    // One JSON column, as for the candidates: a large platform has tens of thousands of accounts.
    const statement = sql`
      SELECT COALESCE(json_agg(json_build_array(a.id, a.creator_id, a.platform_id,
                      a.daily_earnings::text, a.currency) ORDER BY a.creator_id, a.platform_id), '[]') AS accounts
        FROM platform_accounts a
       WHERE a.platform_id = ANY(${platformIds}::uuid[]) AND ${visiblePlatformAccounts(viewer, 'a')}`;
    const [row] = await this.dataSource.query<
      Array<{ accounts: Array<[string, string, string, string, string]> }>
    >(statement.text, statement.values);
    return row.accounts.map(([id, creatorId, platformId, dailyEarnings, currency]) => ({
      id,
      creatorId,
      platformId,
      dailyEarnings: BigInt(dailyEarnings),
      currency: currency.trim(),
    }));
  }
}

/** The span of every slot and deadline of `deliverables`. */
export function slotsAndDeadlines(
  deliverables: readonly Pick<Deliverable, 'scheduledAt' | 'dueAt' | 'durationMinutes'>[],
): { from: Date; to: Date } {
  let from = Infinity;
  let to = -Infinity;
  for (const d of deliverables) {
    from = Math.min(from, d.scheduledAt.getTime());
    to = Math.max(to, d.dueAt.getTime(), d.scheduledAt.getTime() + d.durationMinutes * 60_000);
  }
  return { from: new Date(from), to: new Date(to) };
}
