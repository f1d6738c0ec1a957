import { Injectable } from '@nestjs/common';
import { analyze, askSnapshot, parseDocuments, type Analysis, type AnalysisRequest, type SnapshotQuestion, type SnapshotQuestionAnswer, type SnapshotQuestionArgs } from '../../engine/index.js';
import { analysisRequestFor } from '../clusters/analysis-options.js';
import { ClustersRepository } from '../clusters/clusters.repository.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';

/** How many snapshots' in-memory analyses are kept for explain queries (each ~ tens to hundreds of MB at 10k pods). */
const CAPACITY = 4;

/**
 * In-memory analyses of stored snapshot contents (shared by snapshots of equal content), for
 * per-connection explanations. Connectivity, exposure and
 * history are served from stored results; an explanation needs the engine's evaluation state, which
 * is rebuilt here from the stored objects once per snapshot and kept (least recently used out).
 * Stored objects never change; an entry is keyed by the content and its cluster's analysis options,
 * so a change of options is never answered from an analysis made with the old ones.
 */
@Injectable()
export class AnalysisCache {
  private readonly entries = new Map<string, Promise<Analysis>>();

  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly clusters: ClustersRepository,
  ) {}

  /** Answers one of the engine's snapshot questions (`SNAPSHOT_QUESTIONS`) on a content's analysis. */
  async ask<Q extends SnapshotQuestion>(contentId: string, question: Q, args: SnapshotQuestionArgs<Q>): Promise<SnapshotQuestionAnswer<Q>> {
    return askSnapshot(await this.get(contentId), question, args);
  }

  async get(contentId: string): Promise<Analysis> {
    const request = analysisRequestFor(await this.clusters.analysisOptionsOfContent(contentId));
    const key = `${contentId} ${JSON.stringify(request)}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const loading = this.load(contentId, request);
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }

  private async load(contentId: string, request: AnalysisRequest): Promise<Analysis> {
    return analyze(parseDocuments([{ name: `snapshot content ${contentId}`, content: await this.snapshots.loadRawJson(contentId) }], { validation: 'ignore' }).snapshot, request);
  }
}
