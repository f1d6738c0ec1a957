// Explain worker thread: keeps its own analyses (ExplainAnalyses) and answers questions posted by
// the ExplainPool. A question whose analyses are not loaded asks the pool for their stored objects
// once; questions arriving meanwhile wait for the same load. A waiting question holds the analyses
// loaded for it, so loads for other questions cannot push them out before it is answered.
import { parentPort, workerData } from 'node:worker_threads';
import type { Analysis } from '../../engine/index.js';
import { ExplainAnalyses, type ExplainRequest } from './explain-analyses.js';
import type { ToPool, ToThread } from './explain-pool.js';

const analyses = new ExplainAnalyses((workerData as { capacity: number }).capacity);
interface Waiting {
  id: number;
  request: ExplainRequest;
  held: Map<string, Analysis>;
}
const waiting = new Map<string, Waiting[]>();
const port = parentPort!;
const post = (m: ToPool) => port.postMessage(m);

function answer({ id, request, held }: Waiting): void {
  try {
    post({ type: 'answer', id, answer: analyses.answer(request, held) });
  } catch (err) {
    post({ type: 'error', id, message: (err as Error).message ?? String(err) });
  }
}

function tryAnswer(question: Waiting): void {
  for (const contentId of question.request.contents) {
    const kept = question.held.get(contentId) ?? analyses.get(contentId);
    if (kept) question.held.set(contentId, kept);
  }
  const first = question.request.contents.find((c) => !question.held.has(c));
  if (first === undefined) return answer(question);
  const queue = waiting.get(first);
  if (queue) queue.push(question);
  else {
    waiting.set(first, [question]);
    post({ type: 'need', contentId: first });
  }
}

port.on('message', (m: ToThread) => {
  if (m.type === 'ask') return tryAnswer({ id: m.id, request: m.request, held: new Map() });
  const queued = waiting.get(m.contentId) ?? [];
  waiting.delete(m.contentId);
  if (m.type === 'load') {
    let analysis: Analysis;
    try {
      analysis = analyses.load(m.contentId, m.content);
    } catch (err) {
      for (const q of queued) post({ type: 'error', id: q.id, message: `analysis could not be rebuilt: ${(err as Error).message}` });
      return;
    }
    for (const q of queued) {
      q.held.set(m.contentId, analysis);
      tryAnswer(q);
    }
  } else {
    for (const q of queued) post({ type: 'error', id: q.id, message: m.message });
  }
});
