import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import type { Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import { CreateWebhookInput, WebhookDeliveriesArgs } from './dto/webhook.input';
import { WebhookLoaders } from './webhook.loaders';
import {
  CreateWebhookPayload,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryConnection,
} from './webhook.model';
import { WebhooksService } from './webhooks.service';

@Resolver(() => Webhook)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [Webhook], {
    description: "The caller's endpoints: their own, and those of the brands they belong to",
  })
  webhooks(@CurrentViewer() viewer: Viewer): Promise<Webhook[]> {
    return this.service.list(viewer);
  }

  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's delivery log, newest first",
  })
  webhookDeliveries(
    @CurrentViewer() viewer: Viewer,
    @Args() args: WebhookDeliveriesArgs,
  ): Promise<Connection<WebhookDelivery>> {
    return this.service.deliveries(viewer, args);
  }

  @Mutation(() => CreateWebhookPayload, {
    description:
      'Register an endpoint. Creators hear about their own deliverables; pass brandId (brand members) for a brand',
  })
  createWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateWebhookInput,
  ): Promise<CreateWebhookPayload> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => ID, { description: 'Delete an endpoint; its queued deliveries go with it' })
  deleteWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<string> {
    return this.service.delete(viewer, id);
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Queue a signed webhook.test delivery to the endpoint',
  })
  sendTestWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<WebhookDelivery> {
    return this.service.sendTest(viewer, id);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  constructor(private readonly loaders: WebhookLoaders) {}

  @ResolveField(() => [WebhookDeliveryAttempt], { description: 'Every attempt, first to last' })
  attemptLog(
    @Parent() delivery: WebhookDelivery,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDeliveryAttempt[]> {
    return this.loaders.attemptsOf(ctx).load(delivery.id);
  }
}
