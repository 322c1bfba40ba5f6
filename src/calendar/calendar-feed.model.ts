import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MutationPayload } from '../common/graphql/user-error';

export const CALENDAR_FEED_SCOPES = ['CREATOR', 'BRAND'] as const;
export type CalendarFeedScope = (typeof CALENDAR_FEED_SCOPES)[number];

export const CalendarFeedScopeEnum = {
  CREATOR: 'CREATOR',
  BRAND: 'BRAND',
} as const satisfies { [K in CalendarFeedScope]: K };
registerEnumType(CalendarFeedScopeEnum, {
  name: 'CalendarFeedScope',
  description:
    "CREATOR: the creator's own deliverables; BRAND: the deliverables on one brand's deals. May gain values; handle unknown ones",
  valuesMap: {
    CREATOR: { description: "A creator's feed: their own deliverables" },
    BRAND: {
      description:
        "A brand member's feed: the deliverables on one brand's deals, while they are a member",
    },
  },
});

@ObjectType({
  description: 'A secret iCalendar URL you minted; the secret itself is shown only once',
  implements: () => [Node],
})
export class CalendarFeed {
  @Field(() => ID, { description: "The feed's id, for revokeCalendarFeed" })
  id: string;

  @Field(() => CalendarFeedScopeEnum, { description: 'Whose deliverables it holds' })
  scope: CalendarFeedScope;

  // Exposed as `brand` by CalendarResolver.
  brandId: string | null;

  @Field(() => Int, { description: 'Display alarm this many minutes before each open deadline' })
  alarmMinutesBefore: number;

  @Field({ description: 'When it was minted (ISO 8601, UTC)' })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Last fetched by a calendar (to the minute)',
  })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set once revoked; the URL then answers 404' })
  revokedAt: Date | null;
}

@ObjectType({
  description: 'What createCalendarFeed did: the feed and its URL (shown this once, never again)',
})
export class CreateCalendarFeedPayload extends MutationPayload {
  @Field(() => String, {
    nullable: true,
    description:
      'Subscribe to it in a calendar app; anyone with it can read the feed. Null when refused',
  })
  url: string | null;

  @Field(() => CalendarFeed, {
    nullable: true,
    description: 'The feed behind the URL, as calendarFeeds lists it; null when refused',
  })
  calendarFeed: CalendarFeed | null;
}

@ObjectType({ description: 'What revokeCalendarFeed did' })
export class RevokeCalendarFeedPayload extends MutationPayload {
  @Field(() => CalendarFeed, {
    nullable: true,
    description: 'The feed, now revoked (its URL answers 404); null when refused',
  })
  calendarFeed: CalendarFeed | null;
}
