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

/** Stores and reads analysis results. Storing replaces earlier results, so a retried job leaves one copy. */
@Injectable()
export class AnalysisResultsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async store(snapshotId: string, results: AnalysisResults): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const snap = await client.query<{ cluster_id: string; captured_at: Date; diagnostics: Diagnostic[]; timings: Record<string, number> }>(
        'SELECT cluster_id, captured_at, diagnostics, timings FROM snapshots WHERE id = $1 FOR UPDATE',
        [snapshotId],
      );
      if (!snap.rowCount) {
        await client.query('ROLLBACK');
        return; // deleted while being analysed
      }
      const { cluster_id: clusterId, captured_at: capturedAt } = snap.rows[0]!;
      for (const table of ['workload_connections', 'pod_classes', 'analysis_artifacts', 'snapshot_metrics']) {
        await client.query(`DELETE FROM ${table} WHERE snapshot_id = $1`, [snapshotId]);
      }
      const workload = results.connectivity.workload;
      if (workload) await insertConnections(client, snapshotId, workload.connections);
      for (let i = 0; i < results.podClasses.length; i += ROW_BATCH) {
        const batch = results.podClasses.slice(i, i + ROW_BATCH);
        await client.query(
          `INSERT INTO pod_classes (snapshot_id, class_index, namespace, labels, members)
           SELECT $1, t.idx, t.ns, t.labels, ARRAY(SELECT jsonb_array_elements_text(t.members))
             FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::jsonb[]) AS t(idx, ns, labels, members)`,
          [snapshotId, batch.map((_, j) => i + j), batch.map((c) => c.namespace), batch.map((c) => JSON.stringify(c.labels)), batch.map((c) => JSON.stringify(c.members))],
        );
      }
      for (const [granularity, result] of Object.entries(results.connectivity)) {
        await client.query('INSERT INTO analysis_artifacts (snapshot_id, name, data) VALUES ($1, $2, $3)', [
          snapshotId,
          `connectivity:${granularity}`,
          gzipSync(JSON.stringify(result)),
        ]);
      }
      const metricNames = Object.keys(results.metrics);
      await client.query(
        `INSERT INTO snapshot_metrics (snapshot_id, cluster_id, captured_at, metric, value)
         SELECT $1, $2, $3, * FROM unnest($4::text[], $5::float8[])`,
        [snapshotId, clusterId, capturedAt, metricNames, metricNames.map((m) => results.metrics[m])],
      );
      const diagnostics = [...snap.rows[0]!.diagnostics.filter((d) => !(d as { analysis?: boolean }).analysis), ...results.diagnostics.map((d) => ({ ...d, analysis: true }))];
      await client.query(
        `UPDATE snapshots SET status = 'ready', error = NULL, analysis_finished_at = now(), analysis_runs = analysis_runs + 1,
                diagnostics = $2, timings = timings || $3::jsonb WHERE id = $1`,
        [snapshotId, JSON.stringify(diagnostics), JSON.stringify({ analyzeMs: results.analyzeMs })],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async connectivity(snapshotId: string, granularity: Granularity): Promise<ConnectivityResult | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM analysis_artifacts WHERE snapshot_id = $1 AND name = $2', [
      snapshotId,
      `connectivity:${granularity}`,
    ]);
    return rows[0] ? (JSON.parse(gunzipSync(rows[0].data).toString('utf8')) as ConnectivityResult) : null;
  }

  async metrics(snapshotId: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ metric: string; value: number }>('SELECT metric, value FROM snapshot_metrics WHERE snapshot_id = $1', [snapshotId]);
    return Object.fromEntries(rows.map((r) => [r.metric, r.value]));
  }

  /** One row per snapshot of a cluster with its metrics, oldest first. */
  async history(clusterId: string, from: Date | null, to: Date | null): Promise<{ snapshotId: string; name: string; capturedAt: Date; metrics: Record<string, number> }[]> {
    const { rows } = await this.pool.query<{ id: string; name: string; captured_at: Date; metrics: Record<string, number> | null }>(
      `SELECT s.id, s.name, s.captured_at, jsonb_object_agg(m.metric, m.value) FILTER (WHERE m.metric IS NOT NULL) AS metrics
         FROM snapshots s LEFT JOIN snapshot_metrics m ON m.snapshot_id = s.id
        WHERE s.cluster_id = $1 AND s.status = 'ready'
          AND ($2::timestamptz IS NULL OR s.captured_at >= $2) AND ($3::timestamptz IS NULL OR s.captured_at <= $3)
        GROUP BY s.id ORDER BY s.captured_at, s.id`,
      [clusterId, from, to],
    );
    return rows.map((r) => ({ snapshotId: r.id, name: r.name, capturedAt: r.captured_at, metrics: r.metrics ?? {} }));
  }
}

async function insertConnections(client: pg.PoolClient, snapshotId: string, connections: readonly Connection[]): Promise<void> {
  for (let i = 0; i < connections.length; i += ROW_BATCH) {
    const batch = connections.slice(i, i + ROW_BATCH);
    const src = batch.map((c) => endpointColumns(c.src));
    const dst = batch.map((c) => endpointColumns(c.dst));
    await client.query(
      `INSERT INTO workload_connections (snapshot_id, src_kind, src_namespace, src_name, src_cidrs, dst_kind, dst_namespace, dst_name, dst_cidrs, all_ports, ports, conn)
       SELECT $1, t.sk, t.sn, t.sname, CASE WHEN t.sc IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(t.sc)) END,
              t.dk, t.dn, t.dname, CASE WHEN t.dc IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(t.dc)) END,
              t.ap, t.ports, t.conn
         FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::bool[], $11::jsonb[], $12::text[])
           AS t(sk, sn, sname, sc, dk, dn, dname, dc, ap, ports, conn)`,
      [
        snapshotId,
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
