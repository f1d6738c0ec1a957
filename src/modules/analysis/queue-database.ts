import { createRequire } from 'node:module';
import { Logger } from '@nestjs/common';
import type pg from 'pg';
import { isDatabaseConnectionError } from '../../common/errors/database-unavailable.js';
import { createPool } from '../../database/connections.js';

/** pg-boss's database interface (its `db` option): one method. */
export interface QueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

// pg-boss builds its statements from these; we compare text to recognise the two it sends without awaiting.
const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { completeJobs(schema: string): string; failJobsById(schema: string): string };

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * The queue's connections: a pool of our own (so connection loss is handled as everywhere else, see
 * database/connections.ts) behind pg-boss's `db` interface.
 *
 * pg-boss recovers from connection loss by itself (its worker, maintenance and cron loops catch
 * and report errors, then poll again on new connections), with one exception: after a handler
 * settles it records the job as completed or failed without awaiting the statement, so a database
 * outage at that moment would be an unhandled rejection, which ends the process, and the job would
 * stay active until it expires. Those two statements are therefore retried here until the database
 * answers again (or `giveUpAfterMs`), and never reject: the job is recorded exactly as it settled.
 */
export class QueueDatabase implements QueueDb {
  private readonly logger = new Logger('AnalysisQueue');
  readonly pool: pg.Pool;
  private readonly unawaited: Set<string>;
  private closed = false;

  constructor(
    databaseUrl: string,
    schema: string,
    private readonly giveUpAfterMs: number,
  ) {
    this.pool = createPool(databaseUrl, { max: 4, applicationName: 'policyscope-queue', context: 'AnalysisQueue' });
    this.unawaited = new Set([plans.completeJobs(schema), plans.failJobsById(schema)]);
  }

  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    if (this.unawaited.has(text)) return this.recordOutcome(text, values);
    return this.pool.query(text, values);
  }

  /**
   * From now on an outcome is tried once, not retried: at shutdown pg-boss fails the jobs still
   * running, and with the database down that must not hold the process (the jobs expire and are
   * retried instead).
   */
  stopRetrying(): void {
    this.closed = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.pool.ended && !this.pool.ending) await this.pool.end();
  }

  private async recordOutcome(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const started = Date.now();
    for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      try {
        return await this.pool.query(text, values);
      } catch (err) {
        const retry = isDatabaseConnectionError(err) && !this.closed && Date.now() - started + wait < this.giveUpAfterMs;
        if (this.closed) return { rows: [{ count: '0' }] }; // shutting down: the job expires and is retried
        if (!retry) {
          // The job stays active; it expires and is retried by the queue's maintenance.
          this.logger.error(`could not record a job's outcome: ${(err as Error).message}`);
          return { rows: [{ count: '0' }] };
        }
        if (wait === RETRY_FIRST_MS) this.logger.warn(`database unavailable while recording a job's outcome: retrying until it is back (${(err as Error).message})`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
