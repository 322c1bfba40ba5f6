import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { BrandEntity } from './brand.entity';
import { BrandRepository } from './brand.repository';

/** Brand names and ids are public (anyone may look a brand up to log a deal with it). */
@Injectable()
export class BrandLoaders {
  constructor(private readonly repository: BrandRepository) {}

  byId(ctx: RequestContext): DataLoader<string, BrandEntity | null> {
    return ctx.loader(
      'brand.byId',
      () => new DataLoader((ids: readonly string[]) => this.repository.findByIds(ids)),
    );
  }

  /** The brands each user is a member of, by name; one statement per batch. */
  byMemberUserId(ctx: RequestContext): DataLoader<string, BrandEntity[]> {
    return ctx.loader(
      'brand.byMemberUserId',
      () =>
        new DataLoader((userIds: readonly string[]) => this.repository.brandsOfMembers(userIds)),
    );
  }
}
