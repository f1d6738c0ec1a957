// The analyses explain-type questions need (the engine's evaluation state), rebuilt from a
// content's stored objects and kept least recently used out. Pure (no Nest, no database): it runs
// on an explain worker thread, or inline where no thread is available (TypeScript sources under test).
import { STORED_OBJECTS_PARSE } from './analysis-computation.js';
import { analyze, askPair, askSnapshot, parseDocuments, type Analysis, type AnalysisRequest, type PairQuestion, type SnapshotQuestion } from '../../engine/index.js';

/** A question for the analyses of `contents` (one for a snapshot question, two for a pair question). */
export type ExplainRequest =
  | { kind: 'snapshot'; contents: [string]; question: SnapshotQuestion; args: unknown }
  | { kind: 'pair'; contents: [string, string]; question: PairQuestion; args: unknown };

/** What an analysis is rebuilt from: the stored objects and the request its stored results record. */
export interface StoredContent {
  rawJson: string;
  request: AnalysisRequest;
}

export class ExplainAnalyses {
  private readonly entries = new Map<string, Analysis>();

  constructor(private readonly capacity: number) {}

  has(contentId: string): boolean {
    return this.entries.has(contentId);
  }

  /** Rebuilds a content's analysis from its stored objects (a JSON array) with the options its results were computed with, and keeps it. */
  load(contentId: string, content: StoredContent): void {
    const parsed = parseDocuments([{ name: `snapshot content ${contentId}`, content: content.rawJson }], STORED_OBJECTS_PARSE);
    this.entries.set(contentId, analyze(parsed.snapshot, content.request));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  missing(request: ExplainRequest): string[] {
    return [...new Set(request.contents)].filter((c) => !this.entries.has(c));
  }

  answer(request: ExplainRequest): unknown {
    const analyses = request.contents.map((c) => this.use(c));
    if (request.kind === 'snapshot') return askSnapshot(analyses[0]!, request.question, request.args as never);
    return askPair(analyses[0]!, analyses[1]!, request.question, request.args as never);
  }

  private use(contentId: string): Analysis {
    const analysis = this.entries.get(contentId);
    if (!analysis) throw new Error(`analysis of ${contentId} is not loaded`);
    this.entries.delete(contentId);
    this.entries.set(contentId, analysis);
    return analysis;
  }
}
