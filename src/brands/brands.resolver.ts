import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import type { Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { brandNotFound } from './brand.errors';
import { BrandLoaders } from './brand.loaders';
import { Brand, BrandConnection, BrandInvitation } from './brand.model';
import { BrandsService, type IssuedInvitation } from './brands.service';
import {
  AcceptBrandInvitationInput,
  CreateBrandInvitationInput,
} from './dto/brand-invitation.input';
import { AcceptBrandInvitationPayload, CreateBrandInvitationPayload } from './dto/brand.payloads';
import { PayloadOf, SPREAD } from '../common/graphql/payload-of.decorator';
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

  @PayloadOf(SPREAD)
  @Mutation(() => CreateBrandInvitationPayload, {
    description:
      'Invite someone to join a brand you are a member of (or an unclaimed brand you named). Any other brand is NOT_FOUND. Honours an Idempotency-Key header',
  })
  createBrandInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The brand, and optionally the only email that may accept' })
    input: CreateBrandInvitationInput,
  ): Promise<IssuedInvitation> {
    return this.service.createInvitation(viewer, input);
  }

  @PayloadOf('brand')
  @Mutation(() => AcceptBrandInvitationPayload, {
    description:
      'Join a brand with an invitation code (brand accounts only, else FORBIDDEN). An unknown code, or one bound to another email, is NOT_FOUND; refused with BAD_USER_INPUT INVITATION_EXPIRED, or CONFLICT INVITATION_USED, ALREADY_MEMBER or INVITATION_REVOKED (the inviter may no longer invite)',
  })
  acceptBrandInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The invitation code' }) input: AcceptBrandInvitationInput,
  ): Promise<Brand> {
    return this.service.acceptInvitation(viewer, input.code);
  }
}

@Resolver(() => BrandInvitation)
export class BrandInvitationResolver {
  constructor(private readonly loaders: BrandLoaders) {}

  @ResolveField('brand', () => Brand, { description: 'The brand it invites to' })
  async brand(@Parent() invitation: BrandInvitation, @Ctx() ctx: RequestContext): Promise<Brand> {
    const brand = await this.loaders.byId(ctx).load(invitation.brandId);
    if (!brand) throw brandNotFound(invitation.brandId);
    return brand;
  }
}
