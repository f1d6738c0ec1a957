import { Injectable } from '@nestjs/common';
import type { ExposureReport } from '../../../engine/index.js';
import { ReadySnapshots } from '../../snapshots/ready-snapshots.js';
import { AnalysisCache } from '../analysis-cache.service.js';

/** Exposure with reasons (the engine's `exposureReasons` question) on a ready snapshot. */
@Injectable()
export class ExposureReasonsService {
  constructor(
    private readonly ready: ReadySnapshots,
    private readonly cache: AnalysisCache,
  ) {}

  async ofSnapshot(id: string, idArgument = 'snapshot'): Promise<ExposureReport> {
    const snapshot = await this.ready.get(id, idArgument);
    return this.cache.ask(snapshot, 'exposureReasons', {});
  }
}
