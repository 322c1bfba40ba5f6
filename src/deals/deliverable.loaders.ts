import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { DealRepository } from './deal.repository';
import type { DeliverableEntity } from './deliverable.entity';

@Injectable()
export class DeliverableLoaders {
  constructor(private readonly deals: DealRepository) {}

  /** Deliverables by id, limited to deals the caller may see. */
  byId(ctx: RequestContext): DataLoader<string, DeliverableEntity | null> {
    return ctx.loader('deliverable.byId', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, DeliverableEntity | null>(async (ids) => {
        const rows = await this.deals.visibleDeliverablesByIds(viewer, ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
    });
  }

  /** Deliverables of deals the caller already reached through a scoped deal loader or query. */
  byDealId(ctx: RequestContext): DataLoader<string, DeliverableEntity[]> {
    return ctx.loader('deliverable.byDealId', () => {
      return new DataLoader<string, DeliverableEntity[]>(async (dealIds) => {
        const rows = await this.deals.deliverablesByDealIds(dealIds);
        return groupRows(dealIds, rows, (row) => row.dealId);
      });
    });
  }
}
