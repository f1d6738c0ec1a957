import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import { BackgroundRounds } from '../../common/background-rounds.js';
import { ENGINE_VERSION } from '../../engine/index.js';
import { IntentsService } from './intents.service.js';

const TICK_MS = 1000;
const SNAPSHOTS_PER_ROUND = 8;

/**
 * The `intent_violations` and `intent_violation_pairs` metrics of each new ready snapshot of a
 * cluster with intents: its intents evaluated once (on an explain thread) and the counts added to
 * the snapshot's metrics, so the history, reports, dashboards and `/metrics` show them beside the
 * analysis' own. A snapshot keeps the figures of the intents in force when it was evaluated; a
 * later change of the intents applies to later snapshots. Every API process does this; two that
 * evaluate the same snapshot write the same figures.
 */
@Injectable()
export class IntentMetricsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('IntentMetrics');
  private readonly rounds = new BackgroundRounds(TICK_MS, () => this.round());
  private readonly failed = new Set<string>();

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly intents: IntentsService,
  ) {}

  onModuleInit(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round: recent ready snapshots of clusters with intents and no intent metrics yet. Errors are logged, never thrown. */
  async round(): Promise<number> {
    let done = 0;
    try {
      const { rows } = await this.pool.query<{ id: string }>(
        `SELECT s.id FROM snapshots s
           JOIN snapshot_contents c ON c.id = s.content_id
           JOIN cluster_intents i ON i.cluster_id = s.cluster_id AND jsonb_array_length(i.intents) > 0
          WHERE c.status = 'ready' AND c.engine_version = $1
            AND greatest(s.created_at, c.analysis_finished_at) > now() - interval '1 day'
            AND NOT EXISTS (SELECT 1 FROM snapshot_metrics m WHERE m.snapshot_id = s.id AND m.metric = 'intent_violations')
          ORDER BY s.captured_at DESC LIMIT $2`,
        [ENGINE_VERSION, SNAPSHOTS_PER_ROUND + this.failed.size],
      );
      for (const { id } of rows.filter((r) => !this.failed.has(r.id)).slice(0, SNAPSHOTS_PER_ROUND)) {
        try {
          const report = await this.intents.results(id);
          const pairs = report.results.reduce((n, r) => n + (r.holds ? 0 : r.violationCount), 0);
          await this.pool.query(
            `INSERT INTO snapshot_metrics (snapshot_id, cluster_id, captured_at, metric, value)
             SELECT s.id, s.cluster_id, s.captured_at, m.metric, m.value FROM snapshots s,
                    (VALUES ('intent_violations', $2::float8), ('intent_violation_pairs', $3::float8)) AS m(metric, value)
              WHERE s.id = $1
             ON CONFLICT (snapshot_id, metric) DO UPDATE SET value = EXCLUDED.value`,
            [id, report.violated, pairs],
          );
          done++;
        } catch (err) {
          this.failed.add(id);
          this.logger.warn(`intent metrics of snapshot ${id} not set: ${(err as Error).message}`);
        }
      }
    } catch (err) {
      this.logger.warn(`looking for snapshots to evaluate intents on: ${(err as Error).message}`);
    }
    return done;
  }
}
