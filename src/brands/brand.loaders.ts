import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { entityByIdLoader, groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { BrandEntity } from './brand.entity';
import { BRAND_COLUMNS, brandFromRow, type BrandRow } from './brand.rows';

/** Brand names and ids are public (anyone may look a brand up to log a deal with it). */
@Injectable()
export class BrandLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, BrandEntity | null> {
    return ctx.loader('brand.byId', () => entityByIdLoader(this.dataSource, BrandEntity));
  }

  /** The brands each user is a member of, by name; one statement per batch. */
  byMemberUserId(ctx: RequestContext): DataLoader<string, BrandEntity[]> {
    return ctx.loader(
      'brand.byMemberUserId',
      () =>
        new DataLoader<string, BrandEntity[]>(async (userIds) => {
          const rows = await this.dataSource.query<Array<BrandRow & { member_user_id: string }>>(
            `SELECT ${BRAND_COLUMNS('b')}, m.user_id AS member_user_id
               FROM brand_members m
               JOIN brands b ON b.id = m.brand_id
              WHERE m.user_id = ANY($1::uuid[])
              ORDER BY lower(b.name), b.name, b.id`,
            [[...userIds]],
          );
          return groupRows(userIds, rows, (row) => row.member_user_id).map((group) =>
            group.map(brandFromRow),
          );
        }),
    );
  }
}
