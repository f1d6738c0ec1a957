import { Module } from '@nestjs/common';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { DiffController } from './diff.controller.js';
import { DiffResolver } from './diff.resolver.js';
import { DiffService } from './diff.service.js';

/** Semantic diffs between any two stored snapshots. */
@Module({ imports: [SnapshotsModule], controllers: [DiffController], providers: [DiffService, DiffResolver] })
export class DiffModule {}
