import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { entityByIdLoader } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { BrandEntity } from './brand.entity';

/** Brand names and ids are public (anyone may look a brand up to log a deal with it). */
@Injectable()
export class BrandLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, BrandEntity | null> {
    return ctx.loader('brand.byId', () => entityByIdLoader(this.dataSource, BrandEntity));
  }
}
