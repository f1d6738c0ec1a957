import { Injectable } from '@nestjs/common';
import { decodeStoredResult, StoredView, type Granularity, type StoredResult } from '../../engine/index.js';
import { AnalysisResultsRepository } from './analysis-results.repository.js';

/** Decoded stored results kept in memory (a few MB each at 10,000 pods, tens of MB with its views at 100,000). */
const CAPACITY = 8;

interface Entry {
  result: Promise<StoredResult | null>;
  views: Map<Granularity, StoredView>;
}

/**
 * Reads stored results (docs/stored-results.md): decoded once per content and kept (least
 * recently used out), with one `StoredView` per granularity asked. Entries are keyed by content
 * and analysis run, so a recomputed result is never answered from the one it replaced.
 */
@Injectable()
export class StoredResults {
  private readonly entries = new Map<string, Entry>();
  /** Whether this process has answered a query from a stored result (an API process). */
  private serving = false;

  constructor(private readonly repository: AnalysisResultsRepository) {}

  /**
   * Decodes a newly stored result ahead of its first query, in a process that serves queries (one
   * that has read a stored result before): a worker-only process keeps nothing.
   */
  async warm(content: { contentId: string; analysisRuns: number }): Promise<void> {
    if (this.serving) await this.read(content, 'workload');
  }

  /** The view of a content's stored result at one granularity; null when no result is stored. */
  async view(content: { contentId: string; analysisRuns: number }, granularity: Granularity): Promise<StoredView | null> {
    this.serving = true;
    return this.read(content, granularity);
  }

  private async read(content: { contentId: string; analysisRuns: number }, granularity: Granularity): Promise<StoredView | null> {
    const entry = this.entry(content.contentId, `${content.contentId}#${content.analysisRuns}`);
    const result = await entry.result;
    if (!result) return null;
    let view = entry.views.get(granularity);
    if (!view) {
      view = new StoredView(result, granularity);
      entry.views.set(granularity, view);
    }
    return view;
  }

  private entry(contentId: string, key: string): Entry {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const result = this.repository.storedResult(contentId).then((data) => (data ? decodeStoredResult(data) : null));
    const entry: Entry = { result, views: new Map() };
    this.entries.set(key, entry);
    // A missing result (not stored yet, deleted) or a failed read is not kept.
    result.then((r) => r ?? this.entries.delete(key)).catch(() => this.entries.delete(key));
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
