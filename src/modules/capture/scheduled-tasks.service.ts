import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import { AnalysisQueue } from '../analysis/analysis-queue.js';
import { RUN_WORKERS } from '../analysis/analysis-workers.service.js';
import { ClustersRepository } from '../clusters/clusters.repository.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { CaptureService } from './capture.service.js';

export const TICK_QUEUE = 'policyscope_tick';

/**
 * Once a minute (one worker of the whole deployment): live captures whose cron expression is due,
 * then each cluster's retention policy (keep the last N snapshots / those of the last D days).
 */
@Injectable()
export class ScheduledTasks implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduledTasks.name);

  constructor(
    @Inject(RUN_WORKERS) private readonly runWorkers: boolean,
    private readonly queue: AnalysisQueue,
    private readonly clusters: ClustersRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly captures: CaptureService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.runWorkers) await this.queue.everyMinute(TICK_QUEUE, () => this.tick(new Date()));
  }

  async tick(now: Date): Promise<void> {
    await this.runDueCaptures(now);
    await this.applyRetention();
  }

  /** Captures every cluster whose schedule includes the minute of `now` (UTC). */
  async runDueCaptures(now: Date): Promise<string[]> {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const captured: string[] = [];
    for (const cluster of await this.clusters.withSchedules()) {
      let due = false;
      try {
        due = CronExpressionParser.parse(cluster.captureSchedule!, { tz: 'UTC' }).includesDate(minute);
      } catch (err) {
        this.logger.warn(`cluster ${cluster.name}: invalid capture schedule "${cluster.captureSchedule}": ${(err as Error).message}`);
      }
      if (!due) continue;
      try {
        await this.captures.capture(cluster.name);
        captured.push(cluster.name);
      } catch (err) {
        this.logger.error(`scheduled capture of ${cluster.name} failed: ${(err as Error).message}`);
      }
    }
    return captured;
  }

  /** Deletes the snapshots (and their results) that fall outside each cluster's retention. */
  async applyRetention(): Promise<number> {
    let deleted = 0;
    for (const cluster of await this.clusters.list()) {
      if (cluster.retainLast == null && cluster.retainDays == null) continue;
      for (const id of await this.snapshots.expiredIds(cluster.id, cluster.retainLast, cluster.retainDays)) {
        if (await this.snapshots.delete(id)) deleted++;
      }
    }
    if (deleted) this.logger.log(`retention removed ${deleted} snapshot(s)`);
    return deleted;
  }
}
