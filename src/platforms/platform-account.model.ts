import { Node } from '../common/graphql/node.interface';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../common/graphql/pagination';
import { Money, toMoney } from '../common/graphql/money.model';
import type { PlatformAccountEntity } from './platform.entity';

@ObjectType({
  description: "A creator's account on a platform and what it earns outside sponsorships",
  implements: () => [Node],
})
export class PlatformAccount {
  @Field(() => ID, { description: "The account's UUID, unique across the API (see node)" })
  id: string;

  /** Resolved to `platform` through a loader; not a GraphQL field. */
  platformId: string;

  @Field({ description: 'The account name on the platform, e.g. "@ada"' })
  handle: string;

  @Field(() => Int, { description: 'Follower count, as the creator last gave it' })
  followers: number;

  @Field(() => Money, {
    description:
      'Typical non-sponsorship earnings per day (ad share, affiliate, tips), in the currency the creator gave; what an outage of the platform costs is worked out from it',
  })
  dailyEarnings: Money;

  @Field({ description: 'When the account was first recorded (ISO 8601, UTC)' })
  createdAt: Date;

  @Field({ description: 'When upsertPlatformAccount last changed it (ISO 8601, UTC)' })
  updatedAt: Date;
}

@ObjectType()
export class PlatformAccountConnection extends ConnectionType(PlatformAccount) {}

export function toPlatformAccount(entity: PlatformAccountEntity): PlatformAccount {
  return {
    id: entity.id,
    platformId: entity.platformId,
    handle: entity.handle,
    followers: entity.followers,
    dailyEarnings: toMoney(entity.dailyEarnings, entity.currency),
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}
