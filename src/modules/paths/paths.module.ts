import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { PathsController } from './paths.controller.js';
import { PathsResolver } from './paths.resolver.js';
import { PathsService } from './paths.service.js';

/** Attack paths and blast radius of a stored snapshot, over REST and GraphQL. */
@Module({
  imports: [SnapshotsModule, QueriesModule],
  controllers: [PathsController],
  providers: [PathsService, PathsResolver],
})
export class PathsModule {}
