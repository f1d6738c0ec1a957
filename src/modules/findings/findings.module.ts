import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { FindingsController } from './findings.controller.js';
import { FindingsResolver } from './findings.resolver.js';
import { FindingsService } from './findings.service.js';

/** Findings of a stored snapshot (the engine's `findings` question) over REST and GraphQL. */
@Module({
  imports: [SnapshotsModule, QueriesModule],
  controllers: [FindingsController],
  providers: [FindingsService, FindingsResolver],
})
export class FindingsModule {}
