import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';

@Injectable()
export class ReportsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** The content id of each snapshot (equal contents: nothing changed between them). */
  async contentIds(snapshotIds: readonly string[]): Promise<Map<string, string>> {
    if (snapshotIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; content_id: string }>('SELECT id, content_id FROM snapshots WHERE id = ANY($1::uuid[])', [snapshotIds]);
    return new Map(rows.map((r) => [r.id, r.content_id]));
  }
}
