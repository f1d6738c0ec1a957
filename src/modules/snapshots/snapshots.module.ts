import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { ClusterSnapshotsController } from './cluster-snapshots.controller.js';
import { SnapshotIngestService } from './snapshot-ingest.service.js';
import { SnapshotsController } from './snapshots.controller.js';
import { ClusterSnapshotsResolver, SnapshotsResolver } from './snapshots.resolver.js';
import { ReadySnapshots } from './ready-snapshots.js';
import { SnapshotsService } from './snapshots.service.js';

/** Ingest (upload, GraphQL import) and reading of stored snapshots and their results. */
@Module({
  imports: [ClustersModule],
  controllers: [SnapshotsController, ClusterSnapshotsController],
  providers: [SnapshotIngestService, SnapshotsService, ReadySnapshots, SnapshotsResolver, ClusterSnapshotsResolver],
  exports: [SnapshotIngestService, SnapshotsService, ReadySnapshots],
})
export class SnapshotsModule {}
