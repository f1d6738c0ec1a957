import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { SnapshotObjectsController } from './snapshot-objects.controller.js';
import { SnapshotObjectsRepository } from './snapshot-objects.repository.js';
import { SnapshotObjectsResolver } from './snapshot-objects.resolver.js';
import { SnapshotObjectsService } from './snapshot-objects.service.js';

/** Reading a snapshot's stored objects (REST and GraphQL `Snapshot.objects`): what the UI's policy viewer shows. */
@Module({
  imports: [SnapshotsModule],
  controllers: [SnapshotObjectsController],
  providers: [SnapshotObjectsRepository, SnapshotObjectsService, SnapshotObjectsResolver],
})
export class SnapshotObjectsModule {}
