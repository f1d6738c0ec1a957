import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { AnalysisCache } from './analysis-cache.service.js';
import { QueriesController } from './queries.controller.js';
import { QueriesResolver } from './queries.resolver.js';
import { QueriesService } from './queries.service.js';
import { ExposureReasonsController } from './exposure-reasons/exposure-reasons.controller.js';
import { ExposureReasonsResolver } from './exposure-reasons/exposure-reasons.resolver.js';
import { ExposureReasonsService } from './exposure-reasons/exposure-reasons.service.js';
import { ReachController } from './reach/reach.controller.js';
import { ReachResolver } from './reach/reach.resolver.js';
import { ReachService } from './reach/reach.service.js';
import { ServiceReachResolver } from './service-reach/service-reach.resolver.js';

/** Questions about a stored snapshot: can-reach with explanations, exposure, who-can-reach and reachable-from. */
@Module({
  imports: [SnapshotsModule, ClustersModule],
  controllers: [QueriesController, ReachController, ExposureReasonsController],
  providers: [AnalysisCache, QueriesService, QueriesResolver, ReachService, ReachResolver, ServiceReachResolver, ExposureReasonsService, ExposureReasonsResolver],
  // One cache for explanations and diffs' causes: an analysis loaded for one serves the other.
  exports: [AnalysisCache],
})
export class QueriesModule {}
