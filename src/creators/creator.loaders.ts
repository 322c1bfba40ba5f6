import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { CreatorEntity } from './creator.entity';
import { CreatorRepository } from './creator.repository';

/**
 * Loads creator profiles by id. Callers reach a creator only through a deal they may see
 * (or their own profile), so the profile itself needs no further scoping.
 */
@Injectable()
export class CreatorLoaders {
  constructor(private readonly repository: CreatorRepository) {}

  byId(ctx: RequestContext): DataLoader<string, CreatorEntity | null> {
    return ctx.loader(
      'creator.byId',
      () => new DataLoader((ids: readonly string[]) => this.repository.findByIds(ids)),
    );
  }

  /** The creator profile of each user (null for brand accounts); one statement per batch. */
  byUserId(ctx: RequestContext): DataLoader<string, CreatorEntity | null> {
    return ctx.loader(
      'creator.byUserId',
      () => new DataLoader((userIds: readonly string[]) => this.repository.findByUserIds(userIds)),
    );
  }
}
