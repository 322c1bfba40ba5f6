import { Module } from '@nestjs/common';
import { BrandSignUp } from '../auth/sign-up-profiles';
import { BrandSignUpWriter } from './brand-sign-up';
import { BrandLoaders } from './brand.loaders';
import { BrandRepository } from './brand.repository';
import { BrandInvitationResolver, BrandsResolver } from './brands.resolver';
import { BrandsService } from './brands.service';
import { UserBrandsResolver } from './user-brands.resolver';

@Module({
  providers: [
    BrandRepository,
    BrandsService,
    BrandLoaders,
    BrandsResolver,
    BrandInvitationResolver,
    UserBrandsResolver,
    { provide: BrandSignUp, useClass: BrandSignUpWriter },
  ],
  exports: [BrandsService, BrandLoaders, BrandSignUp],
})
export class BrandsModule {}
