import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { entityByIdLoader, groupRows } from '../common/dataloader/loaders';
import type { RequestContext } from '../common/graphql/request-context';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PLATFORM_COLUMNS, platformFromRow, type PlatformRow } from '../platforms/platform.rows';
import { OutageEntity } from './outage.entity';

/** Outages are public to every signed-in caller, so these loaders need no scoping. */
@Injectable()
export class OutageLoaders {
  constructor(private readonly dataSource: DataSource) {}

  byId(ctx: RequestContext): DataLoader<string, OutageEntity | null> {
    return ctx.loader('outage.byId', () => entityByIdLoader(this.dataSource, OutageEntity));
  }

  /** Outage id → the platforms it names directly (not their dependents), ordered by slug. */
  platformsOf(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader(
      'outage.platformsOf',
      () =>
        new DataLoader<string, PlatformEntity[]>(async (outageIds) => {
          const rows = await this.dataSource.query<Array<PlatformRow & { outage_id: string }>>(
            `SELECT op.outage_id, ${PLATFORM_COLUMNS}
               FROM outage_platforms op
               JOIN platforms p ON p.id = op.platform_id
              WHERE op.outage_id = ANY($1::uuid[])
              ORDER BY p.slug`,
            [[...outageIds]],
          );
          return groupRows(outageIds, rows, (row) => row.outage_id).map((group) =>
            group.map(platformFromRow),
          );
        }),
    );
  }
}
