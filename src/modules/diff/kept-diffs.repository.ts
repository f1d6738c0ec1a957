import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import { ENGINE_VERSION, type ChangeCounts, type DiffResult, type Granularity } from '../../engine/index.js';

/** One side of a kept diff or step: a content id and the analysis options its results were computed with. */
interface Computed {
  id: string;
  options: unknown;
}

/**
 * Diffs are computed once and kept: whole diffs per content pair and granularity (any two snapshots
 * with those contents share it), and the change counts per content pair that the history chain reads. Each is keyed by what it was computed
 * with, so a new engine version or other analysis options make a new entry, never a stale answer.
 */
@Injectable()
export class KeptDiffsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** The kept diff of two contents at a granularity, its sides as they were first computed (callers describe them anew). */
  async diff(before: string, after: string, granularity: Granularity, intents: readonly unknown[]): Promise<DiffResult | null> {
    const options = await this.contentOptions([before, after]);
    if (!options.has(before) || !options.has(after)) return null;
    const { rows } = await this.pool.query<{ data: Buffer }>(
      'SELECT data FROM content_diffs WHERE before_content_id = $1 AND after_content_id = $2 AND granularity = $3 AND computed_with = $4',
      [before, after, granularity, computedWith(options.get(before)!, options.get(after)!, intents)],
    );
    return rows[0] ? (JSON.parse(gunzipSync(rows[0].data).toString('utf8')) as DiffResult) : null;
  }

  /** Keeps a diff of two contents; a concurrent request that kept it first wins (both computed the same answer). */
  async keepDiff(before: string, after: string, diff: DiffResult, intents: readonly unknown[]): Promise<void> {
    const options = await this.contentOptions([before, after]);
    if (!options.has(before) || !options.has(after)) return; // a content was deleted meanwhile: nothing to keep
    await this.pool.query(
      `INSERT INTO content_diffs (before_content_id, after_content_id, granularity, computed_with, data) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [before, after, diff.granularity, computedWith(options.get(before)!, options.get(after)!, intents), gzipSync(JSON.stringify(diff))],
    );
  }

  /** The kept counts of each (before, after) content pair, by `before:after`; pairs never computed are absent. */
  async steps(pairs: readonly [string, string][]): Promise<Map<string, ChangeCounts>> {
    const found = new Map<string, ChangeCounts>();
    if (!pairs.length) return found;
    const options = await this.contentOptions(pairs.flat());
    const keyed = pairs.filter(([a, b]) => options.has(a) && options.has(b)).map(([a, b]) => [a, b, computedWith(options.get(a)!, options.get(b)!)] as const);
    if (!keyed.length) return found;
    const { rows } = await this.pool.query<{ before_content_id: string; after_content_id: string; counts: ChangeCounts }>(
      `SELECT s.before_content_id, s.after_content_id, s.counts
         FROM content_steps s JOIN unnest($1::uuid[], $2::uuid[], $3::text[]) AS k(b, a, w)
           ON s.before_content_id = k.b AND s.after_content_id = k.a AND s.computed_with = k.w`,
      [keyed.map((k) => k[0]), keyed.map((k) => k[1]), keyed.map((k) => k[2])],
    );
    for (const r of rows) found.set(`${r.before_content_id}:${r.after_content_id}`, r.counts);
    return found;
  }

  async keepStep(before: string, after: string, counts: ChangeCounts): Promise<void> {
    const options = await this.contentOptions([before, after]);
    if (!options.has(before) || !options.has(after)) return;
    await this.pool.query(
      `INSERT INTO content_steps (before_content_id, after_content_id, computed_with, counts) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [before, after, computedWith(options.get(before)!, options.get(after)!), JSON.stringify(counts)],
    );
  }

  /**
   * Recently stored ready snapshots whose step from the previous ready snapshot of their cluster
   * (another content) has no kept diff yet: what the precomputation does next, newest first.
   */
  async unkeptSteps(engineVersion: string, limit: number): Promise<{ from: string; to: string }[]> {
    const { rows } = await this.pool.query<{ from_id: string; to_id: string }>(
      `SELECT p.id AS from_id, s.id AS to_id
         FROM snapshots s
         JOIN snapshot_contents c ON c.id = s.content_id
         CROSS JOIN LATERAL (
           SELECT ps.id, ps.content_id FROM snapshots ps JOIN snapshot_contents pc ON pc.id = ps.content_id
            WHERE ps.cluster_id = s.cluster_id AND pc.status = 'ready' AND pc.engine_version = $1
              AND (ps.captured_at, ps.id) < (s.captured_at, s.id)
            ORDER BY ps.captured_at DESC, ps.id DESC LIMIT 1) p
        WHERE c.status = 'ready' AND c.engine_version = $1 AND p.content_id <> s.content_id
          AND greatest(s.created_at, c.analysis_finished_at) > now() - interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM content_diffs d WHERE d.before_content_id = p.content_id AND d.after_content_id = s.content_id AND d.granularity = 'workload')
        ORDER BY s.captured_at DESC LIMIT $2`,
      [engineVersion, limit],
    );
    return rows.map((r) => ({ from: r.from_id, to: r.to_id }));
  }

  private async contentOptions(ids: readonly string[]): Promise<Map<string, Computed>> {
    const { rows } = await this.pool.query<{ id: string; analysis_options: unknown }>('SELECT id, analysis_options FROM snapshot_contents WHERE id = ANY($1::uuid[])', [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.id, { id: r.id, options: r.analysis_options }]));
  }
}

/** What a kept result was computed from: the engine version, each side's content and analysis options, and (diffs) the intents checked. */
function computedWith(from: Computed, to: Computed, intents: readonly unknown[] = []): string {
  return createHash('sha256')
    .update(JSON.stringify([ENGINE_VERSION, from.id, from.options, to.id, to.options, ...(intents.length ? [intents] : [])]))
    .digest('hex');
}
