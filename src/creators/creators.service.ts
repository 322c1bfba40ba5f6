import { Injectable } from '@nestjs/common';
import { requireCreator } from '../auth/require-role';
import type { Viewer } from '../auth/viewer';
import { type AppError, inputProblems } from '../common/errors/app-error';
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
    // Every problem at once.
    const problems: AppError[] = [];
    if (input.displayName !== undefined && input.displayName !== null) {
      const displayName = input.displayName.trim();
      if (!displayName) problems.push(displayNameRequired());
      changes.displayName = displayName;
    }
    if (input.homeCurrency !== undefined && input.homeCurrency !== null) {
      if (!isKnownCurrency(input.homeCurrency)) problems.push(unknownCurrency(input.homeCurrency));
      changes.homeCurrency = input.homeCurrency;
    }
    if (input.timeZone !== undefined && input.timeZone !== null) {
      if (!isTimeZone(input.timeZone)) problems.push(unknownTimeZone(input.timeZone));
      changes.timeZone = input.timeZone;
    }
    if (problems.length > 0) throw inputProblems(problems);
    if (Object.keys(changes).length > 0) await this.repository.update(creatorId, changes);
    return this.repository.getById(creatorId);
  }
}
