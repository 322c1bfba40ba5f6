import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CreatorSignUp, type NewCreatorProfile } from '../auth/sign-up-profiles';
import { CreatorRepository } from './creator.repository';

@Injectable()
export class CreatorSignUpWriter extends CreatorSignUp {
  constructor(private readonly creators: CreatorRepository) {
    super();
  }

  async createProfile(manager: EntityManager, profile: NewCreatorProfile): Promise<void> {
    await this.creators.insert(profile, manager);
  }
}
