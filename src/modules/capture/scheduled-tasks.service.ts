import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditRepository } from '../auth/audit/audit.repository.js';
import { CronExpressionParser } from 'cron-parser';
import { AnalysisQueue } from '../analysis/analysis-queue.js';
import { RUN_WORKERS } from '../analysis/analysis-workers.service.js';
import { ClustersRepository } from '../clusters/clusters.repository.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';
import { CaptureService } from './capture.service.js';

export const TICK_QUEUE = 'policyscope_tick';

/**
 * Once a minute (one worker of the whole deployment): live captures whose cron expression is due,
 * then each cluster's retention policy (keep the last N snapshots / those of the last D days), and
 * the same rules for the audit log (AUDIT_RETAIN_LAST, AUDIT_RETAIN_DAYS).
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
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.runWorkers) await this.queue.everyMinute(TICK_QUEUE, () => this.tick(new Date()));
  }

  async tick(now: Date): Promise<void> {
    await this.runDueCaptures(now);
    await this.applyRetention();
    await this.applyAuditRetention().catch((err: Error) => this.logger.error(`audit retention failed: ${err.message}`));
  }

  /** Deletes the audit events outside AUDIT_RETAIN_LAST / AUDIT_RETAIN_DAYS. */
  async applyAuditRetention(): Promise<number> {
    const deleted = await this.audit.deleteExpired(this.config.auditRetention.last, this.config.auditRetention.days);
    if (deleted) this.logger.log(`audit retention removed ${deleted} event(s)`);
    return deleted;
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
