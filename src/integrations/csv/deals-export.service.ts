import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../../auth/viewer';
import { isUnclaimedSql } from '../../brands/brand.rows';
import { sql, sqlText } from '../../common/database/sql';
import { formatMoney } from '../../common/money';
import { mayReadPrivateNotes } from '../../deals/deal-notes';
import { visibleDeals } from '../../deals/deal.repository';
import { toDate } from '../../platforms/platform.rows';
import { stringifyDealsCsv } from './deals-csv.format';
import { dealToRows, type ExportDeal } from './deals-csv.mapping';

interface DealRow {
  id: string;
  title: string;
  currency: string;
  total_fee: string;
  status: string;
  signed_on: string | null;
  net_payment_days: number;
  late_penalty_bps_per_day: number;
  late_penalty_cap_bps: number;
  kill_after_days_late: number | null;
  kill_fee_bps: number;
  force_majeure: boolean;
  creator_id: string;
  notes: string;
  shared_notes: string;
  brand_id: string;
  brand_name: string;
  brand_claimed: boolean;
  /** Slugs in order of preference, `;`-separated (a slug has no `;`). */
  alternates: string | null;
}

interface DeliverableRow {
  deal_id: string;
  title: string;
  kind: string;
  slug: string;
  scheduled_at: Date | string;
  duration_minutes: number;
  due_at: Date | string;
  fee: string;
  timing: string;
}

/**
 * The caller's deals in the import layout (tenancy as everywhere: a creator their own, a brand
 * member their brands', an administrator all). Two statements whatever the number of deals.
 * The `notes` column (the creator's private notes) is empty in anyone else's export.
 *
 * Order: deals by title, then creation, then id; a deal's deliverables by slot, deadline, title,
 * id. Content only, never creation time, so that a re-imported copy exports in the same order.
 */
@Injectable()
export class DealsExportService {
  constructor(private readonly dataSource: DataSource) {}

  async exportCsv(viewer: Viewer): Promise<string> {
    const visible = visibleDeals(viewer, 'd');
    const dealsSql = sql`SELECT d.id, d.title, d.currency, d.total_fee::text AS total_fee, d.status,
              to_char(d.signed_on, 'YYYY-MM-DD') AS signed_on, d.net_payment_days,
              d.late_penalty_bps_per_day, d.late_penalty_cap_bps, d.kill_after_days_late,
              d.kill_fee_bps, d.force_majeure, d.creator_id, d.notes, d.shared_notes,
              b.id AS brand_id, b.name AS brand_name, NOT ${sqlText(isUnclaimedSql('b'))} AS brand_claimed,
              (SELECT string_agg(p.slug, ';' ORDER BY a.position)
                 FROM deal_alternate_platforms a JOIN platforms p ON p.id = a.platform_id
                WHERE a.deal_id = d.id) AS alternates
         FROM deals d JOIN brands b ON b.id = d.brand_id
        WHERE ${visible}
        ORDER BY d.title, d.created_at, d.id`;
    const deals = await this.dataSource.query<DealRow[]>(dealsSql.text, dealsSql.values);
    const deliverablesSql = sql`SELECT v.deal_id, v.title, v.kind, p.slug, v.scheduled_at, v.duration_minutes, v.due_at,
              v.fee::text AS fee, v.timing
         FROM deliverables v
         JOIN deals d ON d.id = v.deal_id
         JOIN platforms p ON p.id = v.platform_id
        WHERE ${visible}
        ORDER BY v.scheduled_at, v.due_at, v.title, v.id`;
    const deliverables = await this.dataSource.query<DeliverableRow[]>(
      deliverablesSql.text,
      deliverablesSql.values,
    );
    const byDeal = new Map<string, DeliverableRow[]>();
    for (const row of deliverables) {
      const list = byDeal.get(row.deal_id) ?? [];
      list.push(row);
      byDeal.set(row.deal_id, list);
    }
    const rows = deals.flatMap((deal) =>
      dealToRows(toExportDeal(viewer, deal, byDeal.get(deal.id) ?? [])),
    );
    return stringifyDealsCsv(rows);
  }
}

function toExportDeal(viewer: Viewer, deal: DealRow, deliverables: DeliverableRow[]): ExportDeal {
  return {
    ref: deal.id,
    title: deal.title,
    brandName: deal.brand_name,
    brandId: deal.brand_claimed ? deal.brand_id : '',
    currency: deal.currency,
    totalFee: formatMoney(BigInt(deal.total_fee), deal.currency),
    status: deal.status,
    signedOn: deal.signed_on ?? '',
    netPaymentDays: String(deal.net_payment_days),
    latePenaltyBpsPerDay: String(deal.late_penalty_bps_per_day),
    latePenaltyCapBps: String(deal.late_penalty_cap_bps),
    killAfterDaysLate: deal.kill_after_days_late === null ? '' : String(deal.kill_after_days_late),
    killFeeBps: String(deal.kill_fee_bps),
    forceMajeure: String(deal.force_majeure),
    alternatePlatforms: deal.alternates ? deal.alternates.split(';') : [],
    // Private notes travel only in the creator's own export.
    notes: mayReadPrivateNotes(viewer, deal.creator_id) ? deal.notes : '',
    sharedNotes: deal.shared_notes,
    deliverables: deliverables.map((deliverable) => ({
      title: deliverable.title,
      kind: deliverable.kind,
      platform: deliverable.slug,
      scheduledAt: toDate(deliverable.scheduled_at).toISOString(),
      durationMinutes: String(deliverable.duration_minutes),
      dueAt: toDate(deliverable.due_at).toISOString(),
      fee: formatMoney(BigInt(deliverable.fee), deal.currency),
      timing: deliverable.timing,
    })),
  };
}
