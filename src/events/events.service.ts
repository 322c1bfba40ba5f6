import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../common/errors/app-error';
import { mapNodes, pageWindow, type Connection } from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import type { DealStatus } from '../deals/deal.entity';
import type { EventsArgs } from './dto/events.args';
import { changeTypeOf, eventTypeNameOf, type Event } from './event.model';
import { EventsRepository, type EventFilter, type EventRow } from './events.repository';

export function toEvent(row: EventRow): Event {
  const type = eventTypeNameOf(row.type);
  return {
    id: row.id,
    type,
    occurredAt: new Date(row.created_at),
    deliverableId: row.deliverable_id,
    dealId: row.deal_id,
    outageId: row.outage_id,
    previousRiskLevel: type === 'DELIVERABLE_RISK_CHANGED' ? row.previous_risk_level : null,
    riskLevel: type === 'DELIVERABLE_RISK_CHANGED' ? row.risk_level : null,
    previousStatus:
      type === 'DEAL_STATUS_CHANGED' ? (row.previous_status as DealStatus | null) : null,
    status: type === 'DEAL_STATUS_CHANGED' ? (row.status as DealStatus | null) : null,
    changedFields: Array.isArray(row.changed_fields) ? row.changed_fields : null,
  };
}

@Injectable()
export class EventsService {
  constructor(private readonly repository: EventsRepository) {}

  /** The caller's page of the feed, oldest first: resume with the last endCursor (or page back with last/before). */
  async feed(viewer: Viewer, args: EventsArgs): Promise<Connection<Event>> {
    // Page sizes (and first with last) are refused before the brand is looked at.
    pageWindow(args);
    const filter: EventFilter = {};
    if (args.since) filter.since = args.since;
    if (args.types) filter.types = [...new Set(args.types)].map(changeTypeOf);
    if (args.brandId != null) {
      // Another brand's id reads as missing, like every other tenant's record. A creator may
      // narrow to a brand they work with (their deals with it); administrators to any brand.
      const mayName =
        isUuid(args.brandId) &&
        (viewer.isAdmin || viewer.role === 'CREATOR' || viewer.brandIds.includes(args.brandId));
      if (!mayName) throw notFound('Brand', args.brandId);
      filter.brandId = args.brandId;
    }
    return mapNodes(await this.repository.page(viewer, filter, args), toEvent);
  }
}
