import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCreator } from '../auth/tenancy';
import type { Viewer } from '../auth/viewer';
import { badInput } from '../common/errors/app-error';
import { isKnownCurrency } from '../common/money';
import { isTimeZone } from '../common/validation/time-zone';
import { CreatorEntity } from './creator.entity';
import type { UpdateCreatorProfileInput } from './dto/update-creator-profile.input';

@Injectable()
export class CreatorsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Changes the caller's own profile; deals keep the currency they were signed in. */
  async updateProfile(viewer: Viewer, input: UpdateCreatorProfileInput): Promise<CreatorEntity> {
    const creatorId = requireCreator(viewer);
    const changes: Partial<Pick<CreatorEntity, 'displayName' | 'homeCurrency' | 'timeZone'>> = {};
    if (input.displayName !== undefined && input.displayName !== null) {
      const displayName = input.displayName.trim();
      if (!displayName)
        throw badInput(
          'displayName must not be blank',
          ['input.displayName'],
          'DISPLAY_NAME_REQUIRED',
        );
      changes.displayName = displayName;
    }
    if (input.homeCurrency !== undefined && input.homeCurrency !== null) {
      if (!isKnownCurrency(input.homeCurrency)) {
        throw badInput(
          `Unknown currency "${input.homeCurrency}"; use an ISO 4217 code such as USD`,
          ['input.homeCurrency'],
          'UNKNOWN_CURRENCY',
        );
      }
      changes.homeCurrency = input.homeCurrency;
    }
    if (input.timeZone !== undefined && input.timeZone !== null) {
      if (!isTimeZone(input.timeZone)) {
        throw badInput(
          `Unknown time zone "${input.timeZone}"; use an IANA name such as Europe/London`,
          ['input.timeZone'],
          'UNKNOWN_TIME_ZONE',
        );
      }
      changes.timeZone = input.timeZone;
    }
    const repository = this.dataSource.getRepository(CreatorEntity);
    if (Object.keys(changes).length > 0) await repository.update({ id: creatorId }, changes);
    return repository.findOneByOrFail({ id: creatorId });
  }
}
