import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { isDatabaseConnectionError } from '../../common/errors/database-unavailable.js';
import { DATABASE_URL } from '../../database/database.tokens.js';
import { QueueDatabase } from './queue-database.js';

export const ANALYSIS_QUEUE = 'analyze_snapshot';

export interface AnalysisJobData {
  /** The snapshot content to analyse. */
  contentId: string;
  /** Jobs queued before contents were shared name a snapshot; its id is its content's id. */
  snapshotId?: string;
}

export type AnalysisHandler = (contentId: string, attempt: { retryCount: number; retryLimit: number }) => Promise<void>;

/**
 * The durable queue of analysis jobs, on pg-boss (PostgreSQL-backed: jobs survive restarts; retried
 * with backoff; a job whose worker died expires after JOB_TIMEOUT_SECONDS and is retried). Sending
 * can join the caller's transaction, so a snapshot is never stored without its job.
 */
@Injectable()
export class AnalysisQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisQueue.name);
  private readonly boss: PgBoss;
  private readonly db: QueueDatabase;
  private started = false;
  private lastConnectionWarning = 0;
  private readonly workerIds: string[] = [];

  constructor(
    @Inject(DATABASE_URL) databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Past the job timeout the job expires and is retried anyway: no point recording its outcome later.
    this.db = new QueueDatabase(databaseUrl, 'pgboss', config.jobTimeoutSeconds * 1000);
    this.boss = new PgBoss({
      db: this.db,
      schema: 'pgboss',
      maintenanceIntervalSeconds: config.jobMaintenanceSeconds,
      monitorStateIntervalSeconds: config.jobMaintenanceSeconds,
    });
    this.boss.on('error', (err) => this.reportError(err));
  }

  /** During a database outage every poll fails: one line per outage (every 30 s at most), not one per poll. */
  private reportError(err: Error): void {
    if (!isDatabaseConnectionError(err)) {
      this.logger.error(`queue: ${err.message}`);
      return;
    }
    if (Date.now() - this.lastConnectionWarning < 30_000) return;
    this.lastConnectionWarning = Date.now();
    this.logger.warn(`queue: database unavailable, polling on until it is back (${err.message})`);
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(ANALYSIS_QUEUE, {
      name: ANALYSIS_QUEUE,
      retryLimit: this.config.jobRetryLimit,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: this.config.jobTimeoutSeconds,
    });
    this.started = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.db.stopRetrying();
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.started = false;
    await this.db.close();
  }

  /** Queues the analysis of a snapshot content; with `client`, inside that client's open transaction. */
  async enqueue(contentId: string, client?: pg.ClientBase): Promise<void> {
    const db = client ? { executeSql: (text: string, values: unknown[]) => client.query(text, values) } : undefined;
    await this.boss.send(ANALYSIS_QUEUE, { contentId } satisfies AnalysisJobData, db ? { db } : {});
  }

  /** Starts `concurrency` workers in this process; each job runs on one worker of one process. */
  async work(concurrency: number, handler: AnalysisHandler): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      const id = await this.boss.work<AnalysisJobData>(
        ANALYSIS_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.config.jobPollSeconds, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          await handler(job.data.contentId ?? job.data.snapshotId!, { retryCount: job.retryCount, retryLimit: job.retryLimit });
        },
      );
      this.workerIds.push(id);
    }
  }

  /** Tells this process's idle workers to look for jobs now instead of at their next poll. */
  wake(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /**
   * Runs `handler` once a minute on one worker of the whole deployment (pg-boss schedules are
   * cluster-wide: with several instances, each tick still runs once).
   */
  async everyMinute(queue: string, handler: () => Promise<void>): Promise<void> {
    await this.boss.createQueue(queue, { name: queue, retryLimit: 0, expireInSeconds: 300 });
    await this.boss.schedule(queue, '* * * * *', {}, { tz: 'UTC' });
    await this.boss.work(queue, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => handler());
  }

  /** State of the newest job of a snapshot content (created, retry, active, completed, cancelled, failed), or null. */
  async jobState(contentId: string): Promise<string | null> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT state FROM pgboss.job WHERE name = $1 AND coalesce(data->>'contentId', data->>'snapshotId') = $2 ORDER BY created_on DESC LIMIT 1`,
      [ANALYSIS_QUEUE, contentId],
    );
    return (rows[0] as { state: string } | undefined)?.state ?? null;
  }
}
