import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { entityByIdLoader } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { CreatorEntity } from './creator.entity';

/**
 * Loads creator profiles by id. Callers reach a creator only through a deal they may see
 * (or their own profile), so the profile itself needs no further scoping.
 */
@Injectable()
export class CreatorLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, CreatorEntity | null> {
    return ctx.loader('creator.byId', () => entityByIdLoader(this.dataSource, CreatorEntity));
  }

  /** The creator profile of each user (null for brand accounts); one statement per batch. */
  byUserId(ctx: RequestContext): DataLoader<string, CreatorEntity | null> {
    return ctx.loader(
      'creator.byUserId',
      () =>
        new DataLoader<string, CreatorEntity | null>(async (userIds) => {
          const rows = await this.dataSource
            .getRepository(CreatorEntity)
            .findBy({ userId: In([...userIds]) });
          const byUserId = new Map(rows.map((row) => [row.userId, row]));
          return userIds.map((userId) => byUserId.get(userId) ?? null);
        }),
    );
  }
}
