import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { BackgroundRounds } from '../../common/background-rounds.js';
import { ENGINE_VERSION } from '../../engine/index.js';
import { DiffService } from './diff.service.js';
import { KeptDiffsRepository } from './kept-diffs.repository.js';

const TICK_MS = 1000;
/** Steps diffed per round: a burst of uploads is worked off over a few rounds, newest first. */
const STEPS_PER_ROUND = 4;

/**
 * Diffs each new ready snapshot against the previous ready snapshot of its cluster, in the
 * background, and keeps the diff: the history chain, reports, webhooks and `GET /diff` of
 * consecutive snapshots then read a kept diff instead of computing one on request. The diff runs on
 * an explain thread (DiffService), so the event loop stays free. Every API process does this; two
 * processes that pick the same step both compute it and the database keeps one. A step that fails
 * is logged and not retried by this process (a request still computes it, and says why it fails).
 */
@Injectable()
export class DiffPrecomputeService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DiffPrecompute');
  private readonly rounds = new BackgroundRounds(TICK_MS, () => this.round());
  private readonly failed = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kept: KeptDiffsRepository,
    private readonly diffs: DiffService,
  ) {}

  onModuleInit(): void {
    if (this.config.diffPrecompute) this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round: the newest steps without a kept diff. Errors are logged, never thrown. */
  async round(): Promise<number> {
    let done = 0;
    try {
      const steps = (await this.kept.unkeptSteps(ENGINE_VERSION, STEPS_PER_ROUND + this.failed.size)).filter((s) => !this.failed.has(`${s.from}:${s.to}`));
      for (const step of steps.slice(0, STEPS_PER_ROUND)) {
        try {
          await this.diffs.diff(step.from, step.to, 'workload');
          done++;
        } catch (err) {
          this.failed.add(`${step.from}:${step.to}`);
          this.logger.warn(`diff of snapshot ${step.from} to ${step.to} not kept: ${(err as Error).message}`);
        }
      }
    } catch (err) {
      this.logger.warn(`looking for new snapshots to diff: ${(err as Error).message}`);
    }
    return done;
  }
}
