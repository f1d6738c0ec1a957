import { Injectable } from '@nestjs/common';
import { analyze, askSnapshot, parseDocuments, type Analysis, type SnapshotQuestion, type SnapshotQuestionAnswer, type SnapshotQuestionArgs } from '../../engine/index.js';
import { SERVICE_ANALYSIS_OPTIONS } from '../analysis/analysis-computation.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';

/** How many snapshots' in-memory analyses are kept for explain queries (each ~ tens to hundreds of MB at 10k pods). */
const CAPACITY = 4;

/**
 * In-memory analyses of stored snapshot contents (shared by snapshots of equal content), for
 * per-connection explanations. Connectivity, exposure and
 * history are served from stored results; an explanation needs the engine's evaluation state, which
 * is rebuilt here from the stored objects once per snapshot and kept (least recently used out).
 * Stored objects never change, so an entry never goes stale.
 */
@Injectable()
export class AnalysisCache {
  private readonly entries = new Map<string, Promise<Analysis>>();

  constructor(private readonly snapshots: SnapshotsRepository) {}

  /** Answers one of the engine's snapshot questions (`SNAPSHOT_QUESTIONS`) on a content's analysis. */
  async ask<Q extends SnapshotQuestion>(contentId: string, question: Q, args: SnapshotQuestionArgs<Q>): Promise<SnapshotQuestionAnswer<Q>> {
    return askSnapshot(await this.get(contentId), question, args);
  }

  get(contentId: string): Promise<Analysis> {
    const cached = this.entries.get(contentId);
    if (cached) {
      this.entries.delete(contentId);
      this.entries.set(contentId, cached);
      return cached;
    }
    const loading = this.load(contentId);
    this.entries.set(contentId, loading);
    loading.catch(() => this.entries.delete(contentId));
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }

  private async load(contentId: string): Promise<Analysis> {
    return analyze(parseDocuments([{ name: `snapshot content ${contentId}`, content: await this.snapshots.loadRawJson(contentId) }], { validation: 'ignore' }).snapshot, SERVICE_ANALYSIS_OPTIONS);
  }
}
