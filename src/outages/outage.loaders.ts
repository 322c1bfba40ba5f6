import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { PlatformEntity } from '../platforms/platform.entity';
import type { OutageEntity } from './outage.entity';
import { OutageRepository } from './outage.repository';

/** Outages are public to every signed-in caller, so these loaders need no scoping. */
@Injectable()
export class OutageLoaders {
  constructor(private readonly repository: OutageRepository) {}

  byId(ctx: RequestContext): DataLoader<string, OutageEntity | null> {
    return ctx.loader(
      'outage.byId',
      () => new DataLoader((ids: readonly string[]) => this.repository.findByIds(ids)),
    );
  }

  /** Outage id → the platforms it names directly (not their dependents), ordered by slug. */
  platformsOf(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader(
      'outage.platformsOf',
      () => new DataLoader((ids: readonly string[]) => this.repository.platformsOf(ids)),
    );
  }
}
