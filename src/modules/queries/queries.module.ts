import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { AnalysisCache } from './analysis-cache.service.js';
import { QueriesController } from './queries.controller.js';
import { QueriesResolver } from './queries.resolver.js';
import { QueriesService } from './queries.service.js';

/** Questions about a stored snapshot: can-reach with explanations, exposure. */
@Module({
  imports: [SnapshotsModule],
  controllers: [QueriesController],
  providers: [AnalysisCache, QueriesService, QueriesResolver],
  // One cache for explanations and diffs' causes: an analysis loaded for one serves the other.
  exports: [AnalysisCache],
})
export class QueriesModule {}
