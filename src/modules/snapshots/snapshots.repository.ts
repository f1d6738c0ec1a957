import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import { PrismaService } from '../../database/prisma.service.js';
import type { Snapshot, SnapshotSource, SnapshotStatus } from '../../generated/prisma/client.js';
import type { Diagnostic, RawObject } from '../../engine/index.js';

export type SnapshotRecord = Snapshot;

export interface NewSnapshot {
  clusterId: string;
  name: string;
  capturedAt: Date;
  source: SnapshotSource;
  contentSha256: string;
  counts: Record<string, number>;
  diagnostics: readonly Diagnostic[];
  timings: Record<string, number>;
}

/** Rows per INSERT … SELECT FROM unnest(…): one round trip per batch instead of one per object. */
const OBJECT_BATCH = 2000;

export interface SnapshotPage {
  items: SnapshotRecord[];
  nextCursor: string | null;
}

@Injectable()
export class SnapshotsRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  findByContent(clusterId: string, contentSha256: string): Promise<SnapshotRecord | null> {
    return this.prisma.snapshot.findUnique({ where: { clusterId_contentSha256: { clusterId, contentSha256 } } });
  }

  findById(id: string): Promise<SnapshotRecord | null> {
    return this.prisma.snapshot.findUnique({ where: { id } });
  }

  /**
   * Stores a snapshot and all its objects in one transaction, and runs `alsoInTransaction` (the job
   * enqueue) inside it: either everything is stored and queued, or nothing is.
   */
  async insertWithObjects(
    snapshot: NewSnapshot,
    objects: readonly RawObject[],
    alsoInTransaction: (client: pg.PoolClient, snapshotId: string) => Promise<void>,
  ): Promise<string> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO snapshots (id, cluster_id, name, captured_at, source, content_sha256, status, counts, diagnostics, timings)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'pending', $6, $7, $8) RETURNING id`,
        [snapshot.clusterId, snapshot.name, snapshot.capturedAt, snapshot.source, snapshot.contentSha256, JSON.stringify(snapshot.counts), JSON.stringify(snapshot.diagnostics), JSON.stringify(snapshot.timings)],
      );
      const id = rows[0]!.id;
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
          `INSERT INTO kubernetes_objects (snapshot_id, kind, api_version, namespace, name, uid, labels, raw)
           SELECT $1, kind, api_version, namespace, name, uid, labels, raw
             FROM jsonb_to_recordset($2::jsonb) AS t(kind text, api_version text, namespace text, name text, uid text, labels jsonb, raw jsonb)`,
          [id, JSON.stringify(batch)],
        );
      }
      await alsoInTransaction(client, id);
      await client.query('COMMIT');
      return id;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** The raw objects of a snapshot as one JSON array text, in insertion order (built by PostgreSQL: no parse and re-serialise here). */
  async loadRawJson(snapshotId: string): Promise<string> {
    const { rows } = await this.pool.query<{ json: string | null }>(
      `SELECT '[' || string_agg(raw::text, ',' ORDER BY id) || ']' AS json FROM kubernetes_objects WHERE snapshot_id = $1`,
      [snapshotId],
    );
    return rows[0]?.json ?? '[]';
  }

  /** The stored objects of the given kinds, as the engine's RawObject values. */
  async rawObjectsOfKinds(snapshotId: string, kinds: readonly string[]): Promise<RawObject[]> {
    const { rows } = await this.pool.query<{ kind: string; api_version: string; namespace: string | null; name: string; uid: string | null; labels: Record<string, string>; raw: unknown }>(
      'SELECT kind, api_version, namespace, name, uid, labels, raw FROM kubernetes_objects WHERE snapshot_id = $1 AND kind = ANY($2::text[]) ORDER BY id',
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
    });
    const page = items.slice(0, first);
    const last = page[page.length - 1];
    return { items: page, nextCursor: items.length > first && last ? encodeCursor(last) : null };
  }

  async markAnalyzing(id: string): Promise<void> {
    await this.prisma.snapshot.update({ where: { id }, data: { status: 'analyzing', analysisStartedAt: new Date(), error: null } });
  }

  async markStatus(id: string, status: SnapshotStatus, error: string | null): Promise<void> {
    await this.prisma.snapshot.updateMany({ where: { id }, data: { status, error } });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.prisma.snapshot.deleteMany({ where: { id } });
    return count > 0;
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

  /** Snapshots waiting for analysis (pending or analyzing), oldest first. */
  async unfinished(): Promise<{ id: string; status: SnapshotStatus }[]> {
    return this.prisma.snapshot.findMany({ where: { status: { in: ['pending', 'analyzing'] } }, select: { id: true, status: true }, orderBy: { createdAt: 'asc' } });
  }
}

function encodeCursor(s: SnapshotRecord): string {
  return Buffer.from(`${s.capturedAt.toISOString()}|${s.id}`).toString('base64url');
}

function decodeCursor(text: string): { capturedAt: Date; id: string } {
  const [at, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const capturedAt = new Date(at ?? '');
  if (!id || Number.isNaN(capturedAt.getTime())) throw new InvalidCursor();
  return { capturedAt, id };
}

export class InvalidCursor extends Error {}
