import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { deliveryView, WebhookModel } from './webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

export class CreateWebhookInput {
  @ApiProperty({ description: 'Absolute http(s) URL the events are POSTed to.' }) @IsString() url!: string;
  @ApiPropertyOptional({ description: 'HMAC-SHA256 key, at least 16 characters; generated when left out. Returned once.' }) @IsOptional() @IsString() secret?: string;
}


@ApiTags('webhooks')
@Controller('clusters/:name/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Access('admin', { targets: { clusterNames: ['params.name'] }, audit: 'webhook.create' })
  @Post()
  @ApiOperation({
    summary: 'Add a webhook to a cluster',
    description:
      'A new ready snapshot that makes a workload reachable from a public address (compared with the previous ready snapshot) is POSTed as JSON (`event`, `cluster`, `snapshot`, `previous`, `newExposures`, Slack-compatible `text`, `delivery`), ' +
      'signed in `X-PolicyScope-Signature: sha256=<hex HMAC-SHA256 of the body>`, retried with doubling waits (1 s, 2 s, 4 s, 8 s) up to 5 attempts. The secret is returned only here.',
  })
  async create(@Param('name') name: string, @Body() input: CreateWebhookInput) {
    const w = await this.webhooks.create(name, input.url, input.secret);
    return { ...WebhookModel.from(w), secret: w.secret };
  }

  @Access('read', { targets: { clusterNames: ['params.name'] } })
  @Get()
  async list(@Param('name') name: string) {
    return { items: (await this.webhooks.list(name)).map(WebhookModel.from) };
  }

  @Access('admin', { targets: { clusterNames: ['params.name'] }, audit: 'webhook.delete', auditTarget: 'params.id' })
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('name') name: string, @Param('id') id: string): Promise<void> {
    await this.webhooks.delete(name, id);
  }

  @Access('read', { targets: { clusterNames: ['params.name'] } })
  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Deliveries of a webhook, newest first: status (pending, delivered, failed), attempts, last answer or error, payload' })
  async deliveries(@Param('name') name: string, @Param('id') id: string) {
    return { items: (await this.webhooks.deliveries(name, id)).map(deliveryView) };
  }
}
