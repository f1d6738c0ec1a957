import { Module } from '@nestjs/common';
import { AuditRepository } from '../auth/audit/audit.repository.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { CaptureController } from './capture.controller.js';
import { CaptureResolver } from './capture.resolver.js';
import { CaptureService } from './capture.service.js';
import { ScheduledTasks } from './scheduled-tasks.service.js';

/** Live captures through the Kubernetes API, scheduled captures, snapshot and audit-log retention. */
@Module({
  imports: [ClustersModule, SnapshotsModule],
  controllers: [CaptureController],
  // The audit repository alone (stateless), not AuthModule: `npm run worker` imports this module,
  // and must not get the API's guard, controllers or first-admin-key creation.
  providers: [CaptureService, CaptureResolver, ScheduledTasks, AuditRepository],
  exports: [CaptureService, ScheduledTasks],
})
export class CaptureModule {}
