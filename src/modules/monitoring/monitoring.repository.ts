import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';

/** The figures /metrics reads from the database at each scrape (views of migration 20261129160000). */
@Injectable()
export class MonitoringRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** Snapshots (observations) by the status of their content. */
  async snapshotsByStatus(): Promise<{ status: string; count: number }[]> {
    const { rows } = await this.pool.query<{ status: string; count: number }>(
      'SELECT c.status::text AS status, count(*)::int AS count FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id GROUP BY c.status',
    );
    return rows;
  }

  /** Analysis jobs of the queue by pg-boss state (created and retry are waiting). */
  async jobsByState(queue: string): Promise<{ state: string; count: number }[]> {
    const { rows } = await this.pool.query<{ state: string; count: number }>('SELECT state::text AS state, count(*)::int AS count FROM pgboss.job WHERE name = $1 GROUP BY state', [queue]);
    return rows;
  }

  /** Analyses that finished after `since`, with their job and engine durations. */
  async analysesFinishedAfter(since: Date): Promise<{ finishedAt: Date; jobSeconds: number | null; engineMs: number | null }[]> {
    const { rows } = await this.pool.query<{ finished_at: Date; job_seconds: number | null; analyze_ms: number | null }>(
      `SELECT analysis_finished_at AS finished_at, extract(epoch FROM analysis_finished_at - analysis_started_at)::float8 AS job_seconds, analyze_ms
         FROM snapshot_contents WHERE analysis_finished_at > $1 ORDER BY analysis_finished_at`,
      [since],
    );
    return rows.map((r) => ({ finishedAt: r.finished_at, jobSeconds: r.job_seconds, engineMs: r.analyze_ms }));
  }

  /** Every metric of each cluster's latest ready snapshot. */
  async latestMetrics(): Promise<{ cluster: string; metric: string; value: number }[]> {
    const { rows } = await this.pool.query<{ cluster: string; metric: string; value: number }>('SELECT cluster, metric, value FROM cluster_latest_metrics ORDER BY cluster, metric');
    return rows;
  }
}
