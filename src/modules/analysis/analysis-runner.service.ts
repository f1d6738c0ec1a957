import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { ENGINE_VERSION, type AnalysisRequest } from '../../engine/index.js';
import { analysisRequestFor } from '../clusters/analysis-options.js';
import { ClustersRepository } from '../clusters/clusters.repository.js';
import type { ContentRecord } from '../snapshots/snapshots.repository.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { SERVICE_ANALYSIS_OPTIONS } from './analysis-computation.js';
import { AnalysisResultsRepository, type AnalysisResults } from './analysis-results.repository.js';
import { runAnalysis } from './run-analysis.js';
import { StoredResults } from './stored-results.service.js';

/** True when a content's stored results were computed by this engine version with `request` (its cluster's options and its upload override: `analysisRequestFor`). */
export function resultsAreCurrent(content: { status: ContentRecord['status']; engineVersion: string | null; analysisOptions: unknown }, request: AnalysisRequest = SERVICE_ANALYSIS_OPTIONS): boolean {
  return content.status === 'ready' && content.engineVersion === ENGINE_VERSION && sameOptions(content.analysisOptions, request);
}

/** Key order aside (jsonb stores keys in its own order, e.g. inside a per-option `givenBy`). */
function sameOptions(stored: unknown, current: object): boolean {
  if (stored === null || typeof stored !== 'object') return false;
  const a = stored as Record<string, unknown>;
  const b = current as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => isDeepStrictEqual(a[k], b[k]));
}

/** Runs the engine on a stored snapshot content and stores everything the queries need. */
@Injectable()
export class AnalysisRunner {
  private readonly logger = new Logger(AnalysisRunner.name);

  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly results: AnalysisResultsRepository,
    private readonly clusters: ClustersRepository,
    private readonly stored: StoredResults,
  ) {}

  async run(contentId: string, attempt: { retryCount: number; retryLimit: number } = { retryCount: 0, retryLimit: 0 }): Promise<void> {
    const content = await this.snapshots.findContentById(contentId);
    if (!content) return; // deleted before its turn
    // The cluster's options now (a change made while this job waited is what the results must
    // follow), with the content's own upload override, which a cluster change never drops.
    const settings = await this.clusters.analysisOptionsOfContent(contentId);
    const request = analysisRequestFor(settings?.cluster, settings?.override);
    if (resultsAreCurrent(content, request)) return; // a duplicate job: the work is done
    if (!(await this.snapshots.markAnalyzing(contentId, ENGINE_VERSION, request))) return; // finished meanwhile
    try {
      const results = await this.compute(contentId, request);
      await this.results.store(contentId, results, { engineVersion: ENGINE_VERSION, options: request });
      this.logger.log(`analysed snapshot content ${contentId} in ${results.analyzeMs} ms`);
      await this.warm(contentId);
    } catch (err) {
      const last = attempt.retryCount >= attempt.retryLimit;
      const message = (err as Error).message ?? String(err);
      this.logger.error(`analysis of snapshot content ${contentId} failed (attempt ${attempt.retryCount + 1} of ${attempt.retryLimit + 1}): ${message}`);
      await this.snapshots.markStatus(contentId, last ? 'failed' : 'pending', message);
      throw err;
    }
  }

  /**
   * Decodes the new stored result into this process's cache when it serves queries (workers in the
   * API process: the default), so the first query on it is served from memory. A failure here is
   * only a cold cache.
   */
  private async warm(contentId: string): Promise<void> {
    try {
      const content = await this.snapshots.findContentById(contentId);
      if (content?.status === 'ready') await this.stored.warm({ contentId, analysisRuns: content.analysisRuns });
    } catch (err) {
      this.logger.warn(`stored result of ${contentId} not cached: ${(err as Error).message}`);
    }
  }

  private async compute(contentId: string, request: AnalysisRequest): Promise<AnalysisResults> {
    return runAnalysis(contentId, await this.snapshots.loadRawJson(contentId), request);
  }
}
