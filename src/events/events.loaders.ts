import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { EventsRepository } from './events.repository';

/** Deliverables reach these only through a scoped query or loader, so they need no scoping. */
@Injectable()
export class EventLoaders {
  constructor(private readonly repository: EventsRepository) {}

  /** Deliverable id → when its risk last changed (null: never): one statement per batch. */
  riskChangedAt(ctx: RequestContext): DataLoader<string, Date | null> {
    return ctx.loader(
      'event.riskChangedAt',
      () =>
        new DataLoader<string, Date | null>(async (ids) => {
          const latest = await this.repository.riskChangedAt(ids);
          return ids.map((id) => latest.get(id) ?? null);
        }),
    );
  }
}
