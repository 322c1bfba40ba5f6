import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import type { Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { brandNotFound } from './brand.errors';
import { BrandLoaders } from './brand.loaders';
import { Brand, BrandConnection, BrandInvitation, BrandInvitationPayload } from './brand.model';
import { BrandsService } from './brands.service';
import { CreateBrandInvitationInput } from './dto/brand-invitation.input';
import { BrandsArgs } from './dto/brands.args';

@Resolver(() => Brand)
export class BrandsResolver {
  constructor(private readonly service: BrandsService) {}

  @Query(() => BrandConnection, {
    description:
      'The brand directory: claimed brands and the ones you named yourself, searchable by name',
  })
  brands(@CurrentViewer() viewer: Viewer, @Args() args: BrandsArgs): Promise<Connection<Brand>> {
    return this.service.search(viewer, args);
  }

  @Mutation(() => BrandInvitationPayload, {
    description:
      'Invite someone to join a brand you are a member of (or an unclaimed brand you named)',
  })
  createBrandInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateBrandInvitationInput,
  ): Promise<BrandInvitationPayload> {
    return this.service.createInvitation(viewer, input);
  }

  @Mutation(() => Brand, {
    description: 'Join a brand with an invitation code (brand accounts only)',
  })
  acceptBrandInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('code') code: string,
  ): Promise<Brand> {
    return this.service.acceptInvitation(viewer, code);
  }
}

@Resolver(() => BrandInvitation)
export class BrandInvitationResolver {
  constructor(private readonly loaders: BrandLoaders) {}

  @ResolveField('brand', () => Brand)
  async brand(@Parent() invitation: BrandInvitation, @Ctx() ctx: RequestContext): Promise<Brand> {
    const brand = await this.loaders.byId(ctx).load(invitation.brandId);
    if (!brand) throw brandNotFound(invitation.brandId);
    return brand;
  }
}
