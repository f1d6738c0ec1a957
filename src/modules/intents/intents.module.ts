import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { IntentsController } from './intents.controller.js';
import { IntentsRepository } from './intents.repository.js';
import { IntentsResolver, SnapshotIntentsResolver } from './intents.resolver.js';
import { IntentMetricsService } from './intent-metrics.service.js';
import { IntentsService } from './intents.service.js';

/** Intents per cluster (what must hold) and their evaluation on its snapshots. */
@Module({
  imports: [ClustersModule, SnapshotsModule, QueriesModule],
  controllers: [IntentsController],
  providers: [IntentsRepository, IntentsService, IntentsResolver, SnapshotIntentsResolver, IntentMetricsService],
  exports: [IntentsService],
})
export class IntentsModule {}
