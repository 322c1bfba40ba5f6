import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { AccessToken, User } from '../auth/user.model';
import { AuditLoaders } from '../audit/audit.loaders';
import { AuthService } from '../auth/auth.service';
import type { CalendarFeed } from '../calendar/calendar-feed.model';
import { toCalendarFeed } from '../calendar/calendar.service';
import { NODE_TYPE, type TypedNode } from '../common/graphql/node.interface';
import { isUuid } from '../common/validation/uuid';
import type { CreatorEntity } from '../creators/creator.entity';
import { CreatorLoaders } from '../creators/creator.loaders';
import { DealLoaders } from '../deals/deal.loaders';
import { DeliverableLoaders } from '../deals/deliverable.loaders';
import { EventLoaders } from '../events/events.loaders';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { OutageLoaders } from '../outages/outage.loaders';
import { toPlatformAccount } from '../platforms/platform-account.model';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { WebhookLoaders } from '../webhooks/webhook.loaders';
import { eventNameOf, type Webhook, type WebhookEventName } from '../webhooks/webhook.model';
import { NodeRepository, type NodeTypeName } from './node.repository';

type Loader = DataLoader<string, { id: string } | null>;

/** Keeps the records a batch loaded, in key order, null where the caller may not read one. */
function byKey<R extends { id: string }>(ids: readonly string[], rows: R[]): Array<R | null> {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
}

/**
 * One per-request loader per Node type, each applying the tenancy of the type's own lookups:
 * the features' loaders where they already scope (deals, deliverables: the deal rule; outages and
 * platforms: every signed-in caller; audit entries: `visibleAuditSubjects`; webhook deliveries:
 * their endpoint's `visibleWebhooks`; events: the feed's `visibleEvents`), and here the rest,
 * each through its owner's rule.
 */
@Injectable()
export class NodeLoaders {
  constructor(
    private readonly repository: NodeRepository,
    private readonly auth: AuthService,
    private readonly deals: DealLoaders,
    private readonly deliverables: DeliverableLoaders,
    private readonly outages: OutageLoaders,
    private readonly platforms: PlatformLoaders,
    private readonly creators: CreatorLoaders,
    private readonly audit: AuditLoaders,
    private readonly webhooks: WebhookLoaders,
    private readonly events: EventLoaders,
  ) {}

  /**
   * The records behind `ids`, in order, null for an id that names nothing the caller may read.
   * One statement finds every id's type; then each type present costs its loader's batch.
   */
  async load(ctx: RequestContext, ids: readonly string[]): Promise<Array<TypedNode | null>> {
    const wellFormed = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const types = await this.typeLoader(ctx).loadMany(wellFormed);
    const records = await Promise.all(
      ids.map(async (id) => {
        const key = id.toLowerCase();
        const type = isUuid(id) ? types[wellFormed.indexOf(key)] : null;
        if (typeof type !== 'string') return null;
        const record = await this.loaderFor(ctx, type).load(key);
        if (!record) return null;
        return Object.assign(record, { [NODE_TYPE]: type });
      }),
    );
    return records;
  }

  private typeLoader(ctx: RequestContext): DataLoader<string, NodeTypeName | null> {
    return ctx.loader(
      'node.typeOf',
      () =>
        new DataLoader<string, NodeTypeName | null>(async (ids) => {
          const types = await this.repository.typesOf(ids);
          return ids.map((id) => types.get(id) ?? null);
        }),
    );
  }

  private loaderFor(ctx: RequestContext, type: NodeTypeName): Loader {
    switch (type) {
      case 'Deal':
        return this.deals.byId(ctx);
      case 'Deliverable':
        return this.deliverables.byId(ctx);
      case 'Outage':
        return this.outages.byId(ctx);
      case 'Platform':
        return this.platforms.byId(ctx);
      case 'Creator':
        return this.visibleCreators(ctx);
      case 'AuditEntry':
        return this.audit.entryById(ctx);
      case 'WebhookDelivery':
        return this.webhooks.deliveryById(ctx);
      case 'Event':
        return this.events.byId(ctx);
      case 'BrandInvitation':
        return this.scoped(ctx, type, (viewer, ids) =>
          this.repository.visibleBrandInvitations(viewer, ids),
        );
      case 'Brand':
        return this.scoped(ctx, type, (viewer, ids) => this.repository.visibleBrands(viewer, ids));
      case 'PlatformAccount':
        return this.scoped(ctx, type, async (viewer, ids) =>
          (await this.repository.visiblePlatformAccounts(viewer, ids)).map(toPlatformAccount),
        );
      case 'Webhook':
        return this.scoped(ctx, type, async (viewer, ids) =>
          (await this.repository.visibleWebhooks(viewer, ids)).map((row): Webhook => ({
            id: row.id,
            url: row.url,
            events: row.events
              .map(eventNameOf)
              .filter((name): name is WebhookEventName => name !== null),
            brandId: row.brand_id,
            createdAt: new Date(row.created_at),
          })),
        );
      case 'CalendarFeed':
        return this.scoped(ctx, type, async (viewer, ids) =>
          (await this.repository.visibleCalendarFeeds(viewer, ids)).map((feed): CalendarFeed =>
            toCalendarFeed(feed),
          ),
        );
      case 'AccessToken':
        // The caller's own tokens, as `accessTokens` lists them.
        return this.scoped(ctx, type, async (viewer): Promise<AccessToken[]> =>
          this.auth.listAccessTokens(viewer),
        );
      case 'User':
        // Only the caller, as `me`: nobody reads another account (its email is private).
        return this.scoped(ctx, type, async (viewer, ids): Promise<User[]> => {
          if (!ids.includes(viewer.userId.toLowerCase())) return [];
          const user = await this.auth.findUser(viewer.userId);
          return user ? [Object.assign(user, { id: user.id.toLowerCase() })] : [];
        });
    }
  }

  /** Creators: the ids the caller may read (one statement), then the profiles' own loader. */
  private visibleCreators(ctx: RequestContext): Loader {
    return ctx.loader('node.Creator', () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, { id: string } | null>(async (ids) => {
        const visible = await this.repository.visibleCreatorIds(viewer, ids);
        const profiles = await this.creators
          .byId(ctx)
          .loadMany(ids.filter((id) => visible.has(id)));
        return byKey(
          ids,
          profiles.filter((profile): profile is CreatorEntity =>
            Boolean(profile && !(profile instanceof Error)),
          ),
        );
      });
    });
  }

  private scoped<R extends { id: string }>(
    ctx: RequestContext,
    type: NodeTypeName,
    fetch: (viewer: RequestContext['viewer'], ids: readonly string[]) => Promise<R[]>,
  ): Loader {
    return ctx.loader(`node.${type}`, () => {
      const viewer = ctx.viewer;
      return new DataLoader<string, R | null>(async (ids) => byKey(ids, await fetch(viewer, ids)));
    });
  }
}
