import { graphqlEnum } from '../common/graphql/enums';
import { DELIVERABLE_KINDS, DELIVERABLE_STATUSES, DELIVERABLE_TIMINGS } from './deliverable.entity';

export const DeliverableKindEnum = graphqlEnum(DELIVERABLE_KINDS, 'DeliverableKind');
export const DeliverableTimingEnum = graphqlEnum(
  DELIVERABLE_TIMINGS,
  'DeliverableTiming',
  'FLEXIBLE may move to a later slot; FIXED is time-critical (launch day, live event)',
);
export const DeliverableStatusEnum = graphqlEnum(DELIVERABLE_STATUSES, 'DeliverableStatus');
