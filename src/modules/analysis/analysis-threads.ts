import { Worker } from 'node:worker_threads';
import type { AnalysisRequest } from '../../engine/index.js';
import type { AnalysisResults } from './analysis-results.repository.js';

/** A job posted to an analysis thread, and its answer. */
export interface ThreadJob {
  id: number;
  contentId: string;
  rawJson: string;
  request: AnalysisRequest;
}
export type ThreadAnswer = { id: number; ok: true; results: AnalysisResults } | { id: number; ok: false; message: string };

export interface AnalysisThreadsOptions {
  /** An idle thread ends after this long (its memory goes back to the system). */
  idleMs?: number;
  /** A thread that analysed an input this large (characters of stored JSON) ends after it, as its heap grew to that size. */
  recycleAboveChars?: number;
}

/**
 * Analysis threads kept between jobs: starting a thread per job compiled the whole engine again
 * for every analysis (about as much CPU as analysing a small snapshot). A thread serves one job at
 * a time; a job waiting for none starts another (at most one per concurrent job). A thread ends
 * when idle for a while or after a large input, so a big analysis's heap is not kept; a thread
 * that fails (e.g. out of memory) fails only its own job.
 */
export class AnalysisThreads {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private nextId = 1;
  private readonly idleMs: number;
  private readonly recycleAboveChars: number;
  /** Threads started so far (for tests and logs). */
  started = 0;

  constructor(
    private readonly threadFile: URL,
    options: AnalysisThreadsOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 30_000;
    this.recycleAboveChars = options.recycleAboveChars ?? 20_000_000;
  }

  run(contentId: string, rawJson: string, request: AnalysisRequest): Promise<AnalysisResults> {
    const worker = this.take();
    const id = this.nextId++;
    return new Promise<AnalysisResults>((resolve, reject) => {
      const settle = (answer: () => void, keep: boolean) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keep) this.putBack(worker);
        else void worker.terminate();
        answer();
      };
      const onMessage = (m: ThreadAnswer) => {
        if (m.id !== id) return;
        const keep = rawJson.length <= this.recycleAboveChars;
        settle(() => (m.ok ? resolve(m.results) : reject(new Error(m.message))), keep);
      };
      const onError = (err: Error) => settle(() => reject(err), false);
      const onExit = (code: number) => settle(() => reject(new Error(`analysis thread exited with code ${code}`)), false);
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
      worker.postMessage({ id, contentId, rawJson, request } satisfies ThreadJob);
    });
  }

  /** Ends every idle thread (a thread running a job ends when its job does). */
  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    for (const { timer } of idle) clearTimeout(timer);
    await Promise.all(idle.map(({ worker }) => worker.terminate()));
  }

  private take(): Worker {
    const kept = this.idle.pop();
    if (kept) {
      clearTimeout(kept.timer);
      kept.worker.ref();
      return kept.worker;
    }
    this.started++;
    return new Worker(this.threadFile);
  }

  private putBack(worker: Worker): void {
    // An idle thread never holds the process open, and ends after idleMs.
    worker.unref();
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((i) => i.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    }, this.idleMs);
    timer.unref();
    this.idle.push({ worker, timer });
  }
}
