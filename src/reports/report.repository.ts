import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import type { DealNames } from './report-builder';

/** Batch lookups for reports: one statement per kind of name, however many rows. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Outages whose window [startsAt, endsAt) overlaps [from, to), with their direct platforms, by start. */
  async outagesOverlapping(
    from: Date,
    to: Date,
  ): Promise<Array<{ id: string; platformIds: string[] }>> {
    const rows = await this.dataSource.query<Array<{ id: string; platform_ids: string[] }>>(
      `SELECT o.id,
              COALESCE((SELECT array_agg(op.platform_id::text ORDER BY op.platform_id)
                          FROM outage_platforms op WHERE op.outage_id = o.id), '{}') AS platform_ids
         FROM outages o
        WHERE tstzrange(o.starts_at, o.ends_at, '[)') && tstzrange($1, $2, '[)')
        ORDER BY o.starts_at, o.id`,
      [from, to],
    );
    return rows.map((row) => ({ id: row.id, platformIds: row.platform_ids }));
  }

  /** Deal titles with their creator's and brand's names, for the deals the viewer may read. */
  async dealNames(viewer: Viewer, dealIds: readonly string[]): Promise<Map<string, DealNames>> {
    if (dealIds.length === 0) return new Map();
    const statement = sql`SELECT deal.id, deal.title, deal.creator_id, c.display_name AS creator_name,
              deal.brand_id, b.name AS brand_name
         FROM deals deal
         JOIN creators c ON c.id = deal.creator_id
         JOIN brands b ON b.id = deal.brand_id
        WHERE deal.id = ANY(${dealIds}::uuid[]) AND ${visibleDeals(viewer, 'deal')}`;
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        title: string;
        creator_id: string;
        creator_name: string;
        brand_id: string;
        brand_name: string;
      }>
    >(statement.text, statement.values);
    return new Map(
      rows.map((row) => [
        row.id,
        {
          title: row.title,
          creatorId: row.creator_id,
          creatorName: row.creator_name,
          brandId: row.brand_id,
          brandName: row.brand_name,
        },
      ]),
    );
  }

  async creatorNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; display_name: string }>>(
      `SELECT id, display_name FROM creators WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.display_name]));
  }

  async brandNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM brands WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
