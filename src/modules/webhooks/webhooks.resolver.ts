import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.decorator.js';
import { CreatedWebhookModel, WebhookDeliveryModel, WebhookModel } from './webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

@Resolver()
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => [WebhookModel], { description: 'The webhooks of a cluster (secrets are never listed).' })
  async webhooks(@Args('cluster', { description: 'Cluster name.' }) cluster: string): Promise<WebhookModel[]> {
    return (await this.service.list(cluster)).map(WebhookModel.from);
  }

  @Access('read', { targets: { clusterNames: ['args.cluster'] } })
  @Query(() => [WebhookDeliveryModel], { description: 'Deliveries of a webhook, newest first.' })
  async webhookDeliveries(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('id', { type: () => ID, description: 'Webhook id.' }) id: string,
  ): Promise<WebhookDeliveryModel[]> {
    return (await this.service.deliveries(cluster, id)).map(WebhookDeliveryModel.from);
  }

  @Access('admin', { targets: { clusterNames: ['args.cluster'] }, audit: 'webhook.create' })
  @Mutation(() => CreatedWebhookModel, { description: 'Adds a webhook: new internet exposure in a new ready snapshot is POSTed to `url`, signed, retried with backoff.' })
  async createWebhook(
    @Args('cluster', { description: 'Cluster name.' }) cluster: string,
    @Args('url', { description: 'Absolute http(s) URL.' }) url: string,
    @Args('secret', { type: () => String, nullable: true, description: 'HMAC-SHA256 key, at least 16 characters; generated when left out.' }) secret: string | null,
  ): Promise<CreatedWebhookModel> {
    const w = await this.service.create(cluster, url, secret ?? undefined);
    return { webhook: WebhookModel.from(w), secret: w.secret };
  }

  @Access('admin', { targets: { clusterNames: ['args.cluster'] }, audit: 'webhook.delete', auditTarget: 'args.id' })
  @Mutation(() => Boolean, { description: 'Deletes a webhook with its deliveries.' })
  async deleteWebhook(@Args('cluster', { description: 'Cluster name.' }) cluster: string, @Args('id', { type: () => ID, description: 'Webhook id.' }) id: string): Promise<boolean> {
    await this.service.delete(cluster, id);
    return true;
  }
}
