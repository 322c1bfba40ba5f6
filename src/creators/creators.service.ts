import { Injectable } from '@nestjs/common';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { isKnownCurrency } from '../common/money';
import { isTimeZone } from '../common/validation/time-zone';
import type { CreatorEntity } from './creator.entity';
import { displayNameRequired, unknownCurrency, unknownTimeZone } from './creator.errors';
import { CreatorRepository, type CreatorProfileChanges } from './creator.repository';
import type { UpdateCreatorProfileInput } from './dto/update-creator-profile.input';

@Injectable()
export class CreatorsService {
  constructor(private readonly repository: CreatorRepository) {}

  /** Changes the caller's own profile; deals keep the currency they were signed in. */
  async updateProfile(viewer: Viewer, input: UpdateCreatorProfileInput): Promise<CreatorEntity> {
    const creatorId = requireCreator(viewer);
    const changes: CreatorProfileChanges = {};
    if (input.displayName !== undefined && input.displayName !== null) {
      const displayName = input.displayName.trim();
      if (!displayName) throw displayNameRequired();
      changes.displayName = displayName;
    }
    if (input.homeCurrency !== undefined && input.homeCurrency !== null) {
      if (!isKnownCurrency(input.homeCurrency)) throw unknownCurrency(input.homeCurrency);
      changes.homeCurrency = input.homeCurrency;
    }
    if (input.timeZone !== undefined && input.timeZone !== null) {
      if (!isTimeZone(input.timeZone)) throw unknownTimeZone(input.timeZone);
      changes.timeZone = input.timeZone;
    }
    if (Object.keys(changes).length > 0) await this.repository.update(creatorId, changes);
    return this.repository.getById(creatorId);
  }
}
