import {
  Args,
  Extensions,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Ctx, CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { checkedPageSize, type Connection } from '../common/graphql/pagination';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import {
  CreateWebhookInput,
  DeleteWebhookInput,
  SendTestWebhookInput,
  WebhookDeliveriesArgs,
} from './dto/webhook.input';
import { PayloadOf, SPREAD } from '../common/graphql/payload-of.decorator';
import { WebhookLoaders } from './webhook.loaders';
import {
  CreateWebhookPayload,
  DeleteWebhookPayload,
  SendTestWebhookPayload,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryConnection,
} from './webhook.model';
import { MAX_WEBHOOKS_PER_OWNER, WebhooksService, type NewWebhook } from './webhooks.service';

@Resolver(() => Webhook)
export class WebhooksResolver {
  constructor(
    private readonly service: WebhooksService,
    private readonly loaders: WebhookLoaders,
  ) {}

  @ResolveField(() => WebhookDeliveryConnection, {
    description:
      "The endpoint's delivery log, newest first: the same as webhookDeliveries(webhookId: id)",
  })
  deliveries(
    @Parent() webhook: Webhook,
    @Ctx() ctx: RequestContext,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'Page size, 1–100 (default 20)',
    })
    first?: number | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: "endCursor of the previous page of this endpoint's log",
    })
    after?: string | null,
  ): Promise<Connection<WebhookDelivery>> {
    return this.loaders.deliveriesOf(ctx, checkedPageSize(first), after ?? null).load(webhook.id);
  }

  @Extensions({ maxItems: MAX_WEBHOOKS_PER_OWNER, expectedItems: 5 })
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

  @PayloadOf(SPREAD)
  @Mutation(() => CreateWebhookPayload, {
    description:
      'Register an endpoint. Creators hear about their own deliverables; pass brandId (brand members) for a brand',
  })
  createWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The URL, the events and (brand members) the brand' })
    input: CreateWebhookInput,
  ): Promise<NewWebhook> {
    return this.service.create(viewer, input);
  }

  @PayloadOf('deletedWebhookId')
  @Mutation(() => DeleteWebhookPayload, {
    description: 'Delete an endpoint; its queued deliveries go with it',
  })
  deleteWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The endpoint to delete' }) input: DeleteWebhookInput,
  ): Promise<string> {
    return this.service.delete(viewer, input.id);
  }

  @PayloadOf('webhookDelivery')
  @Mutation(() => SendTestWebhookPayload, {
    description:
      'Queue a signed webhook.test delivery to the endpoint. Honours an Idempotency-Key header',
  })
  sendTestWebhook(
    @CurrentViewer() viewer: Viewer,
    @Args('input', { description: 'The endpoint to test' }) input: SendTestWebhookInput,
  ): Promise<WebhookDelivery> {
    return this.service.sendTest(viewer, input.id);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  constructor(private readonly loaders: WebhookLoaders) {}

  // WEBHOOK_MAX_ATTEMPTS, 8 by default
  @Extensions({ expectedItems: 8 })
  @ResolveField(() => [WebhookDeliveryAttempt], { description: 'Every attempt, first to last' })
  attemptLog(
    @Parent() delivery: WebhookDelivery,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDeliveryAttempt[]> {
    return this.loaders.attemptsOf(ctx).load(delivery.id);
  }
}
