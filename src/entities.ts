import { AccessTokenEntity } from './auth/access-token.entity';
import { BrandEntity, BrandInvitationEntity, BrandMemberEntity } from './brands/brand.entity';
import { CreatorEntity } from './creators/creator.entity';
import { DealAlternatePlatformEntity, DealEntity } from './deals/deal.entity';
import { DeliverableEntity } from './deals/deliverable.entity';
import { OutageEntity, OutagePlatformEntity } from './outages/outage.entity';
import {
  PlatformAccountEntity,
  PlatformDependencyEntity,
  PlatformEntity,
} from './platforms/platform.entity';
import { UserEntity } from './auth/user.entity';

/**
 * Every TypeORM entity, listed at the composition root (the app module and the command-line
 * scripts hand it to the database layer), so `database/` imports no feature.
 */
export const entities = [
  UserEntity,
  AccessTokenEntity,
  CreatorEntity,
  BrandEntity,
  BrandMemberEntity,
  BrandInvitationEntity,
  PlatformEntity,
  PlatformDependencyEntity,
  PlatformAccountEntity,
  DealEntity,
  DealAlternatePlatformEntity,
  DeliverableEntity,
  OutageEntity,
  OutagePlatformEntity,
];
