import { Injectable } from '@nestjs/common';
import type { ExposureReport } from '../../../engine/index.js';
import { SnapshotsService } from '../../snapshots/snapshots.service.js';
import { AnalysisCache } from '../analysis-cache.service.js';

/** Exposure with reasons (the engine's `exposureReasons` question) on a ready snapshot. */
@Injectable()
export class ExposureReasonsService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly cache: AnalysisCache,
  ) {}

  async ofSnapshot(id: string, idArgument = 'snapshot'): Promise<ExposureReport> {
    const snapshot = await this.snapshots.getReady(id, idArgument);
    return this.cache.ask(snapshot.contentId, 'exposureReasons', {});
  }
}
