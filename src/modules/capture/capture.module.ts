import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ClustersModule } from '../clusters/clusters.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { CaptureController } from './capture.controller.js';
import { CaptureResolver } from './capture.resolver.js';
import { CaptureService } from './capture.service.js';
import { ScheduledTasks } from './scheduled-tasks.service.js';

/** Live captures through the Kubernetes API, scheduled captures, snapshot and audit-log retention. */
@Module({
  imports: [AuthModule, ClustersModule, SnapshotsModule],
  controllers: [CaptureController],
  providers: [CaptureService, CaptureResolver, ScheduledTasks],
  exports: [CaptureService, ScheduledTasks],
})
export class CaptureModule {}
