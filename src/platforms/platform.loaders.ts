import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { PlatformEntity } from './platform.entity';
import { PlatformRepository } from './platform.repository';

/** The platform catalog is public to every signed-in caller, so these loaders need no scoping. */
@Injectable()
export class PlatformLoaders {
  constructor(private readonly repository: PlatformRepository) {}

  byId(ctx: RequestContext): DataLoader<string, PlatformEntity | null> {
    return ctx.loader(
      'platform.byId',
      () => new DataLoader((ids: readonly string[]) => this.repository.findByIds(ids)),
    );
  }

  /** Platform id → the platforms it depends on directly, ordered by slug. */
  providersOf(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader(
      'platform.providersOf',
      () => new DataLoader((ids: readonly string[]) => this.repository.providersOf(ids)),
    );
  }

  /** Platform id → the platforms that depend on it directly, ordered by slug. */
  dependentsOf(ctx: RequestContext): DataLoader<string, PlatformEntity[]> {
    return ctx.loader(
      'platform.dependentsOf',
      () => new DataLoader((ids: readonly string[]) => this.repository.dependentsOf(ids)),
    );
  }
}
