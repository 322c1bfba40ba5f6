import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { ConnectionType, type Connection } from '../common/graphql/pagination';
import { CreatorLoaders } from '../creators/creator.loaders';
import { DealLoaders } from '../deals/deal.loaders';
import type { DeliverableEntity } from '../deals/deliverable.entity';
import { Deliverable } from '../deals/deliverable.model';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { PlatformLoaders } from '../platforms/platform.loaders';
import { DeliverableRiskPageService } from './deliverable-risk-page.service';
import { DeliverablesQueryArgs } from './dto/deliverables-query.args';
import { ImpactLoaders } from './impact.loaders';

const DeliverableConnection = ConnectionType(Deliverable);

/**
 * The root `deliverables` list. It lives in impact, not deals, because it can filter and sort by
 * risk, which the engine computes (deals may not import impact).
 */
@Resolver(() => Deliverable)
export class DeliverablesQueryResolver {
  constructor(
    private readonly pages: DeliverableRiskPageService,
    private readonly impactLoaders: ImpactLoaders,
    private readonly dealLoaders: DealLoaders,
    private readonly creatorLoaders: CreatorLoaders,
    private readonly platformLoaders: PlatformLoaders,
  ) {}

  @Query(() => DeliverableConnection, {
    description:
      'Deliverables the caller may see: by scheduled slot unless orderBy says otherwise; filtered by status, platform, deal, brand, creator, deadline, last change and risk now',
  })
  async deliverables(
    @CurrentViewer() viewer: Viewer,
    @Args() args: DeliverablesQueryArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<DeliverableEntity>> {
    const page = await this.pages.page(viewer, args, this.impactLoaders.now(ctx));
    const { related } = page;
    // The page came with what its nested fields show; no loader goes back to the database.
    const deals = this.dealLoaders.byId(ctx);
    for (const deal of related.deals) deals.prime(deal.id, deal);
    const creators = this.creatorLoaders.byId(ctx);
    for (const creator of related.creators) creators.prime(creator.id, creator);
    const platforms = this.platformLoaders.byId(ctx);
    for (const platform of related.platforms) platforms.prime(platform.id, platform);
    this.impactLoaders.primeRisks(ctx, page.risks);
    const dealById = new Map(related.deals.map((deal) => [deal.id, deal]));
    const platformById = new Map(related.platforms.map((platform) => [platform.id, platform]));
    this.impactLoaders.knowDeliverables(
      ctx,
      page.edges.flatMap(({ node }) => {
        const deal = dealById.get(node.dealId);
        const platform = platformById.get(node.platformId);
        return deal && platform ? [{ deliverable: node, deal, platform }] : [];
      }),
    );
    return page;
  }
}
