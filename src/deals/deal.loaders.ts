import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { isTimestampText, untagCursor } from '../common/graphql/list-order';
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  type Connection,
  type PageInfo,
} from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import type { PlatformEntity } from '../platforms/platform.entity';
import type { DealEntity } from './deal.entity';
import { DealRepository, type DealOwner } from './deal.repository';

/** Every deal loader applies the caller's tenancy in SQL: a nested field never leaks a deal. */
@Injectable()
export class DealLoaders {
  constructor(private readonly deals: DealRepository) {}

  byId(ctx: RequestContext): DataLoader<string, DealEntity | null> {
    return ctx.loader('deal.byId', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, DealEntity | null>(async (ids) => {
        const rows = await this.deals.visibleDealsByIds(viewer, ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
    });
  }

  /** Platforms a deal accepts instead, in the deal's order: one joined query per batch. */
  alternatePlatforms(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader('deal.alternatePlatforms', () => {
      return new DataLoader<string, PlatformEntity[]>(async (dealIds) => {
        const rows = await this.deals.alternatePlatformsByDealIds(dealIds);
        return groupRows(dealIds, rows, (row) => row.dealId).map((group) =>
          group.map((row) => row.platform),
        );
      });
    });
  }

  /**
   * The first `first` deals of each creator or brand that the caller may see, newest first, after
   * the `after` cursor when given (the deals query's default-order cursor): one windowed query per
   * batch, whatever the number of parents. `totalCount` counts the whole list, not what follows.
   */
  byOwner(
    ctx: RequestContext,
    owner: DealOwner,
    first: number,
    after: string | null = null,
  ): DataLoader<string, Connection<DealEntity>> {
    // The deals query's default order (CREATED_AT DESC) issues untagged timestamp cursors.
    const checked = untagCursor(after, null, isTimestampText);
    const key = checked ? decodeCursor(checked) : null;
    if (key && !isUuid(key[1])) throw invalidCursor();
    return ctx.loader(`deal.by.${owner}.${first}.${checked ?? ''}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, Connection<DealEntity>>(async (ownerIds) => {
        // One more than a page: its presence says there is a next page.
        const ranked = await this.deals.visibleDealsByOwner(
          viewer,
          owner,
          ownerIds,
          first + 1,
          key,
        );
        return groupRows(ownerIds, ranked, (row) => row.ownerId).map((group) => {
          const rows = group.filter((row) => row.deal !== null);
          const page = rows.slice(0, first);
          const edges = page.map((row) => ({
            cursor: encodeCursor([row.sort, row.deal!.id]),
            node: row.deal!,
          }));
          const pageInfo: PageInfo = {
            hasNextPage: rows.length > first,
            endCursor: edges.at(-1)?.cursor ?? null,
          };
          if (key) pageInfo.hasPreviousPage = (group[0]?.earlier ?? 0) > 0;
          return { edges, pageInfo, totalCount: group[0]?.total ?? 0 };
        });
      });
    });
  }
}
