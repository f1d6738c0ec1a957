import { Module, type DynamicModule } from '@nestjs/common';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { AnalysisQueue } from './analysis-queue.js';
import { AnalysisResultsRepository } from './analysis-results.repository.js';
import { AnalysisRunner } from './analysis-runner.service.js';
import { AnalysisWorkers, RUN_WORKERS } from './analysis-workers.service.js';
import { ClustersRepository } from '../clusters/clusters.repository.js';
import { StoredResults } from './stored-results.service.js';

/** Durable analysis jobs and their results: the queue, the workers, storing and reading stored results. */
@Module({})
export class AnalysisModule {
  static forRoot(opts: { runWorkers: boolean }): DynamicModule {
    return {
      module: AnalysisModule,
      global: true,
      providers: [
        { provide: RUN_WORKERS, useValue: opts.runWorkers },
        AnalysisQueue,
        AnalysisRunner,
        AnalysisResultsRepository,
        AnalysisWorkers,
        SnapshotsRepository,
        // The runner reads the options of a content's cluster.
        ClustersRepository,
        StoredResults,
      ],
      exports: [RUN_WORKERS, AnalysisQueue, AnalysisResultsRepository, AnalysisRunner, SnapshotsRepository, StoredResults],
    };
  }
}
