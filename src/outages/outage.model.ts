import { isAdministrator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../common/graphql/enums';
import { ConnectionType } from '../common/graphql/pagination';
import { OUTAGE_SEVERITIES, type OutageEntity, type OutageSeverity } from './outage.entity';

export const OutageSeverityEnum = graphqlEnum(
  OUTAGE_SEVERITIES,
  'OutageSeverity',
  'How badly an outage takes its platforms down. May gain values; handle unknown ones',
  {
    FULL: 'Down: hit deliverables are LOST, LATE, DELAYED or RECOVERABLE; degradationBps is 10000',
    PARTIAL:
      'Degraded by degradationBps (1–9999): hit deliverables are AT_RISK (or RECOVERABLE), and platform income is lost in proportion',
  },
);

/**
 * Field for field the shape of OutageEntity (`ongoing` and `platforms` are resolved), so an
 * entity from OutageLoaders.byId can be returned wherever an Outage is expected.
 */
@ObjectType({
  description: 'A period when one or more platforms were down or degraded',
  implements: () => [Node],
})
export class Outage {
  @Field(() => ID, { description: "The outage's UUID, unique across the API (see node)" })
  id: string;

  @Field({ description: 'What went down, 1–300 characters' })
  title: string;

  @Field({ description: 'When the outage began (ISO 8601, UTC)' })
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Null while no end is known' })
  endsAt: Date | null;

  @Field(() => OutageSeverityEnum, { description: 'FULL (down) or PARTIAL (degraded)' })
  severity: OutageSeverity;

  @Field(() => Int, {
    description: 'How degraded the platforms are, in basis points; 10000 for FULL',
  })
  degradationBps: number;

  @Field({ description: 'Where the record came from, e.g. MANUAL' })
  source: string;

  @Field(() => String, { nullable: true, description: "The source's own id for the outage" })
  externalId: string | null;

  @Field(() => Int, {
    description: 'Bumped on every change; pass as expectedVersion to update safely',
  })
  version: number;

  @Field({ description: 'When the outage was recorded (ISO 8601, UTC)' })
  createdAt: Date;

  @Field({ description: 'When the record last changed (ISO 8601, UTC), an end recorded included' })
  updatedAt: Date;
}

@ObjectType()
export class OutageConnection extends ConnectionType(Outage) {}

/** Its end is recorded and not after `now`: endOutage refuses it (ALREADY_ENDED). */
export function hasEnded(outage: Pick<OutageEntity, 'endsAt'>, now: Date): boolean {
  return outage.endsAt !== null && outage.endsAt <= now;
}

/** updateOutage: administrators, ended or not. */
export function mayUpdateOutage(viewer: Viewer): boolean {
  return isAdministrator(viewer);
}

/** endOutage: administrators, on an outage that has not ended by `now`. */
export function mayEndOutage(
  viewer: Viewer,
  outage: Pick<OutageEntity, 'endsAt'>,
  now: Date,
): boolean {
  return isAdministrator(viewer) && !hasEnded(outage, now);
}

/** Started at or before `now` and not ended by then. */
export function isOngoing(outage: Pick<OutageEntity, 'startsAt' | 'endsAt'>, now: Date): boolean {
  return outage.startsAt <= now && (outage.endsAt === null || outage.endsAt > now);
}
