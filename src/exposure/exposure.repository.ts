import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { sql, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import type { DealPlatformRow, HourlyExposureRow } from './engine';

/**
 * What counts as exposed: PLANNED deliverables of ACTIVE deals the caller may see, scheduled in
 * [from, to).
 */
function exposed(viewer: Viewer, from: Date, to: Date): Sql {
  return sql`
      FROM deliverables d
      JOIN deals deal ON deal.id = d.deal_id
     WHERE d.scheduled_at >= ${from}
       AND d.scheduled_at < ${to}
       -- Implied by the two lines above (a slot starting in the window overlaps it), but lets the
       -- planner use the GiST slot index when visibility does not narrow the rows (admins).
       AND deliverable_slot(d.scheduled_at, d.duration_minutes) && tstzrange(${from}, ${to}, '[)')
       AND d.status = 'PLANNED'
       AND deal.status = 'ACTIVE'
       AND ${visibleDeals(viewer, 'deal')}`;
}

/** Loads what the pure exposure engine needs, set-based: two statements whatever the row count. */
@Injectable()
export class ExposureRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(
    viewer: Viewer,
    from: Date,
    to: Date,
  ): Promise<{ hourly: HourlyExposureRow[]; deals: DealPlatformRow[] }> {
    const window = exposed(viewer, from, to);
    // Summed per platform, currency and UTC clock hour (date_trunc in 'UTC', whatever the
    // session time zone): enough for shares, totals and the busiest hour.
    const hourlySql = sql`SELECT d.platform_id, deal.currency, date_trunc('hour', d.scheduled_at, 'UTC') AS hour_start,
                sum(d.fee)::text AS amount, count(*)::int AS deliverable_count
           ${window}
          GROUP BY d.platform_id, deal.currency, hour_start
          ORDER BY hour_start, d.platform_id, deal.currency`;
    const dealsSql = sql`SELECT d.deal_id, d.platform_id, deal.currency,
                COALESCE((SELECT array_agg(a.platform_id::text ORDER BY a.position)
                            FROM deal_alternate_platforms a WHERE a.deal_id = d.deal_id), '{}') AS alternate_platform_ids
           ${window}
          GROUP BY d.deal_id, d.platform_id, deal.currency
          ORDER BY d.deal_id, d.platform_id`;
    const [hourly, deals] = await Promise.all([
      this.dataSource.query<
        Array<{
          platform_id: string;
          currency: string;
          hour_start: Date;
          amount: string;
          deliverable_count: number;
        }>
      >(hourlySql.text, hourlySql.values),
      this.dataSource.query<
        Array<{
          deal_id: string;
          platform_id: string;
          currency: string;
          alternate_platform_ids: string[];
        }>
      >(dealsSql.text, dealsSql.values),
    ]);
    return {
      hourly: hourly.map((row) => ({
        platformId: row.platform_id,
        currency: row.currency.trim(),
        hourStart: new Date(row.hour_start),
        amount: BigInt(row.amount),
        deliverableCount: row.deliverable_count,
      })),
      deals: deals.map((row) => ({
        dealId: row.deal_id,
        platformId: row.platform_id,
        currency: row.currency.trim(),
        alternatePlatformIds: row.alternate_platform_ids,
      })),
    };
  }
}
