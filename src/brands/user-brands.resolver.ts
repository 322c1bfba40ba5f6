import { Extensions, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../auth/current-viewer.decorator';
import { User } from '../auth/user.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { BrandLoaders } from './brand.loaders';
import { Brand } from './brand.model';

// A User is only ever the caller (me, signUp, signIn), so their memberships are theirs to see.
@Resolver(() => User)
export class UserBrandsResolver {
  constructor(private readonly loaders: BrandLoaders) {}

  // the brands the user works for
  @Extensions({ expectedItems: 3 })
  @ResolveField('brands', () => [Brand], {
    description: 'Brands this account is a member of, by name',
  })
  brands(@Parent() user: User, @Ctx() ctx: RequestContext): Promise<Brand[]> {
    return this.loaders.byMemberUserId(ctx).load(user.id);
  }
}
