import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { DiffModule } from '../diff/diff.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsResolver } from './reports.resolver.js';
import { ReportsService } from './reports.service.js';

/** A cluster's chain of changes and its reports over time ranges (built and rendered by the engine). */
@Module({
  imports: [SnapshotsModule, ClustersModule, QueriesModule, DiffModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ReportsResolver],
})
export class ReportsModule {}
