import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { entityByIdLoader } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { PlatformEntity } from './platform.entity';

@Injectable()
export class PlatformLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, PlatformEntity | null> {
    return ctx.loader('platform.byId', () => entityByIdLoader(this.dataSource, PlatformEntity));
  }
}
