// Analysis thread: runs analyses off the main event loop, one job at a time as AnalysisThreads
// posts them, and posts each one's results back; it is kept between jobs (AnalysisThreads).
import { parentPort } from 'node:worker_threads';
import { computeAnalysis } from './analysis-computation.js';
import type { ThreadAnswer, ThreadJob } from './analysis-threads.js';

parentPort!.on('message', ({ id, contentId, rawJson, request }: ThreadJob) => {
  let answer: ThreadAnswer;
  try {
    answer = { id, ok: true, results: computeAnalysis(contentId, rawJson, request) };
  } catch (err) {
    answer = { id, ok: false, message: (err as Error).message ?? String(err) };
  }
  parentPort!.postMessage(answer);
});
