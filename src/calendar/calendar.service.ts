import { Injectable } from '@nestjs/common';
import { subDays } from 'date-fns';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { hashSecret } from '../auth/secrets';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../common/errors/app-error';
import { isUuid } from '../common/validation/uuid';
import { AppConfig } from '../config/app-config';
import type { DeliverableRisk, Receivable, ReceivableStatus } from '../impact/engine';
import { ImpactService } from '../impact/impact.service';
import { ReceivablesService } from '../receivables/receivables.service';
import {
  buildCalendar,
  type FeedDeliverable,
  type FeedOutage,
  type FeedPayment,
  type FeedRisk,
} from './calendar-builder';
import type { CalendarFeedEntity } from './calendar-feed.entity';
import type { CalendarFeed } from './calendar-feed.model';
import {
  CalendarFeedRepository,
  feedStillPermitted,
  MAX_FEED_DELIVERABLES,
} from './calendar-feed.repository';
import { brandIdNotForCreators, brandRequired, noBrand } from './calendar.errors';
import type { CreateCalendarFeedInput } from './dto/calendar-feed.input';
import { generateFeedSecret, isFeedSecret } from './feed-secret';
import { claimIdempotencyKey } from '../idempotency/idempotency-keys';

// Touching last_used_at on every poll would turn each read into a write (as for access tokens).
const LAST_USED_RESOLUTION_MS = 60_000;

/** The receivables a feed shows: those with something still to pay. */
const OPEN_STATUSES: ReadonlySet<ReceivableStatus> = new Set([
  'NOT_DUE',
  'DUE',
  'OVERDUE',
  'PARTIALLY_PAID',
]);

/** A feed reaches forward without end (as for deliverables); the ledger window needs a bound. */
const NO_END = new Date('9999-12-31T00:00:00Z');

export function toCalendarFeed(feed: CalendarFeedEntity): CalendarFeed {
  return {
    id: feed.id,
    scope: feed.creatorId ? 'CREATOR' : 'BRAND',
    brandId: feed.brandId,
    alarmMinutesBefore: feed.alarmMinutesBefore,
    createdAt: feed.createdAt,
    lastUsedAt: feed.lastUsedAt,
    revokedAt: feed.revokedAt,
  };
}

@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feeds: CalendarFeedRepository,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly impact: ImpactService,
    private readonly receivables: ReceivablesService,
  ) {}

  /** Mints a feed for the caller: a creator's own, or one of the caller's brands. */
  async mint(
    viewer: Viewer,
    args: CreateCalendarFeedInput,
  ): Promise<{ url: string; feed: CalendarFeed }> {
    const owner = this.ownerOf(viewer, args.brandId ?? null);
    const secret = generateFeedSecret();
    const row = await this.dataSource.transaction(async (manager) => {
      // Idempotency-Key: taken in this transaction, so a retry cannot mint a second feed.
      await claimIdempotencyKey(manager);
      return this.feeds.insert(manager, {
        userId: viewer.userId,
        creatorId: owner.creatorId,
        brandId: owner.brandId,
        secretHash: hashSecret(secret),
        alarmMinutesBefore: args.alarmMinutesBefore ?? this.config.CALENDAR_ALARM_MINUTES,
      });
    });
    return {
      url: `${this.config.publicUrl}/calendar/${secret}.ics`,
      feed: toCalendarFeed(row),
    };
  }

  /** The caller's feeds, newest first, revoked ones included. */
  async list(viewer: Viewer): Promise<CalendarFeed[]> {
    return (await this.feeds.listVisible(viewer)).map(toCalendarFeed);
  }

  /** Revokes one of the caller's feeds (again: a no-op); anybody else's reads as NOT_FOUND. */
  async revoke(viewer: Viewer, id: string): Promise<CalendarFeed> {
    if (!isUuid(id)) throw notFound('Calendar feed', id);
    const feed = await this.feeds.revokeVisible(viewer, id);
    if (!feed) throw notFound('Calendar feed', id);
    return toCalendarFeed(feed);
  }

  /**
   * The iCalendar text behind a secret, as its owner may see it now; null when the secret is
   * unknown or revoked, or the owner no longer has that access (left the brand).
   */
  async render(secret: string, now: Date): Promise<string | null> {
    if (!isFeedSecret(secret)) return null;
    const found = await this.feeds.liveBySecretHash(hashSecret(secret));
    if (!found) return null;
    const { feed, ownerName } = found;
    const viewer = await this.auth.viewerForUser(feed.userId);
    if (!viewer || !feedStillPermitted(viewer, feed)) return null;
    await this.touch(feed, now);

    const from = subDays(now, this.config.CALENDAR_PAST_DAYS);
    const deliverables = await this.feeds.deliverables(viewer, feed, from);
    const ids = deliverables.map((deliverable) => deliverable.id);
    const [sequences, risks] = await Promise.all([
      this.feeds.sequences(ids),
      ids.length > 0
        ? this.impact.risks(ids, now)
        : Promise.resolve(new Map<string, DeliverableRisk>()),
    ]);
    const outageIds = [...new Set([...risks.values()].flatMap((risk) => risk.outageIds))];
    const suggestedIds = [
      ...new Set(
        [...risks.values()].flatMap((risk) =>
          risk.suggestedPlatformId ? [risk.suggestedPlatformId] : [],
        ),
      ),
    ];
    const [outages, platformSlugs] = await Promise.all([
      this.feeds.outages(outageIds),
      this.feeds.platformSlugs(suggestedIds),
    ]);

    const feedDeliverables = deliverables.map((deliverable): FeedDeliverable => {
      const risk = risks.get(deliverable.id);
      const sequence = sequences.get(deliverable.id);
      return {
        id: deliverable.id,
        title: deliverable.title,
        kind: deliverable.kind,
        timing: deliverable.timing,
        status: deliverable.status,
        platform: deliverable.platform_slug,
        dealTitle: deliverable.deal_title,
        counterparty: feed.creatorId ? deliverable.brand_name : deliverable.creator_name,
        currency: deliverable.currency.trim(),
        fee: BigInt(deliverable.fee),
        scheduledAt: new Date(deliverable.scheduled_at),
        durationMinutes: Number(deliverable.duration_minutes),
        dueAt: new Date(deliverable.due_at),
        slotSequence: sequence?.slot ?? 0,
        deadlineSequence: sequence?.deadline ?? 0,
        risk: risk ? feedRisk(risk, platformSlugs) : null,
      };
    });
    const feedOutages = outages.map((outage): FeedOutage => ({
      id: outage.id,
      title: outage.title,
      startsAt: new Date(outage.starts_at),
      endsAt: outage.ends_at === null ? null : new Date(outage.ends_at),
      severity: outage.severity,
      degradationBps: Number(outage.degradation_bps),
      platforms: outage.platform_slugs,
      // Outages change rarely and mostly in time (ending one, correcting it): every change counts.
      sequence: Number(outage.version) - 1,
      hits: feedDeliverables
        .filter((deliverable) => risks.get(deliverable.id)?.outageIds.includes(outage.id))
        .map((deliverable) => deliverable.title),
    }));
    const payments = await this.payments(viewer, feed, from, now);
    return buildCalendar({
      name: `Deal Ledger: ${ownerName ?? 'deliverables'}`,
      now,
      alarmMinutesBefore: feed.alarmMinutesBefore,
      deliverables: feedDeliverables,
      outages: feedOutages,
      payments,
    });
  }

  /**
   * What the feed's deals owe with something still open, due from `from` on (the earliest
   * first, at most as many as deliverables): a creator's feed what the creator is owed, a brand's
   * what the brand owes. Read through the receivable rules at `now`, in 4 statements whatever
   * their number.
   */
  private async payments(
    viewer: Viewer,
    feed: CalendarFeedEntity,
    from: Date,
    now: Date,
  ): Promise<FeedPayment[]> {
    // The feed's scope (calendarFeedDeals): its creator's deals, or its brand's. An administrator
    // is narrowed to them like anyone else; `dealLabels` applies the rule itself again.
    const owner: Viewer = { ...viewer, isAdmin: false };
    const books = await this.receivables.books(
      owner,
      { brandId: feed.brandId ?? undefined, window: { from, to: NO_END } },
      now,
    );
    const open = books
      .flatMap((book) => book.result.receivables)
      .filter((r) => OPEN_STATUSES.has(r.status) && r.open > 0n && r.dueAt >= from)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, MAX_FEED_DELIVERABLES);
    const labels = await this.feeds.dealLabels(
      viewer,
      feed,
      [...new Set(open.map((r) => r.dealId))],
      open.flatMap((r) => (r.deliverableId ? [r.deliverableId] : [])),
    );
    const byDeal = new Map(labels.map((label) => [label.id, label]));
    return open.flatMap((r: Receivable): FeedPayment[] => {
      const label = byDeal.get(r.dealId);
      if (!label) return [];
      return [
        {
          id: r.id,
          kind: r.kind,
          title: r.deliverableId
            ? (label.deliverable_titles[r.deliverableId] ?? 'a deliverable')
            : null,
          dealTitle: label.title,
          counterparty: feed.creatorId ? label.brand_name : label.creator_name,
          direction: feed.creatorId ? 'IN' : 'OUT',
          currency: r.currency,
          owed: r.owed,
          paid: r.paid,
          open: r.open,
          dueAt: r.dueAt,
          status: r.status,
          daysOverdue: r.daysOverdue,
        },
      ];
    });
  }

  private ownerOf(
    viewer: Viewer,
    brandId: string | null,
  ): { creatorId: string | null; brandId: string | null } {
    if (viewer.role === 'CREATOR') {
      if (brandId !== null) throw brandIdNotForCreators();
      // Every CREATOR user has a profile (sign-up creates both in one transaction).
      if (!viewer.creatorId) throw noBrand();
      return { creatorId: viewer.creatorId, brandId: null };
    }
    if (brandId !== null) {
      // A brand the caller is not a member of reads as missing, like any other tenant's record.
      if (!isUuid(brandId) || !viewer.brandIds.includes(brandId)) throw notFound('Brand', brandId);
      return { creatorId: null, brandId };
    }
    if (viewer.brandIds.length === 0) throw noBrand();
    if (viewer.brandIds.length > 1) throw brandRequired();
    return { creatorId: null, brandId: viewer.brandIds[0] };
  }

  private async touch(feed: CalendarFeedEntity, now: Date): Promise<void> {
    const lastUsed = feed.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - lastUsed > LAST_USED_RESOLUTION_MS) await this.feeds.touch(feed.id, now);
  }
}

/**
 * The fields `Deliverable.risk` shows every viewer who can see the deliverable (level, suggested
 * slot and platform, provisional, explanation), plus the delayed and lost amounts that `Deal.impact`
 * shows the same viewers. Never platform income, which brands do not see.
 */
function feedRisk(risk: DeliverableRisk, platformSlugs: Map<string, string>): FeedRisk {
  return {
    level: risk.outcome,
    delayed: risk.assessment?.delayed ?? null,
    lost: risk.assessment?.lost ?? null,
    suggestedSlot: risk.suggestedSlot,
    suggestedPlatform: risk.suggestedPlatformId
      ? (platformSlugs.get(risk.suggestedPlatformId) ?? null)
      : null,
    provisional: risk.provisional,
    explanation: risk.explanation,
  };
}
