import { Args, Extensions, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { AFTER_ARG, FIRST_ARG, pageOf, type Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { toImpactTotals } from '../impact/impact.mapping';
import type { PlatformEntity } from '../platforms/platform.entity';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { Platform } from '../platforms/platform.model';
import { ExposureArgs } from './dto/exposure.args';
import { adviceProviderIds, exposureAdvice } from './engine';
import { ExposureLoaders } from './exposure.loaders';
import {
  CurrencyExposure,
  Exposure,
  ExposureAdvice,
  PlatformShare,
  PlatformShareConnection,
  ProviderShare,
  ProviderShareConnection,
  ProviderWhatIf,
} from './exposure.model';

import { ExposureService, type WhatIfResult } from './exposure.service';

function toProviderWhatIf({ request, scoped }: WhatIfResult): ProviderWhatIf {
  return {
    startsAt: request.startsAt,
    endsAt: request.endsAt,
    deliverablesHit: scoped.impact.items.length,
    totals: scoped.impact.totals.map((totals) =>
      toImpactTotals(totals, scoped.showsPlatformIncome),
    ),
  };
}

@Resolver(() => Exposure)
export class ExposureResolver {
  constructor(
    private readonly service: ExposureService,
    private readonly loaders: ExposureLoaders,
  ) {}

  @Query(() => Exposure, {
    description:
      "Where the caller's scheduled sponsored income in [from, to) depends on: by platform and infrastructure provider, per currency, with a what-if per provider and advice. Creators see their income, brands their campaigns, admins everything. A window whose to is not after from is WINDOW_INVALID; one longer than 366 days is WINDOW_TOO_LONG",
  })
  exposure(@CurrentViewer() viewer: Viewer, @Args() args: ExposureArgs): Promise<Exposure> {
    return this.service.exposure(viewer, args.from, args.to);
  }

  // at most 3 per currency
  @Extensions({ expectedItems: 9 })
  @ResolveField(() => [ExposureAdvice], {
    description:
      "Plain-language sentences from the figures, each with its code: each currency's largest provider and concentration, and the what-if of those providers. At most 3 per currency (1 when nothing is scheduled)",
  })
  async advice(
    @Parent() exposure: Exposure,
    @Ctx() ctx: RequestContext,
  ): Promise<ExposureAdvice[]> {
    const wanted = new Set(adviceProviderIds(exposure.engine));
    const results = await this.loaders
      .whatIf(ctx)
      .loadMany(exposure.whatIfRequests.filter((request) => wanted.has(request.providerId)));
    return exposureAdvice({
      audience: exposure.audience,
      from: exposure.startsAt,
      to: exposure.endsAt,
      now: exposure.now,
      currencies: exposure.engine,
      platforms: exposure.graph.platforms,
      whatIfs: results.map((result) => {
        if (result instanceof Error) throw result;
        return {
          providerId: result.request.providerId,
          startsAt: result.request.startsAt,
          endsAt: result.request.endsAt,
          deliverablesHit: result.scoped.impact.items.length,
          totals: result.scoped.impact.totals,
        };
      }),
    });
  }
}

@Resolver(() => CurrencyExposure)
export class CurrencyExposureResolver {
  @ResolveField(() => PlatformShareConnection, {
    description:
      'Largest first (then by platform id); a connection: page with first/after. Shares of every page sum to 10 000 bps over the whole list',
  })
  byPlatform(
    @Parent() exposure: CurrencyExposure,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<PlatformShare> {
    return pageOf(exposure.byPlatform, { first, after }, (share) => share.platformId);
  }

  @ResolveField(() => ProviderShareConnection, {
    description:
      "Largest first; a connection: page with first/after. Each node's whatIf runs a simulation, so ask for few",
  })
  byProvider(
    @Parent() exposure: CurrencyExposure,
    @Args('first', FIRST_ARG) first?: number,
    @Args('after', AFTER_ARG) after?: string,
  ): Connection<ProviderShare> {
    return pageOf(exposure.byProvider, { first, after }, (share) => share.providerId);
  }
}

@Resolver(() => PlatformShare)
export class PlatformShareResolver {
  constructor(private readonly platformLoaders: PlatformLoaders) {}

  @ResolveField(() => Platform, { nullable: true, description: 'The platform (null if not found)' })
  platform(
    @Parent() share: PlatformShare,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(share.platformId);
  }
}

@Resolver(() => ProviderShare)
export class ProviderShareResolver {
  constructor(
    private readonly platformLoaders: PlatformLoaders,
    private readonly loaders: ExposureLoaders,
  ) {}

  @ResolveField(() => Platform, {
    nullable: true,
    description:
      'The provider: a root of the dependency graph (e.g. meta), or the platform itself when it runs on none (null if not found)',
  })
  provider(
    @Parent() share: ProviderShare,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformEntity | null> {
    return this.platformLoaders.byId(ctx).load(share.providerId);
  }

  @ResolveField(() => ProviderWhatIf, {
    description:
      "A 6-hour FULL outage of this provider from the busiest clock hour of its income (in the provider's currency with the most deliverables), simulated on the caller's deliverables",
  })
  async whatIf(
    @Parent() share: ProviderShare,
    @Ctx() ctx: RequestContext,
  ): Promise<ProviderWhatIf> {
    return toProviderWhatIf(await this.loaders.whatIf(ctx).load(share.whatIfRequest));
  }
}
