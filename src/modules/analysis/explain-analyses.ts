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

  /** Rebuilds a content's analysis from its stored objects (a JSON array) with the options its results were computed with, and keeps it. */
  load(contentId: string, content: StoredContent): Analysis {
    const parsed = parseDocuments([{ name: `snapshot content ${contentId}`, content: content.rawJson }], STORED_OBJECTS_PARSE);
    const analysis = analyze(parsed.snapshot, content.request);
    this.entries.set(contentId, analysis);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return analysis;
  }

  /** A kept analysis, marked most recently used; undefined when it is not kept. */
  get(contentId: string): Analysis | undefined {
    const analysis = this.entries.get(contentId);
    if (!analysis) return undefined;
    this.entries.delete(contentId);
    this.entries.set(contentId, analysis);
    return analysis;
  }

  /**
   * Answers with the kept analyses, or with `held` ones: a caller that loaded a request's analyses
   * one await at a time holds them, since questions loading other contents meanwhile may have
   * pushed the first out of the kept set.
   */
  answer(request: ExplainRequest, held?: ReadonlyMap<string, Analysis>): unknown {
    const analyses = request.contents.map((c) => held?.get(c) ?? this.use(c));
    if (request.kind === 'snapshot') return askSnapshot(analyses[0]!, request.question, request.args as never);
    return askPair(analyses[0]!, analyses[1]!, request.question, request.args as never);
  }

  private use(contentId: string): Analysis {
    const analysis = this.get(contentId);
    if (!analysis) throw new Error(`analysis of ${contentId} is not loaded`);
    return analysis;
  }
}
