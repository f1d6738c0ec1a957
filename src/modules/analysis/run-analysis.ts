import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnalysisRequest } from '../../engine/index.js';
import { computeAnalysis } from './analysis-computation.js';
import type { AnalysisResults } from './analysis-results.repository.js';
import { AnalysisThreads } from './analysis-threads.js';

const THREAD = new URL('./analysis.thread.js', import.meta.url);

/** The process's analysis threads, kept between jobs (AnalysisThreads); none where the compiled thread file is absent. */
const threads = existsSync(fileURLToPath(THREAD)) ? new AnalysisThreads(THREAD) : null;

/**
 * Runs an analysis on a worker thread, so a large snapshot never blocks the process's HTTP server,
 * health checks or queue heartbeats. Where the compiled thread file is absent (the TypeScript
 * sources under test), it runs inline.
 */
export function runAnalysis(contentId: string, rawJson: string, request: AnalysisRequest): Promise<AnalysisResults> {
  if (!threads) return Promise.resolve().then(() => computeAnalysis(contentId, rawJson, request));
  return threads.run(contentId, rawJson, request);
}
