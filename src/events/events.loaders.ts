import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { Event } from './event.model';
import { EventsRepository } from './events.repository';
import { toEvent } from './events.service';

/**
 * `riskChangedAt`: deliverables reach it only through a scoped query or loader, so it needs no
 * scoping. `byId` scopes by the feed's own rule (`visibleEvents`).
 */
@Injectable()
export class EventLoaders {
  constructor(private readonly repository: EventsRepository) {}

  /** Events by id, null where the feed would not show the caller the event. */
  byId(ctx: RequestContext): DataLoader<string, Event | null> {
    return ctx.loader('event.byId', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, Event | null>(async (ids) => {
        const rows = await this.repository.visibleByIds(viewer, ids);
        const found = new Map(rows.map((row) => [row.id, toEvent(row)]));
        return ids.map((id) => found.get(id) ?? null);
      });
    });
  }

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
