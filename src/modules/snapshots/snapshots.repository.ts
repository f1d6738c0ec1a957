import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import { DataGeneration } from '../../database/data-generation.js';
import { PrismaService } from '../../database/prisma.service.js';
import type { Snapshot, SnapshotContent, SnapshotSource, SnapshotStatus } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Diagnostic, RawObject } from '../../engine/index.js';

/**
 * A snapshot as every reader sees it: the observation (name, capture time, source) with the state
 * of its shared content's analysis (status, error, runs, engine version) folded in.
 */
export type SnapshotRecord = Snapshot & {
  status: SnapshotStatus;
  error: string | null;
  analysisStartedAt: Date | null;
  analysisFinishedAt: Date | null;
  analysisRuns: number;
  engineVersion: string | null;
  analysisOptions: unknown;
  /** The upload's override of its cluster's analysis options (`{}`: none), kept with the content. */
  analysisOverride: unknown;
};

export type ContentRecord = SnapshotContent;

export interface NewSnapshot {
  clusterId: string;
  name: string;
  capturedAt: Date;
  source: SnapshotSource;
  contentSha256: string;
  /** The upload's override of the cluster's analysis options (`{}`: none): part of the content's identity. */
  analysisOverride: Record<string, unknown>;
  counts: Record<string, number>;
  diagnostics: readonly Diagnostic[];
  timings: Record<string, number>;
}

export interface StoredSnapshot {
  id: string;
  contentId: string;
  /** False when the content was already stored: no object was written and no analysis queued. */
  newContent: boolean;
}

/** Rows per INSERT … SELECT FROM unnest(…): one round trip per batch instead of one per object. */
const OBJECT_BATCH = 2000;

export interface SnapshotPage {
  items: SnapshotRecord[];
  nextCursor: string | null;
}

function flatten(row: Snapshot & { content: SnapshotContent }): SnapshotRecord {
  const { content, ...snapshot } = row;
  return {
    ...snapshot,
    status: content.status,
    error: content.error,
    analysisStartedAt: content.analysisStartedAt,
    analysisFinishedAt: content.analysisFinishedAt,
    analysisRuns: content.analysisRuns,
    engineVersion: content.engineVersion,
    analysisOptions: content.analysisOptions,
    analysisOverride: content.analysisOverride,
    diagnostics: [...((snapshot.diagnostics ?? []) as unknown[]), ...((content.analysisDiagnostics ?? []) as unknown[])] as Snapshot['diagnostics'],
    timings: { ...((snapshot.timings ?? {}) as Record<string, number>), ...(content.analyzeMs != null ? { analyzeMs: content.analyzeMs } : {}) },
  };
}

const WITH_CONTENT = { content: true } as const;

@Injectable()
export class SnapshotsRepository {
  /**
   * GraphQL asks per cluster of a list (`clusters { latestSnapshot snapshots { totalCount } }`): the
   * clusters asked in one tick are read in one query. Nothing is cached past that tick.
   */
  private readonly latestByCluster = new DataLoader<string, SnapshotRecord | null>(
    async (clusterIds) => {
      const latest = await this.prisma.$queryRaw<{ id: string }[]>`
        SELECT DISTINCT ON (cluster_id) id FROM snapshots WHERE cluster_id = ANY(${[...clusterIds]}::uuid[]) ORDER BY cluster_id, captured_at DESC, id DESC`;
      const rows = await this.prisma.snapshot.findMany({ where: { id: { in: latest.map((r) => r.id) } }, include: WITH_CONTENT });
      const byCluster = new Map(rows.map((r) => [r.clusterId, flatten(r)]));
      return clusterIds.map((id) => byCluster.get(id) ?? null);
    },
    { cache: false },
  );

  private readonly countOfCluster = new DataLoader<string, number>(
    async (clusterIds) => {
      const counts = await this.prisma.snapshot.groupBy({ by: ['clusterId'], where: { clusterId: { in: [...clusterIds] } }, _count: { _all: true } });
      const byCluster = new Map(counts.map((c) => [c.clusterId, c._count._all]));
      return clusterIds.map((id) => byCluster.get(id) ?? 0);
    },
    { cache: false },
  );

  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly generation: DataGeneration,
  ) {}

  /** The newest snapshot of the cluster with this content and upload override, or null. */
  async latestWithContent(clusterId: string, contentSha256: string, analysisOverride: Record<string, unknown>): Promise<SnapshotRecord | null> {
    const row = await this.prisma.snapshot.findFirst({ where: { clusterId, contentSha256, content: { analysisOverride: { equals: analysisOverride as Prisma.InputJsonValue } } }, orderBy: [{ capturedAt: 'desc' }, { id: 'desc' }], include: WITH_CONTENT });
    return row ? flatten(row) : null;
  }

  async findById(id: string): Promise<SnapshotRecord | null> {
    const row = await this.prisma.snapshot.findUnique({ where: { id }, include: WITH_CONTENT });
    return row ? flatten(row) : null;
  }

  /** The cluster's snapshot with the latest observation time, or null. */
  latestOfCluster(clusterId: string): Promise<SnapshotRecord | null> {
    return this.latestByCluster.load(clusterId);
  }

  findContentById(id: string): Promise<ContentRecord | null> {
    return this.prisma.snapshotContent.findUnique({ where: { id } });
  }

  /**
   * Stores one observation. Its content (objects, later the results) is stored only when the
   * cluster has no content of that hash yet; then `queueAnalysis` (the job enqueue) runs inside the
   * same transaction, so either everything is stored and queued, or nothing is. A snapshot that
   * joins an analysed content gets that content's metrics at once.
   */
  async insertWithObjects(
    snapshot: NewSnapshot,
    objects: readonly RawObject[],
    queueAnalysis: (client: pg.PoolClient, contentId: string) => Promise<void>,
  ): Promise<StoredSnapshot> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      let contentId: string | undefined;
      let newContent = false;
      // A concurrent deletion may remove the content between the two statements: try again.
      for (let attempt = 0; attempt < 3 && !contentId; attempt++) {
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO snapshot_contents (id, cluster_id, content_sha256, analysis_override) VALUES (gen_random_uuid(), $1, $2, $3::jsonb)
           ON CONFLICT (cluster_id, content_sha256, analysis_override) DO NOTHING RETURNING id`,
          [snapshot.clusterId, snapshot.contentSha256, JSON.stringify(snapshot.analysisOverride)],
        );
        if (inserted.rows[0]) {
          contentId = inserted.rows[0].id;
          newContent = true;
          break;
        }
        // FOR SHARE: the content cannot be deleted (nor its results replaced) until this commits.
        const existing = await client.query<{ id: string }>('SELECT id FROM snapshot_contents WHERE cluster_id = $1 AND content_sha256 = $2 AND analysis_override = $3::jsonb FOR SHARE', [
          snapshot.clusterId,
          snapshot.contentSha256,
          JSON.stringify(snapshot.analysisOverride),
        ]);
        contentId = existing.rows[0]?.id;
      }
      if (!contentId) throw new Error(`content ${snapshot.contentSha256} could not be stored or found`);
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO snapshots (id, cluster_id, content_id, name, captured_at, source, content_sha256, counts, diagnostics, timings)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [snapshot.clusterId, contentId, snapshot.name, snapshot.capturedAt, snapshot.source, snapshot.contentSha256, JSON.stringify(snapshot.counts), JSON.stringify(snapshot.diagnostics), JSON.stringify(snapshot.timings)],
      );
      const id = rows[0]!.id;
      if (newContent) {
        await insertObjects(client, contentId, objects);
        await queueAnalysis(client, contentId);
      } else {
        await client.query(
          `INSERT INTO snapshot_metrics (snapshot_id, cluster_id, captured_at, metric, value)
           SELECT $1, $2, $3, m.key, m.value::float8 FROM snapshot_contents c, jsonb_each_text(c.metrics) m
            WHERE c.id = $4 AND c.status = 'ready'`,
          [id, snapshot.clusterId, snapshot.capturedAt, contentId],
        );
      }
      await client.query('COMMIT');
      return { id, contentId, newContent };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** The raw objects of a content as one JSON array text, in insertion order (built by PostgreSQL: no parse and re-serialise here). */
  async loadRawJson(contentId: string): Promise<string> {
    const { rows } = await this.pool.query<{ json: string | null }>(
      `SELECT '[' || string_agg(raw::text, ',' ORDER BY id) || ']' AS json FROM kubernetes_objects WHERE content_id = $1`,
      [contentId],
    );
    return rows[0]?.json ?? '[]';
  }

  /** The stored objects of the given kinds of a snapshot's content, as the engine's RawObject values. */
  async rawObjectsOfKinds(snapshotId: string, kinds: readonly string[]): Promise<RawObject[]> {
    const { rows } = await this.pool.query<{ kind: string; api_version: string; namespace: string | null; name: string; uid: string | null; labels: Record<string, string>; raw: unknown }>(
      `SELECT kind, api_version, namespace, name, uid, labels, raw FROM kubernetes_objects
        WHERE content_id = (SELECT content_id FROM snapshots WHERE id = $1) AND kind = ANY($2::text[]) ORDER BY id`,
      [snapshotId, kinds],
    );
    return rows.map((r, document) => ({ apiVersion: r.api_version, kind: r.kind, namespace: r.namespace, name: r.name, uid: r.uid, labels: r.labels, raw: r.raw, document }));
  }

  async listByCluster(clusterId: string, first: number, after: string | null): Promise<SnapshotPage> {
    const cursor = after ? decodeCursor(after) : null;
    const items = await this.prisma.snapshot.findMany({
      where: {
        clusterId,
        ...(cursor
          ? { OR: [{ capturedAt: { lt: cursor.capturedAt } }, { capturedAt: cursor.capturedAt, id: { lt: cursor.id } }] }
          : {}),
      },
      orderBy: [{ capturedAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
      include: WITH_CONTENT,
    });
    const page = items.slice(0, first).map(flatten);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > first && last ? encodeCursor(last) : null };
  }

  countByCluster(clusterId: string): Promise<number> {
    return this.countOfCluster.load(clusterId);
  }

  /**
   * Marks a content as being analysed, unless its results are already ready and current (a job
   * retried after its lease expired must not send finished work back to `analyzing`). False: nothing to do.
   */
  async markAnalyzing(contentId: string, engineVersion: string, options: object): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE snapshot_contents SET status = 'analyzing', analysis_started_at = now(), error = NULL
        WHERE id = $1 AND NOT (status = 'ready' AND engine_version IS NOT DISTINCT FROM $2 AND analysis_options IS NOT DISTINCT FROM $3::jsonb)`,
      [contentId, engineVersion, JSON.stringify(options)],
    );
    return Boolean(rowCount);
  }

  /**
   * Marks a content ready with what its results were computed with, inside the transaction
   * (`client`) that stores those results: status changes live here only.
   */
  async markReady(
    client: pg.ClientBase,
    contentId: string,
    computedWith: { engineVersion: string; options: object },
    diagnostics: readonly Diagnostic[],
    metrics: Record<string, number>,
    analyzeMs: number,
  ): Promise<void> {
    await client.query(
      `UPDATE snapshot_contents SET status = 'ready', error = NULL, analysis_finished_at = now(), analysis_runs = analysis_runs + 1,
              engine_version = $2, analysis_options = $3, analysis_diagnostics = $4, metrics = $5, analyze_ms = $6 WHERE id = $1`,
      [contentId, computedWith.engineVersion, JSON.stringify(computedWith.options), JSON.stringify(diagnostics.map((d) => ({ ...d, analysis: true }))), JSON.stringify(metrics), analyzeMs],
    );
  }

  async markStatus(contentId: string, status: SnapshotStatus, error: string | null): Promise<void> {
    await this.prisma.snapshotContent.updateMany({ where: { id: contentId }, data: { status, error } });
    this.generation.changed();
  }

  /**
   * Sends a ready content whose results were computed by another engine version or with other
   * options back to `pending` and queues its recompute, in one transaction. False when someone else
   * did so already (or the results are current).
   */
  async requeueStale(contentId: string, engineVersion: string, options: object, queueAnalysis: (client: pg.PoolClient, contentId: string) => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(
        `UPDATE snapshot_contents SET status = 'pending'
          WHERE id = $1 AND status = 'ready' AND (engine_version IS DISTINCT FROM $2 OR analysis_options IS DISTINCT FROM $3::jsonb)`,
        [contentId, engineVersion, JSON.stringify(options)],
      );
      if (rowCount) await queueAnalysis(client, contentId);
      await client.query('COMMIT');
      this.generation.changed();
      return Boolean(rowCount);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Ready contents of a cluster whose results came from another engine version, with each one's upload override. */
  async staleContents(clusterId: string, engineVersion: string): Promise<{ id: string; analysisOverride: unknown }[]> {
    const { rows } = await this.pool.query<{ id: string; analysis_override: unknown }>(
      `SELECT id, analysis_override FROM snapshot_contents WHERE cluster_id = $1 AND status = 'ready' AND engine_version IS DISTINCT FROM $2`,
      [clusterId, engineVersion],
    );
    return rows.map((r) => ({ id: r.id, analysisOverride: r.analysis_override }));
  }

  /** Deletes one snapshot; its content (objects, results) goes too once no other snapshot refers to it. */
  async delete(id: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ content_id: string }>('DELETE FROM snapshots WHERE id = $1 RETURNING content_id', [id]);
    this.generation.changed();
    if (!rows[0]) return false;
    try {
      await this.pool.query('DELETE FROM snapshot_contents c WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.content_id = c.id)', [rows[0].content_id]);
    } catch (err) {
      // 23503: a snapshot of the same content was stored meanwhile; the content stays, as it must.
      if ((err as { code?: string }).code !== '23503') throw err;
    }
    return true;
  }

  /** Snapshots beyond a cluster's retention (keep the last N, or those captured in the last D days). */
  async expiredIds(clusterId: string, retainLast: number | null, retainDays: number | null): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM (
         SELECT id, captured_at, row_number() OVER (ORDER BY captured_at DESC, id DESC) AS rank
           FROM snapshots WHERE cluster_id = $1) s
        WHERE ($2::int IS NOT NULL AND rank > $2) OR ($3::int IS NOT NULL AND captured_at < now() - make_interval(days => $3))`,
      [clusterId, retainLast, retainDays],
    );
    return rows.map((r) => r.id);
  }

  /** Contents waiting for analysis (pending or analyzing), oldest first. */
  async unfinished(): Promise<{ id: string; status: SnapshotStatus }[]> {
    return this.prisma.snapshotContent.findMany({ where: { status: { in: ['pending', 'analyzing'] } }, select: { id: true, status: true }, orderBy: { createdAt: 'asc' } });
  }
}

async function insertObjects(client: pg.PoolClient, contentId: string, objects: readonly RawObject[]): Promise<void> {
  for (let i = 0; i < objects.length; i += OBJECT_BATCH) {
    // One JSON parameter per batch: far cheaper for the driver than eight escaped array parameters.
    const batch = objects.slice(i, i + OBJECT_BATCH).map((o) => ({
      kind: o.kind,
      api_version: o.apiVersion,
      namespace: o.namespace,
      name: o.name,
      uid: o.uid,
      labels: o.labels,
      raw: o.raw,
    }));
    await client.query(
      `INSERT INTO kubernetes_objects (content_id, kind, api_version, namespace, name, uid, labels, raw)
       SELECT $1, kind, api_version, namespace, name, uid, labels, raw
         FROM jsonb_to_recordset($2::jsonb) AS t(kind text, api_version text, namespace text, name text, uid text, labels jsonb, raw jsonb)`,
      [contentId, JSON.stringify(batch)],
    );
  }
}

/** Opaque cursor of a snapshot in its cluster's list (capture time and id). */
export function encodeCursor(s: Pick<SnapshotRecord, 'capturedAt' | 'id'>): string {
  return Buffer.from(`${s.capturedAt.toISOString()}|${s.id}`).toString('base64url');
}

function decodeCursor(text: string): { capturedAt: Date; id: string } {
  const [at, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const capturedAt = new Date(at ?? '');
  if (!id || Number.isNaN(capturedAt.getTime())) throw new InvalidCursor();
  return { capturedAt, id };
}

export class InvalidCursor extends Error {}
