import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { BrandLoaders } from '../brands/brand.loaders';
import type { BrandEntity } from '../brands/brand.entity';
import { Brand } from '../brands/brand.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import {
  CalendarFeed,
  CreateCalendarFeedPayload,
  RevokeCalendarFeedPayload,
} from './calendar-feed.model';
import { CalendarService } from './calendar.service';
import { CreateCalendarFeedInput, RevokeCalendarFeedInput } from './dto/calendar-feed.input';
import { PayloadOf, SPREAD } from '../common/graphql/payload-of.decorator';

@Resolver(() => CalendarFeed)
export class CalendarResolver {
  constructor(
    private readonly calendar: CalendarService,
    private readonly brandLoaders: BrandLoaders,
  ) {}

  @PayloadOf(SPREAD)
  @Mutation(() => CreateCalendarFeedPayload, {
    description:
      "Mint a secret iCalendar URL: a creator's deliverables, or a brand member's deliverables on one brand's deals. The URL is shown only here. Refused with BAD_USER_INPUT BRAND_REQUIRED (several brands, no brandId) or NOT_FOR_ROLE (brandId from a creator), FORBIDDEN NO_BRAND, NOT_FOUND for a brand you are not a member of. Honours an Idempotency-Key header",
  })
  async createCalendarFeed(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'Whose deliverables, and when to alarm' })
    input: CreateCalendarFeedInput,
  ): Promise<{ url: string; calendarFeed: CalendarFeed }> {
    const { url, feed } = await this.calendar.mint(viewer, input);
    return { url, calendarFeed: feed };
  }

  @PayloadOf('calendarFeed')
  @Mutation(() => RevokeCalendarFeedPayload, {
    description:
      "Revoke one of your calendar feeds; its URL answers 404. Another account's feed is NOT_FOUND",
  })
  revokeCalendarFeed(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The feed to revoke' }) input: RevokeCalendarFeedInput,
  ): Promise<CalendarFeed> {
    return this.calendar.revoke(viewer, input.id);
  }

  // the caller's own feeds
  @Extensions({ expectedItems: 5 })
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
