import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dealVisibilitySql } from '../auth/tenancy';
import type { Viewer } from '../auth/viewer';
import type { DealPlatformRow, HourlyExposureRow } from './engine';

/**
 * What counts as exposed: PLANNED deliverables of ACTIVE deals the caller may see, scheduled in
 * [from, to). Parameters $1 = from, $2 = to, then the visibility parameters.
 */
function exposedSql(visibilityCondition: string): string {
  return `
      FROM deliverables d
      JOIN deals deal ON deal.id = d.deal_id
     WHERE d.scheduled_at >= $1
       AND d.scheduled_at < $2
       -- Implied by the two lines above (a slot starting in the window overlaps it), but lets the
       -- planner use the GiST slot index when visibility does not narrow the rows (admins).
       AND deliverable_slot(d.scheduled_at, d.duration_minutes) && tstzrange($1, $2, '[)')
       AND d.status = 'PLANNED'
       AND deal.status = 'ACTIVE'
       AND ${visibilityCondition}`;
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
    const visibility = dealVisibilitySql(viewer, 'deal', 3);
    const parameters = [from, to, ...visibility.params];
    const exposed = exposedSql(visibility.condition);
    const [hourly, deals] = await Promise.all([
      // Summed per platform, currency and UTC clock hour (date_trunc in 'UTC', whatever the
      // session time zone): enough for shares, totals and the busiest hour.
      this.dataSource.query<
        Array<{
          platform_id: string;
          currency: string;
          hour_start: Date;
          amount: string;
          deliverable_count: number;
        }>
      >(
        `SELECT d.platform_id, deal.currency, date_trunc('hour', d.scheduled_at, 'UTC') AS hour_start,
                sum(d.fee)::text AS amount, count(*)::int AS deliverable_count
           ${exposed}
          GROUP BY d.platform_id, deal.currency, hour_start
          ORDER BY hour_start, d.platform_id, deal.currency`,
        parameters,
      ),
      this.dataSource.query<
        Array<{
          deal_id: string;
          platform_id: string;
          currency: string;
          alternate_platform_ids: string[];
        }>
      >(
        `SELECT d.deal_id, d.platform_id, deal.currency,
                COALESCE((SELECT array_agg(a.platform_id::text ORDER BY a.position)
                            FROM deal_alternate_platforms a WHERE a.deal_id = d.deal_id), '{}') AS alternate_platform_ids
           ${exposed}
          GROUP BY d.deal_id, d.platform_id, deal.currency
          ORDER BY d.deal_id, d.platform_id`,
        parameters,
      ),
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
