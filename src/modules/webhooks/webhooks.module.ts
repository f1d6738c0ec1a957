import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { DiffModule } from '../diff/diff.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks per cluster: new internet exposure POSTed, signed, retried, each delivery recorded. */
@Module({
  imports: [SnapshotsModule, ClustersModule, QueriesModule, DiffModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhooksResolver],
})
export class WebhooksModule {}
