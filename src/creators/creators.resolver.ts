import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Creator } from './creator.model';
import { CreatorsService } from './creators.service';
import { UpdateCreatorProfileInput } from './dto/update-creator-profile.input';

import { UpdateCreatorProfilePayload } from './dto/creator.payloads';
import { PayloadOf } from '../common/graphql/payload-of.decorator';
@Resolver(() => Creator)
export class CreatorsResolver {
  constructor(private readonly service: CreatorsService) {}

  @PayloadOf('creator')
  @Mutation(() => UpdateCreatorProfilePayload, {
    description:
      "Change the caller's creator profile (creators only). Refused with BAD_USER_INPUT DISPLAY_NAME_REQUIRED, UNKNOWN_CURRENCY or UNKNOWN_TIME_ZONE",
  })
  updateCreatorProfile(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The fields to change; the others stay' })
    input: UpdateCreatorProfileInput,
  ): Promise<Creator> {
    return this.service.updateProfile(viewer, input);
  }
}
