import { Injectable, Logger } from '@nestjs/common';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { AnalysisResultsRepository, type AnalysisResults } from './analysis-results.repository.js';
import { runAnalysis } from './run-analysis.js';

/** Runs the engine on a stored snapshot and stores everything the queries need. */
@Injectable()
export class AnalysisRunner {
  private readonly logger = new Logger(AnalysisRunner.name);

  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly results: AnalysisResultsRepository,
  ) {}

  async run(snapshotId: string, attempt: { retryCount: number; retryLimit: number } = { retryCount: 0, retryLimit: 0 }): Promise<void> {
    const snapshot = await this.snapshots.findById(snapshotId);
    if (!snapshot) return; // deleted before its turn
    if (snapshot.status === 'ready') return; // a duplicate job: the work is done
    await this.snapshots.markAnalyzing(snapshotId);
    try {
      const results = await this.compute(snapshotId);
      await this.results.store(snapshotId, results);
      this.logger.log(`analysed snapshot ${snapshotId} in ${results.analyzeMs} ms`);
    } catch (err) {
      const last = attempt.retryCount >= attempt.retryLimit;
      const message = (err as Error).message ?? String(err);
      this.logger.error(`analysis of snapshot ${snapshotId} failed (attempt ${attempt.retryCount + 1} of ${attempt.retryLimit + 1}): ${message}`);
      await this.snapshots.markStatus(snapshotId, last ? 'failed' : 'pending', message);
      throw err;
    }
  }

  private async compute(snapshotId: string): Promise<AnalysisResults> {
    return runAnalysis(snapshotId, await this.snapshots.loadRawJson(snapshotId));
  }
}
