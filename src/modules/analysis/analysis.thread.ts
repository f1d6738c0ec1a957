// Worker-thread entry: runs one analysis off the main event loop and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisRequest } from '../../engine/index.js';
import { computeAnalysis } from './analysis-computation.js';

const { contentId, rawJson, request } = workerData as { contentId: string; rawJson: string; request: AnalysisRequest };
try {
  parentPort!.postMessage({ ok: true, results: computeAnalysis(contentId, rawJson, request) });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: (err as Error).message ?? String(err) });
}
