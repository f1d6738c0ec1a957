import { Inject, Injectable } from '@nestjs/common';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import type { Connection, ConnectivityResult, Diagnostic, Endpoint, Granularity } from '../../engine/index.js';
import { PortSet } from '../../engine/index.js';

export interface PodClassRow {
  namespace: string;
  labels: Record<string, string>;
  members: string[];
}

export interface AnalysisResults {
  connectivity: Partial<Record<Granularity, ConnectivityResult>>;
  podClasses: PodClassRow[];
  metrics: Record<string, number>;
  diagnostics: readonly Diagnostic[];
  analyzeMs: number;
}

const ROW_BATCH = 2000;

function endpointColumns(e: Endpoint): [string, string | null, string | null, string[] | null] {
  if (e.kind === 'External') return ['External', null, null, (e as { cidrs: string[] }).cidrs];
  if (e.kind === 'IngressController') return ['IngressController', null, null, null];
  if (e.kind === 'Namespace') return ['Namespace', null, (e as { name: string }).name, null];
  const w = e as { kind: string; namespace: string; name: string };
  return [w.kind, w.namespace, w.name, null];
}

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
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

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
      for (const table of ['workload_connections', 'pod_classes', 'analysis_artifacts']) {
        await client.query(`DELETE FROM ${table} WHERE content_id = $1`, [contentId]);
      }
      const workload = results.connectivity.workload;
      if (workload) await insertConnections(client, contentId, workload.connections);
      for (let i = 0; i < results.podClasses.length; i += ROW_BATCH) {
        const batch = results.podClasses.slice(i, i + ROW_BATCH);
        await client.query(
          `INSERT INTO pod_classes (content_id, class_index, namespace, labels, members)
           SELECT $1, t.idx, t.ns, t.labels, ARRAY(SELECT jsonb_array_elements_text(t.members))
             FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::jsonb[]) AS t(idx, ns, labels, members)`,
          [contentId, batch.map((_, j) => i + j), batch.map((c) => c.namespace), batch.map((c) => JSON.stringify(c.labels)), batch.map((c) => JSON.stringify(c.members))],
        );
      }
      for (const [granularity, result] of Object.entries(results.connectivity)) {
        await client.query('INSERT INTO analysis_artifacts (content_id, name, data) VALUES ($1, $2, $3)', [
          contentId,
          `connectivity:${granularity}`,
          gzipSync(JSON.stringify(result)),
        ]);
      }
      // The metrics time series has one row per observation: every snapshot of this content gets them.
      await client.query('DELETE FROM snapshot_metrics WHERE snapshot_id IN (SELECT id FROM snapshots WHERE content_id = $1)', [contentId]);
      await client.query(
        `INSERT INTO snapshot_metrics (snapshot_id, cluster_id, captured_at, metric, value)
         SELECT s.id, s.cluster_id, s.captured_at, m.key, m.value::float8 FROM snapshots s, jsonb_each_text($2::jsonb) m WHERE s.content_id = $1`,
        [contentId, JSON.stringify(results.metrics)],
      );
      await client.query(
        `UPDATE snapshot_contents SET status = 'ready', error = NULL, analysis_finished_at = now(), analysis_runs = analysis_runs + 1,
                engine_version = $2, analysis_options = $3, analysis_diagnostics = $4, metrics = $5, analyze_ms = $6 WHERE id = $1`,
        [
          contentId,
          computedWith.engineVersion,
          JSON.stringify(computedWith.options),
          JSON.stringify(results.diagnostics.map((d) => ({ ...d, analysis: true }))),
          JSON.stringify(results.metrics),
          results.analyzeMs,
        ],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** A content's stored connectivity at one granularity, or null when that granularity is not stored. */
  async connectivity(contentId: string, granularity: Granularity): Promise<ConnectivityResult | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM analysis_artifacts WHERE content_id = $1 AND name = $2', [
      contentId,
      `connectivity:${granularity}`,
    ]);
    return rows[0] ? (JSON.parse(gunzipSync(rows[0].data).toString('utf8')) as ConnectivityResult) : null;
  }

  async metrics(snapshotId: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ metric: string; value: number }>('SELECT metric, value FROM snapshot_metrics WHERE snapshot_id = $1', [snapshotId]);
    return Object.fromEntries(rows.map((r) => [r.metric, r.value]));
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

async function insertConnections(client: pg.PoolClient, contentId: string, connections: readonly Connection[]): Promise<void> {
  for (let i = 0; i < connections.length; i += ROW_BATCH) {
    const batch = connections.slice(i, i + ROW_BATCH);
    const src = batch.map((c) => endpointColumns(c.src));
    const dst = batch.map((c) => endpointColumns(c.dst));
    await client.query(
      `INSERT INTO workload_connections (content_id, src_kind, src_namespace, src_name, src_cidrs, dst_kind, dst_namespace, dst_name, dst_cidrs, all_ports, ports, conn)
       SELECT $1, t.sk, t.sn, t.sname, CASE WHEN t.sc IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(t.sc)) END,
              t.dk, t.dn, t.dname, CASE WHEN t.dc IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(t.dc)) END,
              t.ap, t.ports, t.conn
         FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::bool[], $11::jsonb[], $12::text[])
           AS t(sk, sn, sname, sc, dk, dn, dname, dc, ap, ports, conn)`,
      [
        contentId,
        src.map((s) => s[0]),
        src.map((s) => s[1]),
        src.map((s) => s[2]),
        src.map((s) => (s[3] ? JSON.stringify(s[3]) : null)),
        dst.map((d) => d[0]),
        dst.map((d) => d[1]),
        dst.map((d) => d[2]),
        dst.map((d) => (d[3] ? JSON.stringify(d[3]) : null)),
        batch.map((c) => c.allPorts),
        batch.map((c) => JSON.stringify(c.ports)),
        batch.map((c) => PortSet.fromEntries(c.ports).union(c.allPorts ? PortSet.ALL : PortSet.EMPTY).toString()),
      ],
    );
  }
}
