import type { Viewer } from '../auth/viewer';
import { identifier, sql, type Sql } from '../common/database/sql';
import { visibleDeals } from '../deals/deal.repository';
import type { CalendarFeedEntity } from './calendar-feed.entity';

/**
 * The access rules for calendar feeds, written once.
 *
 * Managing feeds (listing, revoking): a feed is its minter's alone, whatever their role; an
 * administrator does not see anyone else's. `feedAlias` names the `calendar_feeds` row.
 */
export function visibleCalendarFeeds(viewer: Viewer, feedAlias: string): Sql {
  return sql`${identifier(feedAlias)}.user_id = ${viewer.userId}`;
}

/**
 * Reading a feed by its secret: the minter must still have the access the feed was minted for
 * (a creator's feed, still that creator; a brand's feed, still a member of that brand). A
 * member who left the brand gets the same 404 as an unknown secret.
 */
export function feedStillPermitted(owner: Viewer, feed: CalendarFeedEntity): boolean {
  if (feed.creatorId) return owner.role === 'CREATOR' && owner.creatorId === feed.creatorId;
  return owner.role === 'BRAND' && feed.brandId !== null && owner.brandIds.includes(feed.brandId);
}

/**
 * The deals a feed shows: what its owner may read now (the deal rule), narrowed to the feed's
 * creator or brand. `dealAlias` names the `deals` row.
 */
export function calendarFeedDeals(owner: Viewer, feed: CalendarFeedEntity, dealAlias: string): Sql {
  const deal = identifier(dealAlias);
  const scope = feed.creatorId
    ? sql`${deal}.creator_id = ${feed.creatorId}`
    : sql`${deal}.brand_id = ${feed.brandId}`;
  return sql`${scope}
          AND ${visibleDeals(owner, dealAlias)}`;
}
