import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';

export const CALENDAR_FEED_SCOPES = ['CREATOR', 'BRAND'] as const;
export type CalendarFeedScope = (typeof CALENDAR_FEED_SCOPES)[number];

export const CalendarFeedScopeEnum = graphqlEnum(
  CALENDAR_FEED_SCOPES,
  'CalendarFeedScope',
  "CREATOR: the creator's own deliverables; BRAND: the deliverables on one brand's deals",
);

@ObjectType({
  description: 'A secret iCalendar URL you minted; the secret itself is shown only once',
  implements: () => [Node],
})
export class CalendarFeed {
  @Field(() => ID)
  id: string;

  @Field(() => CalendarFeedScopeEnum)
  scope: CalendarFeedScope;

  // Exposed as `brand` by CalendarResolver.
  brandId: string | null;

  @Field(() => Int, { description: 'Display alarm this many minutes before each open deadline' })
  alarmMinutesBefore: number;

  @Field()
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Last fetched by a calendar (to the minute)',
  })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set once revoked; the URL then answers 404' })
  revokedAt: Date | null;
}

@ObjectType({ description: 'A new calendar feed and its URL (shown this once, never again)' })
export class CalendarFeedUrl {
  @Field({ description: 'Subscribe to it in a calendar app; anyone with it can read the feed' })
  url: string;

  @Field(() => CalendarFeed)
  feed: CalendarFeed;
}
