import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { dealVisibilitySql } from '../auth/tenancy';
import { groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { encodeCursor, type Connection } from '../common/graphql/pagination';
import { PlatformEntity } from '../platforms/platform.entity';
import { DealAlternatePlatformEntity, DealEntity } from './deal.entity';

type Owner = 'creator_id' | 'brand_id';

/** Every deal loader applies the caller's tenancy in SQL: a nested field never leaks a deal. */
@Injectable()
export class DealLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, DealEntity | null> {
    return ctx.loader('deal.byId', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, DealEntity | null>(async (ids) => {
        const visibility = dealVisibilitySql(viewer, 'd', 2);
        const visibleIds = await this.dataSource.query<Array<{ id: string }>>(
          `SELECT d.id FROM deals d WHERE d.id = ANY($1::uuid[]) AND ${visibility.condition}`,
          [ids, ...visibility.params],
        );
        const rows = await this.dataSource
          .getRepository(DealEntity)
          .findBy({ id: In(visibleIds.map((row) => row.id)) });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
    });
  }

  /** Platforms a deal accepts instead, in the deal's order: one joined query per batch. */
  alternatePlatforms(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader('deal.alternatePlatforms', () => {
      return new DataLoader<string, PlatformEntity[]>(async (dealIds) => {
        const { entities, raw } = await this.dataSource
          .getRepository(PlatformEntity)
          .createQueryBuilder('platform')
          .innerJoin(
            DealAlternatePlatformEntity,
            'alternate',
            'alternate.platform_id = platform.id',
          )
          .addSelect('alternate.deal_id', 'alternate_deal_id')
          .where('alternate.deal_id IN (:...dealIds)', { dealIds })
          .orderBy('alternate.deal_id')
          .addOrderBy('alternate.position')
          .getRawAndEntities<{ alternate_deal_id: string }>();
        const rows = entities.map((platform, index) => ({
          platform,
          dealId: raw[index].alternate_deal_id,
        }));
        return groupRows(dealIds, rows, (row) => row.dealId).map((group) =>
          group.map((row) => row.platform),
        );
      });
    });
  }

  /**
   * The first `first` deals of each creator or brand that the caller may see, newest first:
   * one windowed query per batch, whatever the number of parents.
   */
  byOwner(
    ctx: RequestContext,
    owner: Owner,
    first: number,
  ): DataLoader<string, Connection<DealEntity>> {
    return ctx.loader(`deal.by.${owner}.${first}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, Connection<DealEntity>>(async (ownerIds) => {
        const visibility = dealVisibilitySql(viewer, 'd', 3);
        const ranked = await this.dataSource.query<
          Array<{ id: string; owner_id: string; sort: string; total: string | number }>
        >(
          `SELECT id, owner_id, sort, total FROM (
             SELECT d.id, d.${owner} AS owner_id, d.created_at::text AS sort,
                    row_number() OVER (PARTITION BY d.${owner} ORDER BY d.created_at DESC, d.id DESC) AS position,
                    count(*) OVER (PARTITION BY d.${owner}) AS total
               FROM deals d
              WHERE d.${owner} = ANY($1::uuid[]) AND ${visibility.condition}
           ) ranked
           WHERE position <= $2
           ORDER BY owner_id, position`,
          [ownerIds, first + 1, ...visibility.params],
        );
        const deals = await this.dataSource
          .getRepository(DealEntity)
          .findBy({ id: In(ranked.map((row) => row.id)) });
        const dealById = new Map(deals.map((deal) => [deal.id, deal]));
        return groupRows(ownerIds, ranked, (row) => row.owner_id).map((group) => {
          const page = group.slice(0, first);
          const edges = page.map((row) => ({
            cursor: encodeCursor([row.sort, row.id]),
            node: dealById.get(row.id)!,
          }));
          return {
            edges,
            pageInfo: {
              hasNextPage: group.length > first,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
            totalCount: Number(group[0]?.total ?? 0),
          };
        });
      });
    });
  }
}
