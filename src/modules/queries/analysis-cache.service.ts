import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AnalysisRequest, PairQuestion, PairQuestionAnswer, PairQuestionArgs, SnapshotQuestion, SnapshotQuestionAnswer, SnapshotQuestionArgs } from '../../engine/index.js';
import { ExplainPool } from '../analysis/explain-pool.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';

/**
 * Explain-type questions (the engine's `SNAPSHOT_QUESTIONS` and `PAIR_QUESTIONS`) on stored
 * snapshot contents. Connectivity, exposure and history are served from stored results; these need
 * the engine's evaluation state, which lives on worker threads (ExplainPool): rebuilt there from
 * the stored objects once per content and kept, so no analysis ever runs on the event loop that
 * serves requests. Stored objects never change; an analysis is kept under its content and the
 * options its stored results record (`keyOf`), so once a cluster's options change and the content is
 * recomputed, the next question rebuilds it with the new options instead of answering with the old.
 */
@Injectable()
export class AnalysisCache implements OnModuleDestroy {
  private readonly pool: ExplainPool;

  constructor(private readonly snapshots: SnapshotsRepository) {
    this.pool = new ExplainPool({
      // The key carries the request (the options the stored results record), so the analysis built matches its key.
      loadContent: async (key) => {
        const { contentId, request } = parseKey(key);
        return { rawJson: await snapshots.loadRawJson(contentId), request };
      },
    });
  }

  /** Answers one of the engine's snapshot questions (`SNAPSHOT_QUESTIONS`) on a ready content's analysis. */
  async ask<Q extends SnapshotQuestion>(content: ReadyContent, question: Q, args: SnapshotQuestionArgs<Q>): Promise<SnapshotQuestionAnswer<Q>> {
    return (await this.pool.ask({ kind: 'snapshot', contents: [keyOf(content)], question, args })) as SnapshotQuestionAnswer<Q>;
  }

  /** Answers one of the engine's two-content questions (`PAIR_QUESTIONS`, e.g. a diff's causes) on two ready contents' analyses. */
  async askPair<Q extends PairQuestion>(from: ReadyContent, to: ReadyContent, question: Q, args: PairQuestionArgs<Q>): Promise<PairQuestionAnswer<Q>> {
    return (await this.pool.ask({ kind: 'pair', contents: [keyOf(from), keyOf(to)], question, args })) as PairQuestionAnswer<Q>;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}

/** A ready snapshot's content: its id and the options its stored results were computed with (a SnapshotRecord is one). */
export interface ReadyContent {
  contentId: string;
  analysisOptions: unknown;
}

/** `contentId#<request JSON>`: the content and the options its stored results were computed with. */
function keyOf(content: ReadyContent): string {
  return `${content.contentId}#${JSON.stringify(content.analysisOptions ?? {})}`;
}

function parseKey(key: string): { contentId: string; request: AnalysisRequest } {
  const hash = key.indexOf('#');
  return hash < 0 ? { contentId: key, request: {} } : { contentId: key.slice(0, hash), request: JSON.parse(key.slice(hash + 1)) as AnalysisRequest };
}
