import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { DeliveryRow, WebhookRow } from './webhooks.repository.js';

@ObjectType('Webhook', { description: 'A URL that new internet exposure of a cluster is POSTed to (signed with its secret, which is shown only on creation).' })
export class WebhookModel {
  @Field(() => ID, { description: 'Webhook id.' }) id!: string;
  @Field({ description: 'Where events are POSTed.' }) url!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was added: only snapshots stored later are checked.' }) createdAt!: Date;

  static from(w: WebhookRow): WebhookModel {
    return { id: w.id, url: w.url, createdAt: w.createdAt };
  }
}

@ObjectType('CreatedWebhook', { description: 'A new webhook and its secret (shown only here).' })
export class CreatedWebhookModel {
  @Field(() => WebhookModel, { description: 'The webhook.' }) webhook!: WebhookModel;
  @Field({ description: 'HMAC-SHA256 key of `X-PolicyScope-Signature: sha256=<hex>`.' }) secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One event sent to a webhook, with its attempts.' })
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'Delivery id (also in the body as `delivery`).' }) id!: string;
  @Field(() => ID, { description: 'The snapshot that raised the event.' }) snapshotId!: string;
  @Field({ description: 'Event name, e.g. `internet_exposure`.' }) event!: string;
  @Field({ description: 'pending, delivered or failed (after 5 attempts).' }) status!: string;
  @Field(() => Int, { description: 'Attempts so far.' }) attempts!: number;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer.' }) responseStatus!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' }) error!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Next attempt, while pending.' }) nextAttemptAt!: Date | null;
  @Field(() => GraphQLISODateTime, { description: 'When the event was raised.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a 2xx answer came.' }) deliveredAt!: Date | null;
  @Field({ description: 'The JSON body sent (without `delivery`), as text.' }) payload!: string;

  static from(d: DeliveryRow): WebhookDeliveryModel {
    return { ...deliveryView(d), payload: JSON.stringify(d.payload) };
  }

}

/** A delivery as REST answers it (the payload as JSON); GraphQL gives the same with the payload as text. */
export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    snapshotId: d.snapshotId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    error: d.error,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
    payload: d.payload,
  };
}
