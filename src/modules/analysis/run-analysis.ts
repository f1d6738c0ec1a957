import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisRequest } from '../../engine/index.js';
import { computeAnalysis } from './analysis-computation.js';
import type { AnalysisResults } from './analysis-results.repository.js';

const THREAD = new URL('./analysis.thread.js', import.meta.url);

/**
 * Runs an analysis on a worker thread, so a large snapshot never blocks the process's HTTP server,
 * health checks or queue heartbeats. Where the compiled thread file is absent (the TypeScript
 * sources under test), it runs inline.
 */
export function runAnalysis(contentId: string, rawJson: string, request: AnalysisRequest): Promise<AnalysisResults> {
  if (!existsSync(fileURLToPath(THREAD))) return Promise.resolve().then(() => computeAnalysis(contentId, rawJson, request));
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { workerData: { contentId, rawJson, request } });
    let settled = false;
    worker.once('message', (m: { ok: true; results: AnalysisResults } | { ok: false; message: string }) => {
      settled = true;
      if (m.ok) resolve(m.results);
      else reject(new Error(m.message));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`analysis thread exited with code ${code}`));
    });
  });
}
