import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { maySeePlatformIncome } from './platform-account.repository';
import { PageArgs, type Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { UpsertPlatformAccountInput } from './dto/platform.input';
import { PlatformAccount, PlatformAccountConnection } from './platform-account.model';
import type { PlatformEntity } from './platform.entity';
import { PlatformLoaders } from './platform.loaders';
import { Platform } from './platform.model';
import { PlatformAccountsService } from './platform-accounts.service';

import { UpsertPlatformAccountPayload } from './dto/platform.payloads';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
@Resolver(() => PlatformAccount)
export class PlatformAccountsResolver {
  constructor(
    private readonly accounts: PlatformAccountsService,
    private readonly loaders: PlatformLoaders,
  ) {}

  @Query(() => PlatformAccountConnection, {
    nullable: true,
    description:
      "Creators: their own accounts; administrators: every creator's. Null for brand accounts, which may not see platform income (not even how many accounts exist); an empty page means none",
  })
  async platformAccounts(
    @CurrentViewer() viewer: Viewer,
    @Args() args: PageArgs,
  ): Promise<Connection<PlatformAccount> | null> {
    // Arguments are checked for everyone, brands included, before the answer is withheld.
    const page = await this.accounts.list(viewer, args);
    return maySeePlatformIncome(viewer) ? page : null;
  }

  @PayloadOf('platformAccount')
  @Mutation(() => UpsertPlatformAccountPayload, {
    description:
      'Creators (others are FORBIDDEN): create or replace their account on a platform. Refused with BAD_USER_INPUT (UNKNOWN_PLATFORM, UNKNOWN_CURRENCY, INVALID_AMOUNT, BLANK_VALUE)',
  })
  upsertPlatformAccount(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The account' }) input: UpsertPlatformAccountInput,
  ): Promise<PlatformAccount> {
    const creatorId = requireCreator(viewer);
    return this.accounts.upsert(creatorId, input);
  }

  @ResolveField(() => Platform, { description: 'The platform the account is on' })
  async platform(
    @Parent() account: PlatformAccount,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity> {
    const platform = await this.loaders.byId(ctx).load(account.platformId);
    // platform_accounts.platform_id references platforms, so it always exists.
    return platform!;
  }
}
