import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { IntentsModule } from '../intents/intents.module.js';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { DiffController } from './diff.controller.js';
import { DiffResolver } from './diff.resolver.js';
import { DiffPrecomputeService } from './diff-precompute.service.js';
import { DiffService } from './diff.service.js';
import { KeptDiffsRepository } from './kept-diffs.repository.js';

/** Semantic diffs between any two stored snapshots, with what caused each change (analyses from the queries module's cache). */
@Module({ imports: [SnapshotsModule, ClustersModule, QueriesModule, IntentsModule], controllers: [DiffController], providers: [DiffService, DiffResolver, KeptDiffsRepository, DiffPrecomputeService], exports: [DiffService, KeptDiffsRepository] })
export class DiffModule {}
