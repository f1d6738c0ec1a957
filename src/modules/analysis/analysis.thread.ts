// Worker-thread entry: runs one analysis off the main event loop and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import { computeAnalysis } from './analysis-computation.js';

const { contentId, rawJson } = workerData as { contentId: string; rawJson: string };
try {
  parentPort!.postMessage({ ok: true, results: computeAnalysis(contentId, rawJson) });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: (err as Error).message ?? String(err) });
}
