import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
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
}
