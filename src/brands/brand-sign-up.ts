import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BrandSignUp } from '../auth/sign-up-profiles';
import { BrandRepository } from './brand.repository';

@Injectable()
export class BrandSignUpWriter extends BrandSignUp {
  constructor(private readonly brands: BrandRepository) {
    super();
  }

  async createBrandWithMember(
    manager: EntityManager,
    brandName: string,
    userId: string,
  ): Promise<void> {
    const brand = await this.brands.insertBrand(brandName, manager);
    await this.brands.addMember(brand.id, userId, manager);
  }
}
