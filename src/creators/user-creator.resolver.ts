import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../auth/current-viewer.decorator';
import { User } from '../auth/user.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { CreatorLoaders } from './creator.loaders';
import { Creator } from './creator.model';

// A User is only ever the caller (me, signUp, signIn), so the profile is theirs to see.
@Resolver(() => User)
export class UserCreatorResolver {
  constructor(private readonly loaders: CreatorLoaders) {}

  @ResolveField('creator', () => Creator, {
    nullable: true,
    description: 'The creator profile; null for brand accounts',
  })
  creator(@Parent() user: User, @Ctx() ctx: RequestContext): Promise<Creator | null> {
    return this.loaders.byUserId(ctx).load(user.id);
  }
}
