import { Field, ObjectType } from '@nestjs/graphql';
import { MutationPayload } from '../../common/graphql/user-error';
import { PlatformAccount } from '../platform-account.model';
import type { PlatformEntity } from '../platform.entity';
import { Platform } from '../platform.model';

@ObjectType({ description: 'What createPlatform did' })
export class CreatePlatformPayload extends MutationPayload {
  @Field(() => Platform, { nullable: true, description: 'The new platform; null when refused' })
  platform: PlatformEntity | null;
}

@ObjectType({ description: 'What addPlatformDependency did' })
export class AddPlatformDependencyPayload extends MutationPayload {
  @Field(() => Platform, {
    nullable: true,
    description: 'The dependent platform with its providers; null when refused',
  })
  platform: PlatformEntity | null;
}

@ObjectType({ description: 'What removePlatformDependency did' })
export class RemovePlatformDependencyPayload extends MutationPayload {
  @Field(() => Platform, {
    nullable: true,
    description: 'The dependent platform with its remaining providers; null when refused',
  })
  platform: PlatformEntity | null;
}

@ObjectType({ description: 'What upsertPlatformAccount did' })
export class UpsertPlatformAccountPayload extends MutationPayload {
  @Field(() => PlatformAccount, {
    nullable: true,
    description: 'Your account on the platform as stored; null when refused',
  })
  platformAccount: PlatformAccount | null;
}
