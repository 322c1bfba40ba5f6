import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { runTransaction } from '../common/database/retry';
import {
  computeOutageImpact,
  deliverableRisk,
  effectiveWindow,
  riskScopes,
  slotOf,
  type Deliverable,
  type DeliverableRisk,
  type Outage,
} from '../impact/engine';
import { DealRepository } from '../deals/deal.repository';
import { ImpactRepository, type PlatformGraph } from '../impact/impact.repository';
import {
  deliverableData,
  envelopeBody,
  paymentRecordedData,
  rescheduleData,
  draftData,
  receivableOverdueData,
  riskChanged,
  riskData,
} from './payloads';
import {
  recipientHears,
  WebhookRepository,
  type EventRow,
  type SerializedDeliverableShape,
  type SerializedOutageShape,
  type WebhookRecipient,
} from './webhook.repository';

/** Reads every deal, like an administrator: recipients are filtered afterwards, per endpoint. */
const SYSTEM_VIEWER: Viewer = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'webhooks@system',
  role: 'CREATOR',
  isAdmin: true,
  tokenId: 'webhook-worker',
  creatorId: null,
  brandIds: [],
};

/**
 * Events about a deal as a whole (money owed), and how each builds its body from the stored
 * event. Their recipients are the deal's parties, as for deliverable.* events.
 */
const DEAL_EVENT_BODIES: ReadonlyMap<
  string,
  (stored: Record<string, unknown>) => Record<string, unknown>
> = new Map([
  ['payment.recorded', paymentRecordedData],
  ['receivable.overdue', receivableOverdueData],
  ['reschedule.proposed', rescheduleData],
  ['reschedule.accepted', rescheduleData],
  ['reschedule.declined', rescheduleData],
  ['reschedule.withdrawn', rescheduleData],
  ['draft.submitted', draftData],
  ['draft.reviewed', draftData],
]);

/** How long a worker may take to expand an event before another may try, in seconds. */
const FANOUT_LEASE_SECONDS = 60;

/** One event to send to some endpoints; `dataFor` scopes the body per endpoint. */
interface Outgoing {
  eventId: string;
  type: string;
  createdAt: Date;
  /** Children of a re-evaluation: inserted with the deliveries. */
  child?: {
    parentId: string;
    deliverableId: string;
    /** The feed shows the child to the parties of this deal. */
    dealId: string;
    data: Record<string, unknown>;
  };
  endpoints: WebhookRecipient[];
  dataFor: (endpoint: WebhookRecipient) => Record<string, unknown>;
}

/**
 * Expands outbox rows into deliveries. A row is claimed under a lease in one short statement,
 * the work (recipients, risk, scoped bodies) is read without a transaction, and the deliveries
 * are written with the row marked done in one transaction that checks the claim still holds.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ImpactRepository,
    private readonly webhooks: WebhookRepository,
    private readonly deals: DealRepository,
  ) {}

  /** Expands up to `limit` pending events; returns how many were expanded. */
  async runOnce(limit = 20): Promise<number> {
    const claimId = randomUUID();
    const rows = await this.webhooks.claimPendingEvents(limit, claimId, FANOUT_LEASE_SECONDS);
    rows.sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime());
    let done = 0;
    for (const row of rows) {
      const outgoing = await this.expand(row);
      const committed = await runTransaction(this.dataSource, (manager) =>
        this.commit(manager, row, outgoing),
      );
      if (committed) done += 1;
    }
    return done;
  }

  private async commit(
    manager: EntityManager,
    row: EventRow,
    outgoing: Outgoing[],
  ): Promise<boolean> {
    const marked = await this.webhooks.markFannedOut(manager, row.id, row.claim_id);
    // The lease ran out and another worker took over: leave it the work.
    if (!marked) return false;
    for (const item of outgoing) {
      if (item.child) {
        await this.webhooks.insertChildEvent(manager, {
          id: item.eventId,
          type: item.type,
          deliverableId: item.child.deliverableId,
          dealId: item.child.dealId,
          data: item.child.data,
          parentId: item.child.parentId,
          createdAt: item.createdAt,
        });
      }
      if (item.endpoints.length === 0) continue;
      const bodies = item.endpoints.map((endpoint) =>
        envelopeBody({
          id: item.eventId,
          type: item.type,
          createdAt: item.createdAt.toISOString(),
          data: item.dataFor(endpoint),
        }),
      );
      // INSERT … SELECT: an endpoint deleted meanwhile is skipped rather than failing the batch.
      await this.webhooks.insertDeliveries(
        manager,
        item.eventId,
        item.endpoints.map((endpoint) => endpoint.id),
        bodies,
      );
    }
    return true;
  }

  private async expand(row: EventRow): Promise<Outgoing[]> {
    const createdAt = new Date(row.created_at);
    if (row.reevaluate?.previousDeliverable && row.deliverable_id) {
      return this.deliverableRiskEvents(row, createdAt, row.reevaluate.previousDeliverable);
    }
    if (row.reevaluate && row.outage_id) {
      return this.outageRiskEvents(row, createdAt, row.reevaluate.previousOutage ?? null);
    }
    if (row.type.startsWith('outage.') && row.outage_id) {
      return this.outageEvent(row, createdAt, row.outage_id);
    }
    if (row.type.startsWith('deliverable.') && row.deliverable_id) {
      const [deliverable] = await this.repository.deliverablesByIds([row.deliverable_id]);
      if (!deliverable) return [];
      const endpoints = await this.endpointsFor(row.type, [deliverable], false);
      return [
        {
          eventId: row.id,
          type: row.type,
          createdAt,
          endpoints,
          dataFor: () => row.data,
        },
      ];
    }
    const dealBody = DEAL_EVENT_BODIES.get(row.type);
    if (dealBody && row.deal_id) {
      const [deal] = await this.deals.visibleDealsByIds(SYSTEM_VIEWER, [row.deal_id]);
      if (!deal) return [];
      // The deal's creator and its brand's members: never another creator, brand or an admin.
      const endpoints = await this.webhooks.recipients(row.type, {
        creatorIds: [deal.creatorId],
        brandIds: [deal.brandId],
        admins: false,
      });
      const data = dealBody(row.data);
      return [{ eventId: row.id, type: row.type, createdAt, endpoints, dataFor: () => data }];
    }
    return [];
  }

  /** outage.*: the owners of the deliverables it hits (each told only of theirs), and admins. */
  private async outageEvent(row: EventRow, asOf: Date, outageId: string): Promise<Outgoing[]> {
    const [outage] = await this.repository.outagesByIds([outageId]);
    if (!outage) return [];
    const window = effectiveWindow(outage, asOf);
    const [candidates, { outages: context, graph }] = await Promise.all([
      this.repository.candidates(SYSTEM_VIEWER, [...outage.platformIds], window.start, window.end),
      this.repository.riskContext(window.start, window.end),
    ]);
    const impact = computeOutageImpact({
      outage,
      allOutages: context,
      edges: graph.edges,
      platforms: graph.platforms,
      deliverables: candidates,
      accounts: [],
      asOf,
    });
    const hitIds = new Set(impact.items.map((item) => item.deliverableId));
    const hit = candidates.filter((deliverable) => hitIds.has(deliverable.id));
    const endpoints = await this.endpointsFor(row.type, hit, true);
    return [
      {
        eventId: row.id,
        type: row.type,
        createdAt: asOf,
        endpoints,
        dataFor: (endpoint) => ({
          ...row.data,
          deliverables: hit
            .filter((deliverable) => recipientHears(endpoint, deliverable, true))
            .map((deliverable) => ({
              id: deliverable.id,
              dealId: deliverable.dealId,
              title: deliverable.title,
            })),
        }),
      },
    ];
  }

  /** One deliverable.risk_changed per deliverable whose risk the outage change moved. */
  private async outageRiskEvents(
    row: EventRow,
    asOf: Date,
    previous: SerializedOutageShape | null | 'OPEN_ENDED',
  ): Promise<Outgoing[]> {
    const [current] = await this.repository.outagesByIds([row.outage_id!]);
    const before: Outage | null =
      previous === 'OPEN_ENDED'
        ? current
          ? { ...current, endsAt: null }
          : null
        : previous
          ? {
              id: row.outage_id!,
              title: current?.title ?? '',
              startsAt: new Date(previous.startsAt),
              endsAt: previous.endsAt ? new Date(previous.endsAt) : null,
              severity: previous.severity,
              degradationBps: previous.degradationBps,
              platformIds: previous.platformIds,
            }
          : null;
    const shapes = [before, current ?? null].filter((o): o is Outage => o !== null);
    const candidateLists = await Promise.all(
      shapes.map((shape) => {
        const window = effectiveWindow(shape, asOf);
        return this.repository.candidates(
          SYSTEM_VIEWER,
          [...shape.platformIds],
          window.start,
          window.end,
        );
      }),
    );
    const byId = new Map(candidateLists.flat().map((deliverable) => [deliverable.id, deliverable]));
    const deliverables = [...byId.values()];
    if (deliverables.length === 0) return [];
    const { outages, graph } = await this.context(deliverables);
    const withoutIt = outages.filter((outage) => outage.id !== row.outage_id);
    const outagesBefore = before ? [...withoutIt, before] : withoutIt;
    const outagesAfter = current ? [...withoutIt, current] : withoutIt;
    // Each outage's scope once for every deliverable it may hit (thousands for a large outage).
    const scopesBefore = riskScopes(outagesBefore, graph.edges, asOf, graph.platforms);
    const scopesAfter = riskScopes(outagesAfter, graph.edges, asOf, graph.platforms);
    return this.riskEvents(
      row,
      asOf,
      deliverables.map((deliverable) => ({
        deliverable,
        before: scopesBefore.risk(deliverable),
        after: scopesAfter.risk(deliverable),
      })),
      graph,
      { outageId: row.outage_id },
    );
  }

  /** A deliverable.risk_changed if rescheduling the deliverable moved its risk. */
  private async deliverableRiskEvents(
    row: EventRow,
    asOf: Date,
    previous: SerializedDeliverableShape,
  ): Promise<Outgoing[]> {
    const [current] = await this.repository.deliverablesByIds([row.deliverable_id!]);
    if (!current) return [];
    const moved: Deliverable = {
      ...current,
      platformId: previous.platformId,
      scheduledAt: new Date(previous.scheduledAt),
      durationMinutes: previous.durationMinutes,
      dueAt: new Date(previous.dueAt),
      timing: previous.timing,
    };
    const { outages, graph } = await this.context([current, moved]);
    const was: Deliverable = {
      ...moved,
      platformSlug: graph.platforms.get(previous.platformId)?.slug ?? current.platformSlug,
    };
    return this.riskEvents(
      row,
      asOf,
      [
        {
          deliverable: current,
          before: deliverableRisk(was, outages, graph.edges, asOf, graph.platforms),
          after: deliverableRisk(current, outages, graph.edges, asOf, graph.platforms),
        },
      ],
      graph,
      { rescheduled: true },
    );
  }

  private async riskEvents(
    row: EventRow,
    asOf: Date,
    assessed: Array<{ deliverable: Deliverable; before: DeliverableRisk; after: DeliverableRisk }>,
    graph: PlatformGraph,
    cause: Record<string, unknown>,
  ): Promise<Outgoing[]> {
    const changed = assessed.filter(({ before, after }) => riskChanged(before, after));
    if (changed.length === 0) return [];
    const endpoints = await this.endpointsFor(
      'deliverable.risk_changed',
      changed.map(({ deliverable }) => deliverable),
      false,
    );
    return changed.map(({ deliverable, before, after }) => {
      const data = {
        deliverable: deliverableData(deliverable),
        previousRisk: riskData(before, deliverable.currency, graph.platforms),
        risk: riskData(after, deliverable.currency, graph.platforms),
        cause,
      };
      return {
        eventId: randomUUID(),
        type: 'deliverable.risk_changed',
        createdAt: asOf,
        child: {
          parentId: row.id,
          deliverableId: deliverable.id,
          dealId: deliverable.dealId,
          data,
        },
        endpoints: endpoints.filter((endpoint) => recipientHears(endpoint, deliverable, false)),
        dataFor: () => data,
      };
    });
  }

  /** Every recorded outage around the deliverables' slots and the graph, as `ImpactService.risks` loads them. */
  private context(
    deliverables: Deliverable[],
  ): Promise<{ outages: Outage[]; graph: PlatformGraph }> {
    const from = new Date(Math.min(...deliverables.map((d) => d.scheduledAt.getTime())));
    const to = new Date(
      Math.max(...deliverables.map((d) => Math.max(d.dueAt.getTime(), slotOf(d).end.getTime()))),
    );
    return this.repository.riskContext(from, to);
  }

  /**
   * Endpoints subscribed to `type` that may hear about these deliverables: their creator's, their
   * deal's brand's (only while the member who registered it still belongs to the brand), and
   * with `admins` every administrator's own (non-brand) endpoints.
   */
  private async endpointsFor(
    type: string,
    deliverables: Deliverable[],
    admins: boolean,
  ): Promise<WebhookRecipient[]> {
    const creatorIds = [...new Set(deliverables.map((d) => d.creatorId))];
    const brandIds = [...new Set(deliverables.map((d) => d.brandId))];
    if (!admins && creatorIds.length === 0) return [];
    return this.webhooks.recipients(type, { creatorIds, brandIds, admins });
  }
}
