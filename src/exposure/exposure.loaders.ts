import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { WhatIfRequest } from './exposure.model';
import { ExposureService, type WhatIfResult } from './exposure.service';

@Injectable()
export class ExposureLoaders {
  constructor(private readonly exposure: ExposureService) {}

  /**
   * Provider what-ifs for the caller, one simulation per distinct provider and window in a
   * request: a provider's shares in several currencies and the advice all reuse one answer.
   */
  whatIf(ctx: RequestContext): DataLoader<WhatIfRequest, WhatIfResult, string> {
    return ctx.loader(
      'exposure.whatIf',
      () =>
        new DataLoader<WhatIfRequest, WhatIfResult, string>(
          (requests) =>
            Promise.all(requests.map((request) => this.exposure.whatIf(ctx.viewer, request))),
          {
            cacheKeyFn: (request) =>
              `${request.providerId}|${request.startsAt.toISOString()}|${request.endsAt.toISOString()}|${request.asOf.toISOString()}`,
          },
        ),
    );
  }
}
