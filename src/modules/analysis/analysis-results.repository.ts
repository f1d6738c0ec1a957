import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import type { Diagnostic, Finding, NamespacePairRow, WorkloadRow } from '../../engine/index.js';
import { SnapshotsRepository } from '../snapshots/snapshots.repository.js';

/** What an analysis job stores for a content (docs/stored-results.md). */
export interface AnalysisResults {
  /** The encoded stored result (`encodeStoredResult`): every query reads this. */
  stored: Uint8Array;
  /** Dashboard tables (docs/grafana.md). */
  workloads: WorkloadRow[];
  namespacePairs: NamespacePairRow[];
  /** The content's findings (view cluster_open_findings). */
  findings: readonly Finding[];
  metrics: Record<string, number>;
  diagnostics: readonly Diagnostic[];
  analyzeMs: number;
}

/** The artifact name and encoding of a content's stored result. */
export const STORED_RESULT = { name: 'stored-result', encoding: 'psr1+gzip' } as const;

const ROW_BATCH = 2000;

/** What a stored result was computed with: a result of another engine version or options is never served. */
export interface ComputedWith {
  engineVersion: string;
  options: object;
}

/**
 * Stores and reads analysis results. Results belong to a snapshot content (shared by every snapshot
 * of equal content hash), so they are addressed by content id. Storing replaces earlier results, so
 * a retried job or a recompute leaves one copy.
 */
@Injectable()
export class AnalysisResultsRepository {
  /** GraphQL asks per snapshot of a list (`snapshots { metrics }`): the snapshots asked in one tick are read in one query, nothing kept past it. */
  private readonly metricsOf = new DataLoader<string, Record<string, number>>(
    async (snapshotIds) => {
      const { rows } = await this.pool.query<{ snapshot_id: string; metric: string; value: number }>('SELECT snapshot_id, metric, value FROM snapshot_metrics WHERE snapshot_id = ANY($1::uuid[])', [[...snapshotIds]]);
      // Ids as the client wrote them (UUIDs in any case): matched case-insensitively, as PostgreSQL does.
      const bySnapshot = new Map<string, Record<string, number>>(snapshotIds.map((id) => [id.toLowerCase(), {}]));
      for (const r of rows) {
        const metrics = bySnapshot.get(r.snapshot_id.toLowerCase());
        if (metrics) metrics[r.metric] = r.value;
      }
      return snapshotIds.map((id) => bySnapshot.get(id.toLowerCase())!);
    },
    { cache: false },
  );

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly snapshots: SnapshotsRepository,
  ) {}

  async store(contentId: string, results: AnalysisResults, computedWith: ComputedWith): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const content = await client.query<{ current: boolean }>(
        `SELECT status = 'ready' AND engine_version IS NOT DISTINCT FROM $2 AND analysis_options IS NOT DISTINCT FROM $3::jsonb AS current
           FROM snapshot_contents WHERE id = $1 FOR UPDATE`,
        [contentId, computedWith.engineVersion, JSON.stringify(computedWith.options)],
      );
      // Deleted with its last snapshot while being analysed, or another run (a job retried after its
      // lease expired) stored the same results first: either way there is nothing to store.
      if (!content.rowCount || content.rows[0]!.current) {
        await client.query('ROLLBACK');
        return;
      }
      for (const table of ['workload_summaries', 'namespace_pairs', 'content_findings', 'analysis_artifacts']) {
        await client.query(`DELETE FROM ${table} WHERE content_id = $1`, [contentId]);
      }
      await client.query('INSERT INTO analysis_artifacts (content_id, name, encoding, data) VALUES ($1, $2, $3, $4)', [
        contentId,
        STORED_RESULT.name,
        STORED_RESULT.encoding,
        Buffer.from(results.stored.buffer, results.stored.byteOffset, results.stored.byteLength),
      ]);
      await insertDashboardRows(client, contentId, results);
      // The metrics time series has one row per observation: every snapshot of this content gets them.
      await client.query('DELETE FROM snapshot_metrics WHERE snapshot_id IN (SELECT id FROM snapshots WHERE content_id = $1)', [contentId]);
      await client.query(
        `INSERT INTO snapshot_metrics (snapshot_id, cluster_id, captured_at, metric, value)
         SELECT s.id, s.cluster_id, s.captured_at, m.key, m.value::float8 FROM snapshots s, jsonb_each_text($2::jsonb) m WHERE s.content_id = $1`,
        [contentId, JSON.stringify(results.metrics)],
      );
      await this.snapshots.markReady(client, contentId, computedWith, results.diagnostics, results.metrics, results.analyzeMs);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** A content's encoded stored result, or null when none is stored. */
  async storedResult(contentId: string): Promise<Buffer | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM analysis_artifacts WHERE content_id = $1 AND name = $2', [contentId, STORED_RESULT.name]);
    return rows[0]?.data ?? null;
  }

  metrics(snapshotId: string): Promise<Record<string, number>> {
    return this.metricsOf.load(snapshotId);
  }

  /**
   * One row per snapshot (observation) of a cluster whose results are ready and were computed by
   * `engineVersion`, with its metrics, in observation order (oldest first).
   */
  async history(clusterId: string, from: Date | null, to: Date | null, engineVersion: string): Promise<{ snapshotId: string; name: string; capturedAt: Date; metrics: Record<string, number> }[]> {
    const { rows } = await this.pool.query<{ id: string; name: string; captured_at: Date; metrics: Record<string, number> | null }>(
      `SELECT s.id, s.name, s.captured_at, jsonb_object_agg(m.metric, m.value) FILTER (WHERE m.metric IS NOT NULL) AS metrics
         FROM snapshots s JOIN snapshot_contents c ON c.id = s.content_id LEFT JOIN snapshot_metrics m ON m.snapshot_id = s.id
        WHERE s.cluster_id = $1 AND c.status = 'ready' AND c.engine_version = $4
          AND ($2::timestamptz IS NULL OR s.captured_at >= $2) AND ($3::timestamptz IS NULL OR s.captured_at <= $3)
        GROUP BY s.id ORDER BY s.captured_at, s.id`,
      [clusterId, from, to, engineVersion],
    );
    return rows.map((r) => ({ snapshotId: r.id, name: r.name, capturedAt: r.captured_at, metrics: r.metrics ?? {} }));
  }
}

async function insertDashboardRows(client: pg.PoolClient, contentId: string, results: AnalysisResults): Promise<void> {
  for (let i = 0; i < results.findings.length; i += ROW_BATCH) {
    const batch = results.findings.slice(i, i + ROW_BATCH).map((f, j) => ({ ...f, position: i + j }));
    await client.query(
      `INSERT INTO content_findings (content_id, position, severity, code, message, objects)
       SELECT $1, position, severity, code, message, objects
         FROM jsonb_to_recordset($2::jsonb) AS t(position int, severity text, code text, message text, objects jsonb)`,
      [contentId, JSON.stringify(batch)],
    );
  }
  for (let i = 0; i < results.workloads.length; i += ROW_BATCH) {
    const batch = results.workloads.slice(i, i + ROW_BATCH);
    await client.query(
      `INSERT INTO workload_summaries (content_id, kind, namespace, name, pods, exposed, internet_exposed, ingress_isolated, egress_isolated, peers_in, peers_out, exposure)
       SELECT $1, kind, namespace, name, pods, exposed, "internetExposed", "ingressIsolated", "egressIsolated", "peersIn", "peersOut", exposure
         FROM jsonb_to_recordset($2::jsonb) AS t(kind text, namespace text, name text, pods int, exposed boolean, "internetExposed" boolean,
              "ingressIsolated" boolean, "egressIsolated" boolean, "peersIn" int, "peersOut" int, exposure jsonb)`,
      [contentId, JSON.stringify(batch)],
    );
  }
  for (let i = 0; i < results.namespacePairs.length; i += ROW_BATCH) {
    const batch = results.namespacePairs.slice(i, i + ROW_BATCH);
    await client.query(
      `INSERT INTO namespace_pairs (content_id, src_namespace, dst_namespace, workload_pairs)
       SELECT $1, "srcNamespace", "dstNamespace", "workloadPairs" FROM jsonb_to_recordset($2::jsonb) AS t("srcNamespace" text, "dstNamespace" text, "workloadPairs" int)`,
      [contentId, JSON.stringify(batch)],
    );
  }
}
