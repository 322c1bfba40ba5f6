import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { dealVisibilitySql } from '../auth/tenancy';
import { groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { DeliverableEntity } from './deliverable.entity';

@Injectable()
export class DeliverableLoaders {
  constructor(private readonly dataSource: DataSource) {}

  /** Deliverables by id, limited to deals the caller may see. */
  byId(ctx: RequestContext): DataLoader<string, DeliverableEntity | null> {
    return ctx.loader('deliverable.byId', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, DeliverableEntity | null>(async (ids) => {
        const visibility = dealVisibilitySql(viewer, 'deal', 2);
        const visible = await this.dataSource.query<Array<{ id: string }>>(
          `SELECT d.id FROM deliverables d JOIN deals deal ON deal.id = d.deal_id
            WHERE d.id = ANY($1::uuid[]) AND ${visibility.condition}`,
          [ids, ...visibility.params],
        );
        const rows = await this.dataSource
          .getRepository(DeliverableEntity)
          .findBy({ id: In(visible.map((row) => row.id)) });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
    });
  }

  /** Deliverables of deals the caller already reached through a scoped deal loader or query. */
  byDealId(ctx: RequestContext): DataLoader<string, DeliverableEntity[]> {
    return ctx.loader('deliverable.byDealId', () => {
      return new DataLoader<string, DeliverableEntity[]>(async (dealIds) => {
        const rows = await this.dataSource.getRepository(DeliverableEntity).find({
          where: { dealId: In([...dealIds]) },
          order: { scheduledAt: 'ASC', id: 'ASC' },
        });
        return groupRows(dealIds, rows, (row) => row.dealId);
      });
    });
  }
}
