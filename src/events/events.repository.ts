import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { keysetSqlPage } from '../common/database/keyset-page';
import { identifier, joinSql, sql, sqlText, type Sql } from '../common/database/sql';
import type { Connection, PageRequest } from '../common/graphql/pagination';
import { visibleDeals } from '../deals/deal.repository';

const DIGITS = /^\d{1,20}$/;

/**
 * Who may read an event of the change feed, written once (`eventAlias` names the
 * `webhook_events` row). It is the deal rule, so the feed follows who may read the deal:
 *
 * - deliverable.* and deal.* events (deal_id set): the parties of the deal as `visibleDeals`
 *   decides — the creator, members of the deal's brand, administrators. The webhook fan-out sends
 *   a deliverable event to the same parties' endpoints (`webhookRecipients`: the deal's creator,
 *   the deal's brand while the member who registered the endpoint still belongs to it).
 * - outage.* events: every signed-in caller, as outages themselves are (the webhook fan-out
 *   narrows them to the owners of what the outage hits; the feed lists outages like `outages`).
 */
export function visibleEvents(viewer: Viewer, eventAlias: string): Sql {
  const event = identifier(eventAlias);
  return sql`((${event}.deal_id IS NULL AND ${event}.outage_id IS NOT NULL)
    OR ${event}.deal_id IN (SELECT event_deal.id FROM deals event_deal WHERE ${visibleDeals(viewer, 'event_deal')}))`;
}

/**
 * Rows the feed shows: real changes (not risk re-evaluation instructions, not test deliveries)
 * whose transaction, and every transaction that began writing before it, has ended. Order and
 * cursors follow (txid, seq): a row only becomes visible once nothing before it can still appear,
 * so a poller resuming after its last cursor never misses a change that committed late.
 */
function settledFeedRow(eventAlias: string): Sql {
  const event = identifier(eventAlias);
  return sql`${event}.reevaluate IS NULL AND ${event}.type <> 'webhook.test'
    AND ${event}.txid < pg_snapshot_xmin(pg_current_snapshot())`;
}

/** An event's columns as the feed reads them (`e` names the `webhook_events` row). */
const EVENT_COLUMNS = sqlText(`e.id, e.seq::text AS seq, e.txid::text AS txid, e.type, e.created_at,
          e.deliverable_id, e.deal_id, e.outage_id,
          e.data -> 'previousRisk' ->> 'level' AS previous_risk_level,
          e.data -> 'risk' ->> 'level' AS risk_level,
          e.data ->> 'previousStatus' AS previous_status,
          e.data ->> 'status' AS status,
          e.data -> 'changedFields' AS changed_fields`);

export interface EventFilter {
  since?: Date;
  types?: string[];
  /** Only this brand's deals' events. */
  brandId?: string;
}

export interface EventRow {
  id: string;
  seq: string;
  txid: string;
  type: string;
  created_at: Date;
  deliverable_id: string | null;
  deal_id: string | null;
  outage_id: string | null;
  previous_risk_level: string | null;
  risk_level: string | null;
  previous_status: string | null;
  status: string | null;
  changed_fields: string[] | null;
}

/** Reads the outbox (`webhook_events`) as the change feed; its writer is the outbox module. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One page in feed order, forward or backward: one statement; the count of every row the
   * filter admits only when a client asks for it.
   */
  page(viewer: Viewer, filter: EventFilter, paging: PageRequest): Promise<Connection<EventRow>> {
    const conditions = [settledFeedRow('e'), visibleEvents(viewer, 'e'), ...this.narrowing(filter)];
    const counted = sql`SELECT count(*)::int AS total FROM webhook_events e WHERE ${joinSql(conditions)}`;
    return keysetSqlPage(
      this.dataSource,
      {
        select: EVENT_COLUMNS,
        from: sqlText('webhook_events e'),
        where: conditions,
        order: {
          columns: [sqlText('e.txid'), sqlText('e.seq')],
          direction: 'ASC',
          // The cursor is (txid, seq) of the row; the row's id is not needed to resume.
          cursorValues: ([position]) => {
            const [txid, seq, extra] = position.split('.');
            return extra === undefined && DIGITS.test(txid ?? '') && DIGITS.test(seq ?? '')
              ? [sql`${txid}::xid8`, sql`${seq}::bigint`]
              : null;
          },
        },
        cursorOf: (row: EventRow) => [`${row.txid}.${row.seq}`, row.id],
      },
      paging,
      (row) => row,
      async () => {
        const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
          counted.text,
          counted.values,
        );
        return total;
      },
    );
  }

  /** Events by id that the feed shows the caller (settled, real changes, `visibleEvents`). */
  visibleByIds(viewer: Viewer, ids: readonly string[]): Promise<EventRow[]> {
    const statement = sql`SELECT ${EVENT_COLUMNS}
        FROM webhook_events e
       WHERE e.id = ANY(${[...ids]}::uuid[]) AND ${settledFeedRow('e')} AND ${visibleEvents(viewer, 'e')}`;
    return this.dataSource.query<EventRow[]>(statement.text, statement.values);
  }

  /** Deliverable id → when its latest deliverable.risk_changed occurred (absent: never). */
  async riskChangedAt(deliverableIds: readonly string[]): Promise<Map<string, Date>> {
    const rows = await this.dataSource.query<Array<{ deliverable_id: string; created_at: Date }>>(
      `SELECT DISTINCT ON (deliverable_id) deliverable_id, created_at
         FROM webhook_events
        WHERE deliverable_id = ANY ($1::uuid[]) AND type = 'deliverable.risk_changed'
          AND reevaluate IS NULL AND type <> 'webhook.test'
        ORDER BY deliverable_id, seq DESC`,
      [[...deliverableIds]],
    );
    return new Map(rows.map((row) => [row.deliverable_id, new Date(row.created_at)]));
  }

  private narrowing(filter: EventFilter): Sql[] {
    const conditions: Sql[] = [];
    if (filter.since) conditions.push(sql`e.created_at >= ${filter.since}`);
    if (filter.types) conditions.push(sql`e.type = ANY (${filter.types}::text[])`);
    if (filter.brandId) {
      conditions.push(
        sql`e.deal_id IN (SELECT brand_deal.id FROM deals brand_deal WHERE brand_deal.brand_id = ${filter.brandId})`,
      );
    }
    return conditions;
  }
}
