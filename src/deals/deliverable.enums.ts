import { registerEnumType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { DELIVERABLE_KINDS, DELIVERABLE_STATUSES, DELIVERABLE_TIMINGS } from './deliverable.entity';

export const DeliverableKindEnum = graphqlEnum(
  DELIVERABLE_KINDS,
  'DeliverableKind',
  'The sort of content a deliverable is; informative only (the impact rules look at timing and the slot, not the kind). May gain values; handle unknown ones',
  {
    POST: 'A feed post (image, carousel or text)',
    REEL: 'A reel: a short vertical video in a feed',
    STORY: 'An ephemeral story',
    SHORT: 'A short-form video, e.g. a YouTube Short',
    VIDEO: 'A long-form video',
    LIVE: 'A live stream; give its length in durationMinutes',
    NEWSLETTER: 'An email newsletter issue',
    OTHER: 'Anything else',
  },
);
export const DeliverableTimingEnum = graphqlEnum(
  DELIVERABLE_TIMINGS,
  'DeliverableTiming',
  'FLEXIBLE may move to a later slot; FIXED is time-critical (launch day, live event). May gain values; handle unknown ones',
  {
    FLEXIBLE:
      'Can move: a FULL outage moves it to the first instant its platform is up again (DELAYED; LATE, or LOST after killAfterDaysLate, past its deadline)',
    FIXED:
      'Cannot move (launch day, live event): a FULL outage that hits it makes it LOST unless an alternate platform is up (RECOVERABLE)',
  },
);
export const DeliverableStatusEnum = graphqlEnum(
  DELIVERABLE_STATUSES,
  'DeliverableStatus',
  'Whether a deliverable is still owed. May gain values; handle unknown ones',
  {
    PLANNED: 'Still to be published: the only status that can be edited or hit by an outage',
    POSTED: 'Published (markDeliverablePosted): settled, no more changes',
    CANCELLED: 'Called off (cancelDeliverable): settled; its fee stays on the deal',
  },
);

/**
 * Risk filters and the RISK order rank every matching deliverable in memory (risk is computed,
 * not stored): beyond this many, the request is refused and the client narrows its filter.
 */
export const RISK_RANKING_LIMIT = 5000;

export const DELIVERABLE_ORDER_FIELDS = ['DUE_AT', 'SCHEDULED_AT', 'UPDATED_AT', 'RISK'] as const;
export type DeliverableOrderField = (typeof DELIVERABLE_ORDER_FIELDS)[number];

export const DeliverableOrderFieldEnum = Object.fromEntries(
  DELIVERABLE_ORDER_FIELDS.map((field) => [field, field]),
) as { [K in DeliverableOrderField]: K };
registerEnumType(DeliverableOrderFieldEnum, {
  name: 'DeliverableOrderField',
  description:
    'What the deliverables list is sorted by; ties are broken by id in the same direction (RISK: see its value). More fields may be added: handle an unknown value',
  valuesMap: {
    DUE_AT: { description: 'The contract deadline (dueAt)' },
    SCHEDULED_AT: { description: 'The start of the slot (scheduledAt): the default, ASC' },
    UPDATED_AT: { description: 'The last change to the deliverable (its fee moving included)' },
    RISK: {
      description: `The risk level now, by severity (LOST > OVERDUE > LATE > DELAYED > AT_RISK > RECOVERABLE > ON_TRACK > POSTED > CANCELLED). DESC: worst first, ties by earliest dueAt then id; ASC: the same list reversed. Ranked in memory over every matching deliverable (at most ${RISK_RANKING_LIMIT}, else TOO_MANY_TO_RANK)`,
    },
  },
});
