import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AnalysisRequest, PairQuestion, PairQuestionAnswer, PairQuestionArgs, SnapshotQuestion, SnapshotQuestionAnswer, SnapshotQuestionArgs } from '../../engine/index.js';
import { ExplainPool } from '../analysis/explain-pool.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';

/**
 * Explain-type questions (the engine's `SNAPSHOT_QUESTIONS` and `PAIR_QUESTIONS`) on stored
 * snapshot contents. Connectivity, exposure and history are served from stored results; these need
 * the engine's evaluation state, which lives on worker threads (ExplainPool): rebuilt there from
 * the stored objects once per content and kept, so no analysis ever runs on the event loop that
 * serves requests. Stored objects never change, so an entry never goes stale.
 */
@Injectable()
export class AnalysisCache implements OnModuleDestroy {
  private readonly pool: ExplainPool;

  constructor(snapshots: SnapshotsRepository) {
    this.pool = new ExplainPool({
      loadContent: async (contentId) => {
        const [rawJson, content] = await Promise.all([snapshots.loadRawJson(contentId), snapshots.findContentById(contentId)]);
        // The request the stored results record (the cluster's options then), so explanations agree with them.
        return { rawJson, request: (content?.analysisOptions ?? {}) as AnalysisRequest };
      },
    });
  }

  /** Answers one of the engine's snapshot questions (`SNAPSHOT_QUESTIONS`) on a content's analysis. */
  async ask<Q extends SnapshotQuestion>(contentId: string, question: Q, args: SnapshotQuestionArgs<Q>): Promise<SnapshotQuestionAnswer<Q>> {
    return (await this.pool.ask({ kind: 'snapshot', contents: [contentId], question, args })) as SnapshotQuestionAnswer<Q>;
  }

  /** Answers one of the engine's two-content questions (`PAIR_QUESTIONS`, e.g. a diff's causes) on two contents' analyses. */
  async askPair<Q extends PairQuestion>(fromContentId: string, toContentId: string, question: Q, args: PairQuestionArgs<Q>): Promise<PairQuestionAnswer<Q>> {
    return (await this.pool.ask({ kind: 'pair', contents: [fromContentId, toContentId], question, args })) as PairQuestionAnswer<Q>;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
