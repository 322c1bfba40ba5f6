import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { BrandLoaders } from '../brands/brand.loaders';
import type { BrandEntity } from '../brands/brand.entity';
import { Brand } from '../brands/brand.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { CalendarFeed, CalendarFeedUrl } from './calendar-feed.model';
import { CalendarService } from './calendar.service';
import { CalendarFeedUrlArgs } from './dto/calendar-feed.args';

@Resolver(() => CalendarFeed)
export class CalendarResolver {
  constructor(
    private readonly calendar: CalendarService,
    private readonly brandLoaders: BrandLoaders,
  ) {}

  @Mutation(() => CalendarFeedUrl, {
    description:
      "Mint a secret iCalendar URL: a creator's deliverables, or a brand member's deliverables on one brand's deals. The URL is shown only here. Refused with BAD_USER_INPUT BRAND_REQUIRED (several brands, no brandId) or NOT_FOR_ROLE (brandId from a creator), FORBIDDEN NO_BRAND, NOT_FOUND for a brand you are not a member of. Honours an Idempotency-Key header",
  })
  calendarFeedUrl(
    @CurrentViewer() viewer: Viewer,
    @Args() args: CalendarFeedUrlArgs,
  ): Promise<CalendarFeedUrl> {
    return this.calendar.mint(viewer, args);
  }

  @Mutation(() => CalendarFeed, {
    description:
      "Revoke one of your calendar feeds; its URL answers 404. Another account's feed is NOT_FOUND",
  })
  revokeCalendarFeed(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The CalendarFeed.id to revoke' }) id: string,
  ): Promise<CalendarFeed> {
    return this.calendar.revoke(viewer, id);
  }

  @Query(() => [CalendarFeed], {
    description: 'Your calendar feeds, newest first, revoked ones included (never the secret)',
  })
  calendarFeeds(@CurrentViewer() viewer: Viewer): Promise<CalendarFeed[]> {
    return this.calendar.list(viewer);
  }

  @ResolveField(() => Brand, { nullable: true, description: 'The brand of a BRAND feed' })
  brand(@Parent() feed: CalendarFeed, @Ctx() ctx: RequestContext): Promise<BrandEntity | null> {
    return feed.brandId ? this.brandLoaders.byId(ctx).load(feed.brandId) : Promise.resolve(null);
  }
}
