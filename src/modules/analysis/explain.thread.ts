// Explain worker thread: keeps its own analyses (ExplainAnalyses) and answers questions posted by
// the ExplainPool. A question whose analyses are not loaded asks the pool for their stored objects
// once; questions arriving meanwhile wait for the same load.
import { parentPort, workerData } from 'node:worker_threads';
import { ExplainAnalyses, type ExplainRequest } from './explain-analyses.js';
import type { ToPool, ToThread } from './explain-pool.js';

const analyses = new ExplainAnalyses((workerData as { capacity: number }).capacity);
const waiting = new Map<string, { id: number; request: ExplainRequest }[]>();
const port = parentPort!;
const post = (m: ToPool) => port.postMessage(m);

function answer(id: number, request: ExplainRequest): void {
  try {
    post({ type: 'answer', id, answer: analyses.answer(request) });
  } catch (err) {
    post({ type: 'error', id, message: (err as Error).message ?? String(err) });
  }
}

function tryAnswer(id: number, request: ExplainRequest): void {
  const missing = analyses.missing(request);
  if (missing.length === 0) return answer(id, request);
  const first = missing[0]!;
  const queue = waiting.get(first);
  if (queue) queue.push({ id, request });
  else {
    waiting.set(first, [{ id, request }]);
    post({ type: 'need', contentId: first });
  }
}

port.on('message', (m: ToThread) => {
  if (m.type === 'ask') return tryAnswer(m.id, m.request);
  const queued = waiting.get(m.contentId) ?? [];
  waiting.delete(m.contentId);
  if (m.type === 'load') {
    try {
      analyses.load(m.contentId, m.content);
    } catch (err) {
      for (const q of queued) post({ type: 'error', id: q.id, message: `analysis could not be rebuilt: ${(err as Error).message}` });
      return;
    }
    for (const q of queued) tryAnswer(q.id, q.request);
  } else {
    for (const q of queued) post({ type: 'error', id: q.id, message: m.message });
  }
});
