import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { isDatabaseConnectionError } from '../../common/errors/database-unavailable.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { AnalysisQueue } from './analysis-queue.js';
import { AnalysisRunner } from './analysis-runner.service.js';

export const RUN_WORKERS = Symbol('RUN_WORKERS');

/**
 * Starts the analysis workers of this process (in the API process unless WORKERS_IN_PROCESS=false;
 * always in `npm run worker`), and sweeps for snapshots left without a live job: queued again when
 * their job is missing, marked failed when their job failed for good (e.g. expired on every retry).
 */
@Injectable()
export class AnalysisWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisWorkers.name);
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN_WORKERS) private readonly runWorkers: boolean,
    private readonly queue: AnalysisQueue,
    private readonly runner: AnalysisRunner,
    private readonly snapshots: SnapshotsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runWorkers) return;
    await this.queue.work(this.config.workerConcurrency, (id, attempt) => this.runner.run(id, attempt));
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.config.jobMaintenanceSeconds * 1000);
    this.sweeper.unref();
    this.logger.log(`${this.config.workerConcurrency} analysis worker(s) started`);
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  async sweep(): Promise<void> {
    try {
      for (const s of await this.snapshots.unfinished()) {
        const state = await this.queue.jobState(s.id);
        if (state === null || state === 'completed') {
          this.logger.warn(`snapshot content ${s.id} is ${s.status} without a live job: queued again`);
          await this.queue.enqueue(s.id);
        } else if (state === 'failed' || state === 'cancelled') {
          await this.snapshots.markStatus(s.id, 'failed', `the analysis job ${state} (it ran out of retries or time)`);
        }
      }
    } catch (err) {
      // During a database outage the sweep simply runs again at its next tick.
      if (isDatabaseConnectionError(err)) this.logger.warn(`sweep skipped, database unavailable: ${(err as Error).message}`);
      else this.logger.error(`sweep failed: ${(err as Error).message}`);
    }
  }
}
