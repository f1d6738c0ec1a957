import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Analysis } from '../../engine/index.js';
import { ExplainAnalyses, type ExplainRequest, type StoredContent } from './explain-analyses.js';

export type ToThread =
  | { type: 'ask'; id: number; request: ExplainRequest }
  | { type: 'load'; contentId: string; content: StoredContent }
  | { type: 'loadFailed'; contentId: string; message: string };

export type ToPool = { type: 'answer'; id: number; answer: unknown } | { type: 'error'; id: number; message: string } | { type: 'need'; contentId: string };

export const EXPLAIN_THREAD = new URL('./explain.thread.js', import.meta.url);

export interface ExplainPoolOptions {
  /** Worker threads (default: one per core but one, at least one, at most 2). */
  threads?: number;
  /** Analyses each thread keeps (each ~ tens to hundreds of MB at 10,000 pods). */
  capacity?: number;
  /** The compiled thread file; when absent, questions are answered inline (TypeScript sources under test). */
  threadFile?: URL;
  /** A content's stored objects as one JSON array, and the request its results were computed with. */
  loadContent: (contentId: string) => Promise<StoredContent>;
}

interface Pending {
  resolve: (answer: unknown) => void;
  reject: (err: Error) => void;
  worker: Worker;
}

/**
 * Answers explain-type questions on worker threads, never on the event loop that serves requests:
 * each thread keeps its own analyses (rebuilt there from the stored objects), a content always goes
 * to the same thread (so its analysis is built once), and answers come back as plain values.
 */
export class ExplainPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly inline: ExplainAnalyses | null = null;
  private closed = false;

  constructor(private readonly options: ExplainPoolOptions) {
    const threadFile = options.threadFile ?? EXPLAIN_THREAD;
    const capacity = options.capacity ?? 4;
    if (!existsSync(fileURLToPath(threadFile))) {
      this.inline = new ExplainAnalyses(capacity);
      return;
    }
    const threads = options.threads ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    for (let i = 0; i < threads; i++) this.workers.push(this.start(threadFile, capacity));
  }

  get threaded(): boolean {
    return this.inline === null;
  }

  async ask(request: ExplainRequest): Promise<unknown> {
    if (this.closed) throw new Error('the explain pool is closed');
    if (this.inline) return this.askInline(this.inline, request);
    const id = this.nextId++;
    const worker = this.workers[threadOf(request.contents[0], this.workers.length)]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ type: 'ask', id, request } satisfies ToThread);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const p of this.pending.values()) p.reject(new Error('the explain pool is closed'));
    this.pending.clear();
  }

  private start(threadFile: URL, capacity: number): Worker {
    const worker = new Worker(threadFile, { workerData: { capacity } });
    worker.unref();
    worker.on('message', (m: ToPool) => {
      if (m.type === 'need') {
        this.options.loadContent(m.contentId).then(
          (content) => worker.postMessage({ type: 'load', contentId: m.contentId, content } satisfies ToThread),
          (err: Error) => worker.postMessage({ type: 'loadFailed', contentId: m.contentId, message: err.message } satisfies ToThread),
        );
        return;
      }
      const pending = this.pending.get(m.id);
      if (!pending) return;
      this.pending.delete(m.id);
      if (m.type === 'answer') pending.resolve(m.answer);
      else pending.reject(new Error(m.message));
    });
    worker.on('error', (err) => {
      // A crashed thread (e.g. out of memory) takes its own questions with it; a new one replaces it.
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        p.reject(err);
        this.pending.delete(id);
      }
      const index = this.workers.indexOf(worker);
      if (index >= 0 && !this.closed) this.workers[index] = this.start(threadFile, capacity);
    });
    return worker;
  }

  /** Loads what the request lacks one await at a time, holding each analysis: concurrent questions may push it out of the kept set meanwhile. */
  private async askInline(analyses: ExplainAnalyses, request: ExplainRequest): Promise<unknown> {
    const held = new Map<string, Analysis>();
    for (const contentId of new Set(request.contents)) held.set(contentId, analyses.get(contentId) ?? analyses.load(contentId, await this.options.loadContent(contentId)));
    return analyses.answer(request, held);
  }
}

/** The thread that keeps a content's analysis: a stable hash of its id. */
function threadOf(contentId: string, threads: number): number {
  let h = 0;
  for (let i = 0; i < contentId.length; i++) h = (Math.imul(h, 31) + contentId.charCodeAt(i)) | 0;
  return Math.abs(h) % threads;
}
