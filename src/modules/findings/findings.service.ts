import { Injectable } from '@nestjs/common';
import { oneOf } from '../../common/query-params.js';
import { FINDING_SEVERITIES, findingsAtOrAbove, type FindingSeverity, type FindingsResult } from '../../engine/index.js';
import { AnalysisCache } from '../queries/analysis-cache.service.js';
import { ReadySnapshots } from '../snapshots/ready-snapshots.js';

/** A snapshot's findings (the engine's `findings` question), at or above a severity. */
@Injectable()
export class FindingsService {
  constructor(
    private readonly ready: ReadySnapshots,
    private readonly cache: AnalysisCache,
  ) {}

  /** `minSeverity` as the client wrote it (one rule for REST and GraphQL); `idArgument`: `id` (REST) or the GraphQL argument. */
  async ofSnapshot(id: string, minSeverity: string | undefined, idArgument = 'id'): Promise<FindingsResult> {
    const threshold: FindingSeverity = oneOf(minSeverity, FINDING_SEVERITIES, 'info', 'minSeverity');
    const snapshot = await this.ready.get(id, idArgument);
    const result = await this.cache.ask(snapshot, 'findings', {});
    return { ...result, findings: findingsAtOrAbove(result.findings, threshold) };
  }
}
