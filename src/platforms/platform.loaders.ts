import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { entityByIdLoader, groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import { PlatformEntity } from './platform.entity';
import { PLATFORM_COLUMNS, platformFromRow, type PlatformRow } from './platform.rows';

/** The platform catalog is public to every signed-in caller, so these loaders need no scoping. */
@Injectable()
export class PlatformLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, PlatformEntity | null> {
    return ctx.loader('platform.byId', () => entityByIdLoader(this.dataSource, PlatformEntity));
  }

  /** Platform id → the platforms it depends on directly, ordered by slug. */
  providersOf(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader('platform.providersOf', () => this.edgeLoader('platform_id', 'provider_id'));
  }

  /** Platform id → the platforms that depend on it directly, ordered by slug. */
  dependentsOf(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader('platform.dependentsOf', () => this.edgeLoader('provider_id', 'platform_id'));
  }

  /** One query per batch: the platforms on the `other` end of edges whose `key` end is a given id. */
  private edgeLoader(key: 'platform_id' | 'provider_id', other: 'platform_id' | 'provider_id') {
    return new DataLoader<string, PlatformEntity[]>(async (ids) => {
      const rows = await this.dataSource.query<Array<PlatformRow & { key_id: string }>>(
        `SELECT d.${key} AS key_id, ${PLATFORM_COLUMNS}
           FROM platform_dependencies d
           JOIN platforms p ON p.id = d.${other}
          WHERE d.${key} = ANY($1::uuid[])
          ORDER BY p.slug`,
        [[...ids]],
      );
      return groupRows(ids, rows, (row) => row.key_id).map((group) => group.map(platformFromRow));
    });
  }
}
